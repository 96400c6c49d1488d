//! Emulator + resources + the three Lambdas, wired together: what the demo
//! runs and what the end-to-end tests assert against.

use std::path::PathBuf;

use aws_config::SdkConfig;
use aws_sdk_securityhub::types::AwsSecurityFinding;
use serde_json::Value;

use crate::lambdas::{Invocation, LocalLambdas};
use crate::paths::built_binary;
use crate::stack::Outputs;
use crate::{DemoStack, Emulator, StackOptions};

#[derive(Debug)]
pub struct LocalPipeline {
    pub sdk: SdkConfig,
    pub stack: DemoStack,
    pub lambdas: LocalLambdas,
    /// Where the QScanner stand-in records its argv and env names.
    pub qscanner_record: PathBuf,
    _record_dir: tempfile::TempDir,
    // Dropped last: the functions need it until they stop.
    pub emulator: Emulator,
}

impl LocalPipeline {
    /// Starts everything. `extra_env` is added to every function's
    /// environment (e.g. `QSCANNER_STANDIN_EXIT_CODE` to make the scan fail).
    pub async fn start(options: &StackOptions, extra_env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let emulator = Emulator::start().await?;
        let sdk = emulator.sdk_config().await;
        let stack = DemoStack::create(&sdk, options).await?;
        Self::run(emulator, sdk, stack, extra_env).await
    }

    /// Runs the Lambdas against resources `terraform apply` created in a
    /// running emulator (the `env` file of `terraform/scripts/emulator.sh up`).
    pub async fn on_terraform(terraform_env: &str, options: &StackOptions) -> anyhow::Result<Self> {
        let (endpoint, outputs) = Outputs::from_terraform_env(terraform_env)?;
        let emulator = Emulator::attach(&endpoint).await?;
        let sdk = emulator.sdk_config().await;
        let stack = DemoStack::onto(&sdk, options, outputs).await?;
        Self::run(emulator, sdk, stack, &[]).await
    }

    async fn run(
        emulator: Emulator,
        sdk: SdkConfig,
        stack: DemoStack,
        extra_env: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let record_dir = tempfile::tempdir()?;
        let qscanner_record = record_dir.path().join("qscanner-invocation.json");
        let mut env = emulator.lambda_env();
        env.extend([
            ("QUALYS_SECRET_ARN".into(), stack.secret_arn.clone()),
            (
                "QSCANNER_BIN".into(),
                built_binary("qscanner-standin")?.display().to_string(),
            ),
            ("RESULTS_S3_BUCKET".into(), stack.bucket.clone()),
            ("SNS_TOPIC_ARN".into(), stack.topic_arn.clone()),
            ("SECURITY_HUB_IMPORT".into(), "true".into()),
            (
                "QSCANNER_STANDIN_RECORD".into(),
                qscanner_record.display().to_string(),
            ),
        ]);
        if let Some(uri) = &stack.policy_uri {
            env.push(("POLICY_S3_URI".into(), uri.clone()));
            // Look at the object on every invocation: tests change it.
            env.push(("POLICY_REFRESH_SECONDS".into(), "0".into()));
        }
        env.extend(
            extra_env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let lambdas = LocalLambdas::start(&env).await?;
        Ok(LocalPipeline {
            sdk,
            stack,
            lambdas,
            qscanner_record,
            _record_dir: record_dir,
            emulator,
        })
    }

    /// Sends an EventBridge event (or command) to the forwarder, as the
    /// EventBridge rule would.
    pub async fn send_to_forwarder(&self, event: &Value) -> anyhow::Result<Invocation> {
        self.lambdas.invoke(&self.sdk, "forwarder", event).await
    }

    /// This project's findings for the demo function, read back from
    /// Security Hub (filtered here too: the emulator ignores filters).
    pub async fn findings(&self) -> anyhow::Result<Vec<AwsSecurityFinding>> {
        let client = aws_sdk_securityhub::Client::new(&self.sdk);
        let mut pages = client
            .get_findings()
            .max_results(100)
            .into_paginator()
            .items()
            .send();
        let mut findings = Vec::new();
        while let Some(finding) = pages.next().await {
            let finding = finding?;
            let ours = finding
                .generator_id()
                .is_some_and(|g| g.starts_with(qscan_asff::GENERATOR_PREFIX))
                && finding
                    .resources()
                    .iter()
                    .any(|r| r.id() == Some(self.stack.function_arn.as_str()));
            if ours {
                findings.push(finding);
            }
        }
        Ok(findings)
    }

    /// Keys of the objects the reporter wrote.
    pub async fn result_keys(&self) -> anyhow::Result<Vec<String>> {
        let out = aws_sdk_s3::Client::new(&self.sdk)
            .list_objects_v2()
            .bucket(&self.stack.bucket)
            .send()
            .await?;
        Ok(out
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .collect())
    }

    pub async fn read_result(&self, key: &str) -> anyhow::Result<Value> {
        let out = aws_sdk_s3::Client::new(&self.sdk)
            .get_object()
            .bucket(&self.stack.bucket)
            .key(key)
            .send()
            .await?;
        Ok(serde_json::from_slice(
            &out.body.collect().await?.into_bytes(),
        )?)
    }

    /// SNS messages delivered to the subscribed queue (SNS envelopes).
    pub async fn alerts(&self) -> anyhow::Result<Vec<Value>> {
        let sqs = aws_sdk_sqs::Client::new(&self.sdk);
        let mut messages = Vec::new();
        loop {
            let out = sqs
                .receive_message()
                .queue_url(&self.stack.queue_url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await?;
            if out.messages().is_empty() {
                return Ok(messages);
            }
            for message in out.messages() {
                messages.push(serde_json::from_str(message.body().unwrap_or("null"))?);
            }
        }
    }
}
