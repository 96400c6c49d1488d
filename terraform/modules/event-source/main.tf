data "aws_caller_identity" "current" {}

locals {
  create       = var.create_rule
  to_lambda    = local.create && var.target.kind == "lambda"
  to_event_bus = local.create && var.target.kind == "event_bus"
  account_id   = data.aws_caller_identity.current.account_id

  event_pattern = {
    source        = ["aws.lambda"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail = merge(
      {
        eventSource = ["lambda.amazonaws.com"]
        eventName   = var.event_names
      },
      var.ignore_failed_calls ? { errorCode = [{ exists = false }] } : {},
    )
  }

  dead_letter_queue_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = one(aws_sqs_queue.dead_letter[*].arn)
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "RuleTargetDeadLetters"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = one(aws_sqs_queue.dead_letter[*].arn)
        Condition = { ArnEquals = { "aws:SourceArn" = one(aws_cloudwatch_event_rule.this[*].arn) } }
      },
    ]
  }

  put_events_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ForwardToTargetBus"
      Effect   = "Allow"
      Action   = "events:PutEvents"
      Resource = var.target.arn
    }]
  }
}

resource "aws_cloudwatch_event_rule" "this" {
  count = local.create ? 1 : 0

  name           = var.name
  description    = "lambda-qscanner: Lambda function created, updated or deleted (CloudTrail)."
  event_bus_name = var.event_bus_name
  event_pattern  = jsonencode(local.event_pattern)
  tags           = var.tags
}

resource "aws_sqs_queue" "dead_letter" {
  count = local.create ? 1 : 0

  name                              = "${var.name}-dead-letter"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_key_arn == null ? null : 300
  sqs_managed_sse_enabled           = var.kms_key_arn == null ? true : null
  tags                              = var.tags
}

resource "aws_sqs_queue_policy" "dead_letter" {
  count = local.create ? 1 : 0

  queue_url = aws_sqs_queue.dead_letter[0].id
  policy    = jsonencode(local.dead_letter_queue_policy)
}

resource "aws_cloudwatch_event_target" "this" {
  count = local.create ? 1 : 0

  rule           = aws_cloudwatch_event_rule.this[0].name
  event_bus_name = var.event_bus_name
  target_id      = local.to_lambda ? "forwarder" : "event-bus"
  arn            = var.target.arn
  role_arn       = local.to_event_bus ? aws_iam_role.put_events[0].arn : null

  retry_policy {
    maximum_retry_attempts       = var.retry_policy.maximum_retry_attempts
    maximum_event_age_in_seconds = var.retry_policy.maximum_event_age_in_seconds
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter[0].arn
  }
}

resource "aws_lambda_permission" "this" {
  count = local.to_lambda ? 1 : 0

  statement_id   = "AllowEventBridge-${var.name}"
  action         = "lambda:InvokeFunction"
  function_name  = var.target.arn
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.this[0].arn
  source_account = local.account_id
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_depth" {
  count = local.create && var.create_alarm ? 1 : 0

  alarm_name          = "${var.name}-dead-letter-not-empty"
  alarm_description   = "lambda-qscanner: EventBridge could not deliver Lambda API events from rule ${var.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  tags                = var.tags
}
