# Alarms notify the alerts topic: nothing fails silently.

resource "aws_cloudwatch_metric_alarm" "dead_letter_depth" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name_prefix}-dead-letter-not-empty"
  alarm_description   = "lambda-qscanner: events that failed every retry are waiting in ${aws_sqs_queue.dead_letter.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts.topic_arn]
  ok_actions          = [var.alerts.topic_arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = var.create_alarms ? local.names : {}

  alarm_name          = "${each.value}-errors"
  alarm_description   = "lambda-qscanner: ${each.key} invocations failed."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts.topic_arn]
  tags                = var.tags

  depends_on = [aws_lambda_function.forwarder, aws_lambda_function.scanner, aws_lambda_function.reporter]
}

resource "aws_cloudwatch_metric_alarm" "scanner_throttles" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${local.names.scanner}-throttles"
  alarm_description   = "lambda-qscanner: the scanner hit its reserved concurrency; scans are queued and may age out to the dead-letter queue."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = local.names.scanner }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts.topic_arn]
  tags                = var.tags

  depends_on = [aws_lambda_function.scanner]
}
