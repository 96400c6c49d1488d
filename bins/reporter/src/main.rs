use lambda_runtime::{service_fn, Error, LambdaEvent};
use qscan_aws::{flag_env, optional_env, AccountAccess};
use qscan_contracts::Severity;
use reporter::alert::Alerts;
use reporter::results_store::ResultsStore;
use reporter::Reporter;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let alert_threshold = match optional_env("ALERT_MIN_SEVERITY") {
        Some(value) => value.parse::<Severity>()?,
        None => Severity::High,
    };
    let reporter = Reporter {
        store: optional_env("RESULTS_S3_BUCKET").map(|bucket| ResultsStore {
            client: aws_sdk_s3::Client::new(&sdk),
            bucket,
        }),
        alerts: optional_env("SNS_TOPIC_ARN").map(|topic_arn| Alerts {
            client: aws_sdk_sns::Client::new(&sdk),
            topic_arn,
        }),
        security_hub: flag_env("SECURITY_HUB_IMPORT", true)?,
        alert_threshold,
        access: AccountAccess::from_env(sdk),
    };
    let reporter = &reporter;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        reporter
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
