//! `qscan replay EVENT_FILE`: the pipeline on one event, then what landed
//! in Security Hub for each function it scanned.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use qscan_cli::readback;
use qscan_cli::replay::{self, Trace};
use serde_json::Value;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// An EventBridge "AWS API Call via CloudTrail" event (JSON), or a
    /// manual_scan / sweep command.
    pub event: PathBuf,
    /// Send the event to this deployed forwarder function instead of
    /// running the handlers in this process.
    #[arg(long, value_name = "FUNCTION")]
    pub deployed: Option<String>,
    /// Lambda Invoke endpoint for --deployed (a local Runtime API emulator).
    #[arg(long, value_name = "URL", requires = "deployed")]
    pub invoke_endpoint: Option<String>,
}

pub fn run(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.event)
        .with_context(|| format!("reading {}", args.event.display()))?;
    let event: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", args.event.display()))?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        qscan_aws::logging::init();
        let sdk = qscan_aws::load_sdk_config().await;
        let answer = match &args.deployed {
            Some(forwarder) => {
                replay::deployed(&sdk, args.invoke_endpoint.as_deref(), forwarder, &event).await?
            }
            None => {
                let trace = Trace::default();
                let answer = replay::in_process(&sdk, event, &trace).await?;
                let mut failed = false;
                for (hop, summary) in trace.hops() {
                    println!("{hop}: {summary}");
                    failed |= hop == "scanner" && summary["status"] == "failed";
                }
                print_outcome(&sdk, &answer).await?;
                if failed {
                    eprintln!("qscan: a scan failed (see the scanner line above)");
                    return Ok(ExitCode::FAILURE);
                }
                return Ok(ExitCode::SUCCESS);
            }
        };
        print_outcome(&sdk, &answer).await?;
        Ok(ExitCode::SUCCESS)
    })
}

async fn print_outcome(sdk: &aws_config::SdkConfig, answer: &Value) -> anyhow::Result<()> {
    let decisions = answer["decisions"].as_array().cloned().unwrap_or_default();
    for decision in &decisions {
        println!(
            "decision: {} {} ({})",
            decision["action"].as_str().unwrap_or("?"),
            decision["function"].as_str().unwrap_or("-"),
            decision["reason"].as_str().unwrap_or("")
        );
        if decision["action"] == "scan" {
            if let Some(function) = decision["function"].as_str() {
                let findings = readback::active_findings(sdk, function).await?;
                println!(
                    "\n{} active findings in Security Hub for {function}:",
                    findings.len()
                );
                print!("{}", readback::render(&findings));
            }
        }
    }
    Ok(())
}
