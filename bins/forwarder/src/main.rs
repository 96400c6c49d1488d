use forwarder::cloudtrail::InterpretOptions;
use forwarder::Forwarder;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use qscan_aws::{AccountAccess, LambdaDispatcher};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let access = AccountAccess::from_env(sdk.clone());
    let region = sdk
        .region()
        .map(|r| r.to_string())
        .ok_or("no AWS region configured (AWS_REGION)")?;
    let forwarder = Forwarder {
        dispatch: LambdaDispatcher::from_env(&sdk),
        lambda: aws_sdk_lambda::Client::new(&sdk),
        account: access.own_account().await?.to_owned(),
        region,
        options: InterpretOptions::default(),
    };
    let forwarder = &forwarder;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        forwarder
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
