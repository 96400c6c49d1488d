use lambda_runtime::{service_fn, Error, LambdaEvent};
use qscan_aws::LambdaDispatcher;
use scanner::Scanner;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let scanner = Scanner::from_env(&sdk, LambdaDispatcher::from_env(&sdk)).await?;
    let scanner = &scanner;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        scanner
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
