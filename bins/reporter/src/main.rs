use lambda_runtime::{service_fn, Error, LambdaEvent};
use reporter::Reporter;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let reporter = Reporter::from_env(&sdk).await?;
    let reporter = &reporter;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        reporter
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
