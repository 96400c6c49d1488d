//! The scheduled sweep: every function in this account and region.

use qscan_contracts::FunctionId;

/// Lists all functions (paginated) as normalised ids.
pub async fn list_functions(
    lambda: &aws_sdk_lambda::Client,
    account: &str,
    region: &str,
) -> Result<Vec<FunctionId>, SweepError> {
    let mut pages = lambda.list_functions().into_paginator().items().send();
    let mut functions = Vec::new();
    while let Some(item) = pages.next().await {
        let config = item.map_err(|e| SweepError(qscan_aws::describe(&e)))?;
        let Some(arn) = config.function_arn() else {
            continue;
        };
        match FunctionId::parse(arn, account, region) {
            Ok(id) => functions.push(id),
            Err(e) => {
                tracing::warn!(function = arn, error = %e, "sweep: skipping unparseable function ARN")
            }
        }
    }
    Ok(functions)
}

#[derive(Debug, thiserror::Error)]
#[error("sweep could not list functions: {0}")]
pub struct SweepError(String);
