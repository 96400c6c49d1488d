//! `make demo`: the whole pipeline on a local AWS emulator, started and
//! stopped here. One CloudTrail `CreateFunction20150331` event goes to the
//! forwarder exactly as the EventBridge rule would send it; the findings are
//! then read back from Security Hub, as a security engineer would see them.

use qscan_cli::{readback, replay};
use qscan_testkit::{LocalPipeline, StackOptions};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let event_path = qscan_testkit::paths::workspace_root()
        .join("bins/forwarder/tests/fixtures/events/create-image-by-name.json");
    let event: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&event_path)?)?;

    // `--terraform-env FILE`: resources from `terraform apply` of the
    // single-account layout (what `make demo` does); otherwise created here.
    let args: Vec<String> = std::env::args().collect();
    let pipeline = match args.iter().position(|a| a == "--terraform-env") {
        Some(i) => {
            let path = args
                .get(i + 1)
                .ok_or_else(|| anyhow::anyhow!("--terraform-env needs a file"))?;
            let env = std::fs::read_to_string(path)?;
            println!(
                "==> using the single-account layout Terraform applied to the emulator ({path});"
            );
            println!("    adding an ECR image, an image function and the Qualys secret's value");
            LocalPipeline::on_terraform(&env, &StackOptions::default()).await?
        }
        None => {
            println!(
                "==> starting the AWS emulator (moto), creating an ECR image, an image function,"
            );
            println!(
                "    the Qualys secret, the results bucket, the alerts topic and Security Hub"
            );
            LocalPipeline::start(&StackOptions::default(), &[]).await?
        }
    };
    println!("==> forwarder, scanner and reporter run under the Lambda Runtime API emulator");
    println!("    (QScanner is the stand-in: tools/qscanner-standin)");
    println!("    function: {}", pipeline.stack.function_arn);
    println!(
        "    image:    {}@{}",
        pipeline.stack.image_uri, pipeline.stack.image_digest
    );

    println!("\n==> sending {} to the forwarder", event_path.display());
    let answer = replay::deployed(
        &pipeline.sdk,
        Some(&pipeline.lambdas.endpoint()),
        "forwarder",
        &event,
    )
    .await?;
    for decision in answer["decisions"].as_array().into_iter().flatten() {
        println!(
            "    forwarder decided: {} ({})",
            decision["action"].as_str().unwrap_or("?"),
            decision["reason"].as_str().unwrap_or("")
        );
    }

    let findings = readback::active_findings(&pipeline.sdk, &pipeline.stack.function_arn).await?;
    println!(
        "\n==> {} active findings in Security Hub for {}:\n",
        findings.len(),
        pipeline.stack.function_name
    );
    print!("{}", readback::render(&findings));

    println!(
        "\n==> full report in S3 (bucket {}):",
        pipeline.stack.bucket
    );
    for key in pipeline.result_keys().await? {
        println!("    s3://{}/{key}", pipeline.stack.bucket);
    }
    for alert in pipeline.alerts().await? {
        println!(
            "\n==> SNS alert: {}",
            alert["Subject"].as_str().unwrap_or("?")
        );
    }
    println!("\n==> stopping the emulator and the functions");
    anyhow::ensure!(!findings.is_empty(), "no findings reached Security Hub");
    Ok(())
}
