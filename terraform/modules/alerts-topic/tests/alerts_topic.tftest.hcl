mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111111111111" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:111111111111:qscan-alerts" }
  }
}

variables {
  name        = "qscan-alerts"
  kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  subscriptions = [
    { protocol = "email", endpoint = "secops@example.com" },
  ]
}

run "encrypted_topic_with_policy" {
  command = apply

  assert {
    condition     = aws_sns_topic.this[0].kms_master_key_id == var.kms_key_arn
    error_message = "topic must use the customer-managed key"
  }
  assert {
    condition     = length(aws_sns_topic_subscription.this) == 1
    error_message = "one subscription expected"
  }
  assert {
    condition = one([
      for s in jsondecode(aws_sns_topic_policy.this[0].policy).Statement : s.Condition.StringEquals["aws:SourceAccount"]
      if s.Sid == "ServicePublish"
    ]) == "111111111111"
    error_message = "service publishing must be limited to this account"
  }
}

run "rejects_unknown_protocol" {
  command = plan
  variables {
    subscriptions = [{ protocol = "carrier-pigeon", endpoint = "x" }]
  }
  expect_failures = [var.subscriptions]
}

run "rejects_bad_key" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/sns"
  }
  expect_failures = [var.kms_key_arn]
}

run "gate_off_creates_nothing" {
  command = plan
  variables {
    create_topic = false
  }
  assert {
    condition     = length(aws_sns_topic.this) == 0 && length(aws_sns_topic_subscription.this) == 0 && output.topic_arn == null
    error_message = "nothing must be created when create_topic = false"
  }
}
