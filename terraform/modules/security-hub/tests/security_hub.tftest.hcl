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

run "off_by_default" {
  command = plan
  assert {
    condition     = length(aws_securityhub_account.this) == 0
    error_message = "Security Hub enablement must be opt-in"
  }
  assert {
    condition     = output.product_arn == "arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default"
    error_message = "product ARN shape"
  }
}

run "enables_when_asked" {
  command = plan
  variables {
    create_securityhub_account = true
  }
  assert {
    condition     = length(aws_securityhub_account.this) == 1 && !aws_securityhub_account.this[0].enable_default_standards
    error_message = "Security Hub account without default standards expected"
  }
}

run "rejects_unknown_generator" {
  command = plan
  variables {
    control_finding_generator = "BOTH"
  }
  expect_failures = [var.control_finding_generator]
}
