//! `qscan`: the lambda-qscanner command-line tool.
//!
//! A thin dispatcher: each subcommand group lives in its own module
//! (`policy`; more join beside it) and returns the process exit code.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod policy;
#[cfg(feature = "aws")]
mod replay_cmd;

#[derive(Debug, Parser)]
#[command(name = "qscan", version, about = "lambda-qscanner command-line tool")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, explain and describe the scan policy (policy/policy.toml).
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Replay a CloudTrail event file through forwarder, scanner and
    /// reporter against AWS_ENDPOINT_URL (or real AWS).
    #[cfg(feature = "aws")]
    Replay(replay_cmd::ReplayArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Policy(command) => policy::run(command),
        #[cfg(feature = "aws")]
        Command::Replay(args) => replay_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("qscan: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
