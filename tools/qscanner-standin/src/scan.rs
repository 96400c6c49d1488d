//! The stand-in's "scan": check the environment as the real tool needs it,
//! then write the files the real tool writes, from fixtures.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::cli::{Command, ScanArgs};
use crate::fixtures;
use crate::steering::Steering;
use crate::VERSION;

/// Prefix of every line the stand-in prints.
const ME: &str = "qscanner-standin";

/// The file-name prefix QScanner uses: the image's sha256 hex when the
/// reference pins a digest, else (as a stand-in choice) the sha256 of the
/// target string.
pub fn target_id(target: &str) -> String {
    if let Some((_, digest)) = target.rsplit_once("@sha256:") {
        if digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return digest.to_ascii_lowercase();
        }
    }
    hex::encode(Sha256::digest(target.as_bytes()))
}

fn has_qualys_credentials(env: &BTreeMap<String, String>) -> bool {
    let set = |name: &str| env.get(name).is_some_and(|v| !v.is_empty());
    set("QUALYS_ACCESS_TOKEN") || (set("QUALYS_CLIENT_ID") && set("QUALYS_CLIENT_SECRET"))
}

/// Runs the scan; returns the process exit code.
pub fn run(args: &ScanArgs, argv: &[String], env: &BTreeMap<String, String>) -> i32 {
    let fail = |message: String| {
        eprintln!("{ME}: error: {message}");
        1
    };
    let steering = match Steering::from_env(env) {
        Ok(steering) => steering,
        Err(message) => return fail(message),
    };
    if !has_qualys_credentials(env) {
        return fail("no qualys credentials: set QUALYS_ACCESS_TOKEN, or QUALYS_CLIENT_ID and QUALYS_CLIENT_SECRET".into());
    }
    if args.command == Some(Command::Lambda) && env.get("AWS_REGION").is_none_or(String::is_empty) {
        return fail("AWS_REGION is required to scan a lambda function".into());
    }
    let Some(home) = env.get("HOME").filter(|h| !h.is_empty()).map(PathBuf::from) else {
        return fail("HOME is not set".into());
    };
    let output_dir = args
        .output_dir
        .as_ref()
        .map_or_else(|| home.join("qualys/qscanner/data"), PathBuf::from);
    let cache_dir = args
        .cache_dir
        .as_ref()
        .map_or_else(|| home.join(".cache/qualys/qscanner"), PathBuf::from);

    if steering.echo_secrets {
        for name in [
            "QUALYS_ACCESS_TOKEN",
            "QUALYS_CLIENT_SECRET",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
        ] {
            if let Some(value) = env.get(name) {
                eprintln!("{ME}: debug: {name}={value}");
            }
        }
    }
    if steering.noise_bytes > 0 {
        // Exactly noise_bytes: lines of 100 bytes, the last one shorter.
        let mut stderr = std::io::stderr().lock();
        let mut left = steering.noise_bytes;
        while left > 0 {
            let line = left.min(100);
            let _ = writeln!(stderr, "{}", "x".repeat(line - 1));
            left -= line;
        }
    }

    let (mut sleeper, orphan) = match spawn_helpers(&steering) {
        Ok(children) => children,
        Err(e) => return fail(format!("cannot start a sleep grandchild: {e}")),
    };
    if let Some(path) = &steering.record {
        let pids = [sleeper.as_ref(), orphan.as_ref()].map(|c| c.map(Child::id));
        let record = record(args, argv, env, &home, &output_dir, &cache_dir, pids);
        if let Err(e) = fs::write(path, record.to_string()) {
            return fail(format!("cannot write the record {}: {e}", path.display()));
        }
    }
    if let Some(secs) = steering.sleep_secs {
        std::thread::sleep(Duration::from_secs(secs));
    }
    if let Some(child) = sleeper.as_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }

    if let (Some(code), true) = (steering.exit_code, steering.no_report) {
        eprintln!("{ME}: exiting with steered exit code {code} before writing outputs");
        return code;
    }
    let written = write_outputs(args, argv, env, &steering, &home, &output_dir, &cache_dir);
    match written {
        Ok(report) if !args.quiet => match report {
            Some(path) => println!("{ME}: scanned {}: report {}", args.target, path.display()),
            None => println!("{ME}: scanned {}: no sarif report written", args.target),
        },
        Ok(_) => {}
        Err(message) => return fail(message),
    }
    match steering.exit_code {
        Some(code) => {
            eprintln!("{ME}: exiting with steered exit code {code}");
            code
        }
        None => 0,
    }
}

/// The steered sleeper and orphan helper processes, if any.
fn spawn_helpers(steering: &Steering) -> std::io::Result<(Option<Child>, Option<Child>)> {
    let sleeper = steering
        .sleep_secs
        .map(|secs| spawn_sleep(secs, false))
        .transpose()?;
    let orphan = steering
        .orphan_secs
        .map(|secs| spawn_sleep(secs, true))
        .transpose()?;
    Ok((sleeper, orphan))
}

/// `sleep <secs>` in our process group. With `hold_pipes` it inherits our
/// stdout/stderr (and is never waited for); otherwise its stdio is null, so
/// nothing but a signal to the group ends it early.
fn spawn_sleep(secs: u64, hold_pipes: bool) -> std::io::Result<Child> {
    let mut command = Process::new("sleep");
    command.arg(secs.to_string());
    if !hold_pipes {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    }
    command.spawn()
}

