use forwarder::Forwarder;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use qscan_aws::LambdaDispatcher;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let forwarder = Forwarder::from_env(&sdk, LambdaDispatcher::from_env(&sdk)).await?;
    let forwarder = &forwarder;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        forwarder
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
