//! `qscan policy …`: check a policy file, explain its decision for one
//! function, print its JSON Schema.
//!
//! Exit codes: 0 the policy is valid (warnings allowed); 1 it has errors;
//! 2 the command could not run (unreadable file, bad arguments).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};

mod check;
mod explain;

/// Where the policy lives in the repository, relative to its root.
pub const DEFAULT_POLICY: &str = "policy/policy.toml";

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate a policy file: print every error and warning with
    /// file:line:column and a hint; exit 1 on any error.
    Check(CheckArgs),
    /// Show what the policy decides for one function, which rule decided
    /// it, and where each threshold comes from.
    Explain(explain::ExplainArgs),
    /// Print the policy's JSON Schema (committed as policy/policy.schema.json).
    Schema,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Policy files to check.
    #[arg(default_value = DEFAULT_POLICY)]
    pub files: Vec<PathBuf>,
    /// Output format: `text`, or `github` for workflow annotations as well.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Judge ignore expiry against this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<time::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Github,
}

pub fn run(command: PolicyCommand) -> Result<ExitCode> {
    match command {
        PolicyCommand::Check(args) => check::run(&args),
        PolicyCommand::Explain(args) => explain::run(&args),
        PolicyCommand::Schema => {
            emit(&qscan_policy::json_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads a policy file, naming it in the error.
fn read(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read policy file {}", path.display()))
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

pub(crate) fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

/// Writes to stdout, ignoring a closed pipe (`qscan policy check | head`)
/// instead of panicking.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
