//! `qscan policy check [FILE…]`.

use std::process::ExitCode;

use anyhow::Result;
use qscan_policy::{Diagnostic, Level, Policy};

use super::{emit, read, today, CheckArgs, Format};

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let today = args.today.unwrap_or_else(today);
    let mut failed = false;
    let mut out = String::new();
    for path in &args.files {
        let source = read(path)?;
        let origin = path.display().to_string();
        let (diagnostics, summary) = match Policy::parse_at(&source, &origin, today) {
            Ok(loaded) => {
                let policy = &loaded.policy;
                let summary = format!(
                    "{origin}: ok ({} skip, {} override, {} ignore rules{})",
                    policy.skip_rules().len(),
                    policy.override_rules().len(),
                    policy.ignore_rules().len(),
                    count(", ", loaded.warnings.len(), "warning"),
                );
                (loaded.warnings, summary)
            }
            Err(diagnostics) => {
                failed = true;
                let summary = format!(
                    "{origin}: invalid ({}{})",
                    count("", diagnostics.errors.len(), "error"),
                    count(", ", diagnostics.warnings.len(), "warning"),
                );
                let all = diagnostics.all().into_iter().cloned().collect();
                (all, summary)
            }
        };
        for diagnostic in &diagnostics {
            out.push_str(&format!("{diagnostic}\n"));
            if args.format == Format::Github {
                out.push_str(&annotation(diagnostic));
                out.push('\n');
            }
        }
        out.push_str(&summary);
        out.push('\n');
    }
    emit(&out);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn count(separator: &str, n: usize, noun: &str) -> String {
    match n {
        0 if separator.is_empty() => format!("0 {noun}s"),
        0 => String::new(),
        1 => format!("{separator}1 {noun}"),
        n => format!("{separator}{n} {noun}s"),
    }
}

/// A GitHub Actions workflow command, so the problem shows on the pull
/// request's diff at its line.
fn annotation(d: &Diagnostic) -> String {
    let kind = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{kind} file={},line={},col={}::{}",
        escape(&d.origin).replace(',', "%2C").replace(':', "%3A"),
        d.line,
        d.column,
        escape(&message)
    )
}
