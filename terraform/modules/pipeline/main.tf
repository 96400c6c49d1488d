data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  regions    = length(var.regions) > 0 ? var.regions : [local.region]

  names = {
    forwarder = "${var.name_prefix}-forwarder"
    scanner   = "${var.name_prefix}-scanner"
    reporter  = "${var.name_prefix}-reporter"
  }

  # ARNs are computed from names so that IAM policies do not depend on the
  # functions (which depend on the roles): no cycles, stable plans.
  function_arns = {
    for k, n in local.names : k => "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${n}"
  }
  log_group_arns = {
    for k, n in local.names : k => "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${n}"
  }

  spoke_env = var.spoke_access == null ? {} : {
    SPOKE_ROLE_NAME   = var.spoke_access.role_name
    SPOKE_EXTERNAL_ID = var.spoke_access.external_id
  }

  environment = {
    forwarder = {
      SCANNER_FUNCTION  = local.names.scanner
      REPORTER_FUNCTION = local.names.reporter
      POLICY_S3_URI     = var.policy_object.s3_uri
      RUST_LOG          = var.forwarder.log_level
    }
    scanner = merge({
      QUALYS_SECRET_ARN = var.qualys_secret.arn
      QSCANNER_BIN      = var.scanner.qscanner_bin
      SCAN_TIMEOUT      = tostring(var.scanner.scan_timeout)
      REPORTER_FUNCTION = local.names.reporter
      POLICY_S3_URI     = var.policy_object.s3_uri
      RUST_LOG          = var.scanner.log_level
    }, local.spoke_env)
    reporter = merge({
      RESULTS_S3_BUCKET   = var.results.bucket_name
      SNS_TOPIC_ARN       = var.alerts.topic_arn
      SECURITY_HUB_IMPORT = tostring(var.security_hub_import)
      POLICY_S3_URI       = var.policy_object.s3_uri
      RUST_LOG            = var.reporter.log_level
    }, local.spoke_env)
  }
}

# ---------------------------------------------------------------------------
# Dead-letter queue: the on-failure destination of every asynchronous hop.
# ---------------------------------------------------------------------------
resource "aws_sqs_queue" "dead_letter" {
  name                              = "${var.name_prefix}-dead-letter"
  message_retention_seconds         = var.dead_letter_retention_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_key_arn == null ? null : 300
  sqs_managed_sse_enabled           = var.kms_key_arn == null ? true : null
  tags                              = var.tags
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = jsonencode(local.dead_letter_queue_policy)
}

# ---------------------------------------------------------------------------
# Log groups (created before the functions so retention and KMS apply).
# ---------------------------------------------------------------------------
resource "aws_cloudwatch_log_group" "this" {
  for_each = local.names

  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------
resource "aws_lambda_function" "forwarder" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing needs xray:PutTraceSegments on "*"; the pipeline logs one structured line per decision instead.
  #checkov:skip=CKV_AWS_117:Runs outside a VPC: it only calls AWS APIs; put it in a VPC with endpoints in your own wrapper if required.
  #checkov:skip=CKV_AWS_116:Async failures go to the on-failure destination (aws_lambda_function_event_invoke_config), which records more than a DLQ.
  #checkov:skip=CKV_AWS_272:cargo-lambda artifacts are not signed by AWS Signer in this project.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is optional (forwarder.reserved_concurrency); new accounts cannot reserve below 10 unreserved executions.
  function_name    = local.names.forwarder
  description      = "lambda-qscanner: normalise Lambda API events and sweeps, apply the policy, dispatch scans."
  role             = aws_iam_role.this["forwarder"].arn
  filename         = var.forwarder.zip_path
  source_code_hash = filebase64sha256(var.forwarder.zip_path)
  handler          = "bootstrap"
  runtime          = "provided.al2023"
  architectures    = [var.forwarder.architecture]
  memory_size      = var.forwarder.memory_size
  timeout          = var.forwarder.timeout
  kms_key_arn      = var.kms_key_arn

  reserved_concurrent_executions = var.forwarder.reserved_concurrency

  environment {
    variables = local.environment.forwarder
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]
}

