//! Issue 7 regressions through the real stand-in process: degenerate
//! reports are failed scans, no part of a secret survives the output tail
//! cut, and a scan clears the dirs a killed scan left behind.

mod common;

use std::fs;
use std::time::Duration;

use common::{image, Bench, DIGEST, TOKEN};
use qscan_contracts::ScanFailure;
use qscan_qscanner::{ScanError, TAIL_BYTES};

/// Regression (issue 7, item 1): a report without a result list, or one
/// whose run says it failed, was a succeeded scan with no findings.
#[tokio::test]
async fn degenerate_reports_are_failed_scans_not_clean_ones() {
    let bench = Bench::new();
    for (fixture, retryable, says) in [
        ("no-runs", false, "\"runs\" is empty"),
        ("no-results", false, "runs[0] has no \"results\""),
        (
            "failed-run",
            true,
            "runs[0].invocations[0].executionSuccessful is false",
        ),
    ] {
        let error = bench
            .scan(&image(), None, &[("QSCANNER_STANDIN_FIXTURE", fixture)])
            .await
            .unwrap_err();
        let ScanError::IncompleteReport { path, reason, .. } = &error else {
            panic!("{fixture}: expected IncompleteReport, got {error:?}");
        };
        assert!(
            path.ends_with(format!("{DIGEST}-Report.sarif.json")),
            "{}",
            path.display()
        );
        assert!(reason.starts_with(says), "{fixture}: {reason}");
        let failure = ScanFailure::from(&error);
        assert_eq!(
            (failure.cause.as_str(), failure.retryable),
            ("incomplete_report", retryable),
            "{fixture}"
        );
    }
    assert_eq!(bench.leftovers(), Vec::<String>::new());
}

/// Regression (issue 7, item 12): a scan dir left by a hard kill stayed in
/// a warm /tmp for good; the next scan removes it (and nothing else).
#[tokio::test]
async fn a_scan_removes_scan_dirs_left_by_a_killed_one() {
    let bench = Bench::new();
    let root = &bench.config.work_root;
    let killed = root.join("qscan-killed1");
    fs::create_dir_all(killed.join("out")).unwrap();
    fs::write(killed.join("out/layer.tar"), b"left behind").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    fs::File::open(&killed)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let recent = root.join("qscan-running2");
    fs::create_dir_all(&recent).unwrap();

    bench.scan(&image(), None, &[]).await.unwrap();
    assert!(!killed.exists(), "the killed scan's dir is still there");
    assert!(
        recent.exists(),
        "a dir younger than the timeout was removed"
    );
}

/// Regression (issue 7, item 3): the output tail was cut to 8 KiB before
/// it was scrubbed, so a token straddling the cut kept its remainder.
/// stderr is `…QUALYS_ACCESS_TOKEN=<token>\n`, `n` noise bytes, then the
/// 51-byte exit line: the raw cut falls inside the token for `n` in
/// 8124..8140, well inside the range tried here.
#[tokio::test]
async fn no_part_of_a_secret_survives_when_it_straddles_the_tail_cut() {
    let bench = Bench::new();
    for noise in TAIL_BYTES - 100..=TAIL_BYTES - 40 {
        let noise = noise.to_string();
        let steer = [
            ("QSCANNER_STANDIN_ECHO_SECRETS", "1"),
            ("QSCANNER_STANDIN_NOISE_BYTES", noise.as_str()),
            ("QSCANNER_STANDIN_EXIT_CODE", "1"),
        ];
        let error = bench.scan(&image(), None, &steer).await.unwrap_err();
        let ScanError::ExitCode { stderr_tail, .. } = &error else {
            panic!("expected ExitCode, got {error:?}");
        };
        for part in TOKEN.as_bytes().windows(4) {
            let part = std::str::from_utf8(part).unwrap();
            assert!(
                !stderr_tail.contains(part),
                "noise {noise}: {part:?} of the token survived: {:?}",
                &stderr_tail[..40]
            );
        }
    }
}
