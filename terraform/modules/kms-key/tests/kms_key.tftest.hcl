mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111111111111" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

variables {
  alias_name         = "lambda-qscanner-test"
  service_principals = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
}

run "creates_key_with_rotation_and_scoped_service_access" {
  command = apply

  assert {
    condition     = length(aws_kms_key.this) == 1 && length(aws_kms_alias.this) == 1
    error_message = "expected one key and one alias"
  }
  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation
    error_message = "key rotation must be on"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this[0].policy).Statement :
      s.Sid == "AccountAdministration" || can(s.Condition)
    ])
    error_message = "every service statement must carry a condition"
  }
  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.this[0].policy).Statement : s.Condition.StringEquals["aws:SourceAccount"]
      if s.Sid == "ServiceDelivery"
    ]) == "111111111111"
    error_message = "service delivery must be limited to this account"
  }
  assert {
    condition     = aws_kms_alias.this[0].name == "alias/lambda-qscanner-test"
    error_message = "alias name"
  }
}

run "gate_off_creates_nothing" {
  command = plan
  variables {
    create_key = false
  }
  assert {
    condition     = length(aws_kms_key.this) == 0 && output.key_arn == null
    error_message = "nothing must be created when create_key = false"
  }
}

run "rejects_aws_reserved_alias" {
  command = plan
  variables {
    alias_name = "aws/s3"
  }
  expect_failures = [var.alias_name]
}

run "rejects_bad_service_principal" {
  command = plan
  variables {
    service_principals = ["arn:aws:iam::111111111111:root"]
  }
  expect_failures = [var.service_principals]
}
