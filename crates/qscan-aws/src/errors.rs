//! Readable text for SDK errors: the service's error code and message, not
//! the generic "service error" the SDK's Display gives.

use aws_sdk_lambda::error::{DisplayErrorContext, ProvideErrorMetadata};

/// `Code: message` for a service error, the full context otherwise.
pub fn describe<E>(err: &aws_sdk_lambda::error::SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err.as_service_error() {
        Some(service) => format!(
            "{}: {}",
            service.code().unwrap_or("UnknownError"),
            service.message().unwrap_or("no message")
        ),
        None => DisplayErrorContext(err).to_string(),
    }
}

/// The service said the resource does not exist.
pub fn is_not_found<E: ProvideErrorMetadata>(err: &aws_sdk_lambda::error::SdkError<E>) -> bool {
    err.as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code.contains("NotFound") || code == "NoSuchKey")
}

/// The call was throttled even after the SDK's own retries.
pub fn is_throttling<E: ProvideErrorMetadata>(err: &aws_sdk_lambda::error::SdkError<E>) -> bool {
    err.as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|code| {
            matches!(
                code,
                "ThrottlingException"
                    | "Throttling"
                    | "TooManyRequestsException"
                    | "RequestLimitExceeded"
                    | "LimitExceededException"
                    | "SlowDown"
            )
        })
}
