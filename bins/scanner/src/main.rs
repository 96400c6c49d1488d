use lambda_runtime::{service_fn, Error, LambdaEvent};
use qscan_aws::{AccountAccess, LambdaDispatcher};
use qscan_qscanner::ScanConfig;
use scanner::qualys_secret::QualysSecret;
use scanner::resolve::SettleWait;
use scanner::Scanner;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    qscan_aws::logging::init();
    let sdk = qscan_aws::load_sdk_config().await;
    let secret_arn = qscan_aws::required_env(
        "QUALYS_SECRET_ARN",
        "the Secrets Manager secret holding qualys_pod and the Qualys token",
    )?;
    let scanner = Scanner {
        dispatch: LambdaDispatcher::from_env(&sdk),
        secret: QualysSecret::new(aws_sdk_secretsmanager::Client::new(&sdk), secret_arn),
        access: AccountAccess::from_env(sdk),
        scan: ScanConfig::from_env()?,
        settle: SettleWait::default(),
    };
    let scanner = &scanner;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        scanner
            .handle(event.payload)
            .await
            .map_err(|e| qscan_aws::boundary::failure(e.kind(), &e))
    }))
    .await
}