resource "aws_lambda_function" "scanner" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing needs xray:PutTraceSegments on "*"; the scanner logs one structured line per scan instead.
  #checkov:skip=CKV_AWS_117:QScanner needs egress to the Qualys platform; a VPC adds a NAT gateway the operator must own.
  #checkov:skip=CKV_AWS_116:Async failures go to the on-failure destination (aws_lambda_function_event_invoke_config), which records more than a DLQ.
  #checkov:skip=CKV_AWS_272:Code signing does not apply to container-image functions.
  function_name = local.names.scanner
  description   = "lambda-qscanner: resolve a function, run QScanner on it, hand the findings to the reporter."
  role          = aws_iam_role.this["scanner"].arn
  package_type  = "Image"
  image_uri     = var.scanner.image_uri
  architectures = [var.scanner.architecture]
  memory_size   = var.scanner.memory_size
  timeout       = var.scanner.timeout
  kms_key_arn   = var.kms_key_arn

  reserved_concurrent_executions = var.scanner.reserved_concurrency

  ephemeral_storage {
    size = var.scanner.ephemeral_storage_size
  }

  environment {
    variables = local.environment.scanner
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]
}

resource "aws_lambda_function" "reporter" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing needs xray:PutTraceSegments on "*"; the reporter logs one structured line per report instead.
  #checkov:skip=CKV_AWS_117:Runs outside a VPC: it only calls AWS APIs; put it in a VPC with endpoints in your own wrapper if required.
  #checkov:skip=CKV_AWS_116:Async failures go to the on-failure destination (aws_lambda_function_event_invoke_config), which records more than a DLQ.
  #checkov:skip=CKV_AWS_272:cargo-lambda artifacts are not signed by AWS Signer in this project.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is optional (reporter.reserved_concurrency); new accounts cannot reserve below 10 unreserved executions.
  function_name    = local.names.reporter
  description      = "lambda-qscanner: write reports to S3, findings to Security Hub, alerts to SNS."
  role             = aws_iam_role.this["reporter"].arn
  filename         = var.reporter.zip_path
  source_code_hash = filebase64sha256(var.reporter.zip_path)
  handler          = "bootstrap"
  runtime          = "provided.al2023"
  architectures    = [var.reporter.architecture]
  memory_size      = var.reporter.memory_size
  timeout          = var.reporter.timeout
  kms_key_arn      = var.kms_key_arn

  reserved_concurrent_executions = var.reporter.reserved_concurrency

  environment {
    variables = local.environment.reporter
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]
}

locals {
  functions = {
    forwarder = aws_lambda_function.forwarder
    scanner   = aws_lambda_function.scanner
    reporter  = aws_lambda_function.reporter
  }
}

# Every asynchronous hop (EventBridge -> forwarder, forwarder -> scanner,
# forwarder/scanner -> reporter) sends what it finally fails to the DLQ.
resource "aws_lambda_function_event_invoke_config" "this" {
  for_each = local.names

  function_name                = local.functions[each.key].function_name
  maximum_retry_attempts       = var.async_invocation.maximum_retry_attempts
  maximum_event_age_in_seconds = var.async_invocation.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letter.arn
    }
  }
}

# ---------------------------------------------------------------------------
# Scheduled sweep -> forwarder
# ---------------------------------------------------------------------------
resource "aws_cloudwatch_event_rule" "sweep" {
  count = var.create_sweep ? 1 : 0

  name                = "${var.name_prefix}-sweep"
  description         = "lambda-qscanner: rescan stale functions and onboard existing ones."
  schedule_expression = var.sweep.schedule_expression
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "sweep" {
  count = var.create_sweep ? 1 : 0

  rule  = aws_cloudwatch_event_rule.sweep[0].name
  arn   = aws_lambda_function.forwarder.arn
  input = var.sweep.input

  retry_policy {
    maximum_retry_attempts       = 4
    maximum_event_age_in_seconds = 3600
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}

resource "aws_lambda_permission" "sweep" {
  count = var.create_sweep ? 1 : 0

  statement_id   = "AllowSweepSchedule"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.forwarder.function_name
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.sweep[0].arn
  source_account = local.account_id
}
