mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

run "local_forwarder_target" {
  command = apply

  variables {
    target = { kind = "lambda", arn = "arn:aws:lambda:eu-west-1:111111111111:function:lambda-qscanner-forwarder" }
  }

  assert {
    condition = alltrue([
      length(aws_cloudwatch_event_rule.this) == 1,
      length(aws_cloudwatch_event_target.this) == 1,
      length(aws_lambda_permission.this) == 1,
      length(aws_iam_role.put_events) == 0,
      length(aws_sqs_queue.dead_letter) == 1,
    ])
    error_message = "a Lambda target needs a permission and no forwarding role"
  }
  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.this[0].event_pattern) == {
      source        = ["aws.lambda"]
      "detail-type" = ["AWS API Call via CloudTrail"]
      detail = {
        eventSource = ["lambda.amazonaws.com"]
        eventName   = ["CreateFunction20150331", "UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2", "DeleteFunction20150331"]
        errorCode   = [{ exists = false }]
      }
    }
    error_message = "event pattern"
  }
  assert {
    condition     = aws_cloudwatch_event_rule.this[0].event_bus_name == "default"
    error_message = "listens on the default bus"
  }
  assert {
    condition = alltrue([
      aws_cloudwatch_event_target.this[0].dead_letter_config[0].arn == aws_sqs_queue.dead_letter[0].arn,
      aws_cloudwatch_event_target.this[0].retry_policy[0].maximum_retry_attempts == 8,
    ])
    error_message = "the target needs a dead-letter queue and a retry policy"
  }
  assert {
    condition = one([
      for s in jsondecode(aws_sqs_queue_policy.dead_letter[0].policy).Statement : s.Condition.ArnEquals["aws:SourceArn"]
      if s.Sid == "RuleTargetDeadLetters"
    ]) == aws_cloudwatch_event_rule.this[0].arn
    error_message = "only this rule may dead-letter into the queue"
  }
  assert {
    condition     = aws_lambda_permission.this[0].source_arn == aws_cloudwatch_event_rule.this[0].arn && aws_lambda_permission.this[0].principal == "events.amazonaws.com"
    error_message = "the permission must be limited to this rule"
  }
}

run "remote_bus_target" {
  command = apply

  variables {
    target          = { kind = "event_bus", arn = "arn:aws:events:eu-west-1:999999999999:event-bus/lambda-qscanner-hub" }
    create_alarm    = true
    alarm_topic_arn = "arn:aws:sns:eu-west-1:111111111111:lambda-qscanner-alerts"
  }

  assert {
    condition     = length(aws_lambda_permission.this) == 0 && length(aws_iam_role.put_events) == 1 && length(aws_cloudwatch_metric_alarm.dead_letter_depth) == 1
    error_message = "a bus target needs a forwarding role and no Lambda permission"
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.put_events[0].policy).Statement == [{
      Sid      = "ForwardToTargetBus"
      Effect   = "Allow"
      Action   = "events:PutEvents"
      Resource = "arn:aws:events:eu-west-1:999999999999:event-bus/lambda-qscanner-hub"
    }]
    error_message = "the forwarding role may only put events on the target bus"
  }
  assert {
    condition     = aws_cloudwatch_event_target.this[0].role_arn == aws_iam_role.put_events[0].arn
    error_message = "the target uses the forwarding role"
  }
}

run "rejects_bus_arn_for_lambda_target" {
  command = plan
  variables {
    target = { kind = "lambda", arn = "arn:aws:events:eu-west-1:999999999999:event-bus/hub" }
  }
  expect_failures = [var.target]
}

run "rejects_alarm_without_topic" {
  command = plan
  variables {
    target       = { kind = "lambda", arn = "arn:aws:lambda:eu-west-1:111111111111:function:f" }
    create_alarm = true
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_qualified_function_arn" {
  command = plan
  variables {
    target = { kind = "lambda", arn = "arn:aws:lambda:eu-west-1:111111111111:function:f:1" }
  }
  expect_failures = [var.target]
}

run "rejects_event_name_without_version" {
  command = plan
  variables {
    target      = { kind = "lambda", arn = "arn:aws:lambda:eu-west-1:111111111111:function:f" }
    event_names = ["CreateFunction"]
  }
  expect_failures = [var.event_names]
}