fn sorted_names<'a>(
    env: &'a BTreeMap<String, String>,
    keep: impl Fn(&str) -> bool + 'a,
) -> Vec<&'a str> {
    env.keys().map(String::as_str).filter(|n| keep(n)).collect()
}

fn credential_names(env: &BTreeMap<String, String>) -> Vec<&str> {
    sorted_names(env, |n| n.starts_with("QUALYS_") || n.starts_with("AWS_"))
}

/// What a test may want to know about this invocation. Names, not values.
fn record(
    args: &ScanArgs,
    argv: &[String],
    env: &BTreeMap<String, String>,
    home: &Path,
    output_dir: &Path,
    cache_dir: &Path,
    [sleeper_pid, orphan_pid]: [Option<u32>; 2],
) -> Value {
    json!({
        "version": VERSION,
        "pid": std::process::id(),
        "argv": argv,
        "env_names": sorted_names(env, |_| true),
        "credential_env_names": credential_names(env),
        "home": home,
        "tmpdir": env.get("TMPDIR"),
        "cwd": std::env::current_dir().ok(),
        "output_dir": output_dir,
        "cache_dir": cache_dir,
        "target": args.target,
        "sleeper_pid": sleeper_pid,
        "orphan_pid": orphan_pid,
    })
}

/// Writes the log, inventory and (unless steered off) the SARIF report.
/// Returns the report's path, if one was written.
fn write_outputs(
    args: &ScanArgs,
    argv: &[String],
    env: &BTreeMap<String, String>,
    steering: &Steering,
    home: &Path,
    output_dir: &Path,
    cache_dir: &Path,
) -> Result<Option<PathBuf>, String> {
    let write = |path: &Path, text: &str| {
        fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for dir in [output_dir, cache_dir] {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let id = target_id(&args.target);
    let command = match args.command {
        Some(Command::Lambda) => "lambda",
        _ => "image",
    };

    // Prove HOME, TMPDIR and the cache are writable, as the real tool needs.
    write(&home.join(".qscanner-standin"), &format!("{id}\n"))?;
    if let Some(tmp) = env.get("TMPDIR").filter(|t| !t.is_empty()) {
        write(
            &Path::new(tmp).join(format!("qscanner-standin-{}.tmp", std::process::id())),
            &id,
        )?;
    }
    let cache_log = cache_dir.join("standin-scans.log");
    let mut cache = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&cache_log)
        .map_err(|e| format!("cannot open {}: {e}", cache_log.display()))?;
    writeln!(cache, "{id} {command} {}", args.target)
        .map_err(|e| format!("cannot write {}: {e}", cache_log.display()))?;

    let log = format!(
        "{ME} {VERSION}: a stand-in for Qualys QScanner, not the real scanner\n\
         argv: {}\nenv: {}\ncommand: {command}\ntarget: {}\nid: {id}\nfixture: {}\n",
        json!(argv),
        credential_names(env).join(","),
        args.target,
        steering.fixture,
    );
    write(&output_dir.join("qscanner.log"), &log)?;

    let mut inventory: Value = serde_json::from_str(fixtures::SCAN_RESULT_TEMPLATE)
        .map_err(|e| format!("scan result template: {e}"))?;
    inventory["QScannerVersion"] = json!(VERSION);
    inventory["Metadata"]["Target"] = json!(args.target);
    inventory["Metadata"]["Command"] = json!(command);
    inventory["Metadata"]["ImageID"] = json!(format!("sha256:{id}"));
    if let Some(platform) = &args.platform {
        inventory["Metadata"]["Platform"] = json!(platform);
    }
    inventory["ScansPerformed"] = args
        .scan_types
        .iter()
        .map(|t| json!({"ScanType": t, "ScanDuration": "1.2s", "Status": "Success"}))
        .collect();
    write(
        &output_dir.join(format!("{id}-ScanResult.json")),
        &serde_json::to_string_pretty(&inventory).unwrap_or_default(),
    )?;

    if steering.no_report || !args.writes_report() {
        return Ok(None);
    }
    let report = if steering.garbage_report {
        fixtures::GARBAGE.to_owned()
    } else {
        fixtures::load(&steering.fixture)?
    };
    let path = output_dir.join(format!("{id}-Report.sarif.json"));
    write(&path, &report)?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_the_pinned_digest_or_a_hash_of_the_target() {
        let digest = "bc669544845542470042912a0f61b90499ffc2320b45ea66b0be50439c5aab19";
        assert_eq!(
            target_id(&format!("repo/app@sha256:{}", digest.to_uppercase())),
            digest
        );
        // sha256("app:latest")
        assert_eq!(
            target_id("app:latest"),
            hex::encode(Sha256::digest(b"app:latest"))
        );
        assert_ne!(target_id("repo@sha256:abc"), "abc");
        assert_eq!(target_id("x").len(), 64);
    }

    #[test]
    fn credentials_need_a_token_or_both_client_values() {
        let env = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert!(has_qualys_credentials(&env(&[(
            "QUALYS_ACCESS_TOKEN",
            "t"
        )])));
        assert!(has_qualys_credentials(&env(&[
            ("QUALYS_CLIENT_ID", "i"),
            ("QUALYS_CLIENT_SECRET", "s")
        ])));
        assert!(!has_qualys_credentials(&env(&[("QUALYS_CLIENT_ID", "i")])));
        assert!(!has_qualys_credentials(&env(&[(
            "QUALYS_ACCESS_TOKEN",
            ""
        )])));
    }
}
