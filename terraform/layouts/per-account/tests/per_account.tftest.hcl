mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  account_id        = "111111111111"
  region            = "eu-west-1"
  forwarder_zip     = "../../tests/fixtures/bootstrap.zip"
  reporter_zip      = "../../tests/fixtures/bootstrap.zip"
  policy_file       = "../../tests/fixtures/policy.toml"
  scanner_image_uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test"
}

run "self_contained_account_stack" {
  command = apply

  assert {
    condition = alltrue([
      output.account_id == "111111111111",
      output.results_bucket_name == "lambda-qscanner-results-111111111111-eu-west-1",
      output.forwarder_function_name == "lambda-qscanner-forwarder",
    ])
    error_message = "per-account outputs"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(module.stack.role_policies) : [
        for s in p.Statement : !contains(flatten([s.Action]), "sts:AssumeRole")
      ]
    ]))
    error_message = "nothing cross-account: no role may assume another"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(module.stack.role_policies) : [
        for s in p.Statement : alltrue([
          for r in flatten([s.Resource]) : r == "*" || strcontains(r, ":111111111111:") || startswith(r, "arn:aws:s3:::") || strcontains(r, ":*:layer:")
        ])
      ]
    ]))
    error_message = "every ARN granted belongs to this account (S3 ARNs carry no account; layers may be shared)"
  }
}

run "rejects_bad_account_id" {
  command = plan
  variables {
    account_id = "11111111111"
  }
  expect_failures = [var.account_id]
}

run "rejects_bad_deploy_role" {
  command = plan
  variables {
    deploy_role_name = "not a role"
  }
  expect_failures = [var.deploy_role_name]
}
