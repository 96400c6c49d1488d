mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  forwarder_zip     = "../../tests/fixtures/bootstrap.zip"
  reporter_zip      = "../../tests/fixtures/bootstrap.zip"
  scanner_image_uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test"
  policy_file       = "../../tests/fixtures/policy.toml"
}

run "complete_stack" {
  command = apply

  assert {
    condition = alltrue([
      length(module.kms.key_arn) > 0,
      length(module.event_source) == 1,
      module.results.bucket_id == "lambda-qscanner-results-111111111111-eu-west-1",
      module.config.bucket_id == "lambda-qscanner-config-111111111111-eu-west-1",
    ])
    error_message = "stack composition"
  }
  assert {
    condition     = output.policy_s3_uri == "s3://lambda-qscanner-config-111111111111-eu-west-1/policy/policy.toml"
    error_message = "policy URI"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(output.role_policies) : [
        for s in p.Statement : [
          for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*")
        ]
      ]
    ]))
    error_message = "an IAM statement has a wildcard action"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(output.role_policies) : [
        for s in p.Statement : !contains(flatten([s.Resource]), "*") || (
          flatten([s.Action]) == ["ecr:GetAuthorizationToken"] ||
          (flatten([s.Action]) == ["lambda:ListFunctions"] && can(s.Condition.StringEquals["aws:RequestedRegion"]))
        )
      ]
    ]))
    error_message = "\"*\" resources only for ecr:GetAuthorizationToken (and region-conditioned lambda:ListFunctions)"
  }
  assert {
    condition = one([
      for s in output.role_policies.scanner.Statement : s.Resource if s.Sid == "DecryptQualysSecret"
    ]) == output.kms_key_arn
    error_message = "the scanner may decrypt the secret's CMK"
  }
  assert {
    condition     = keys(output.dead_letter_queue_urls) == ["pipeline", "rule-default"]
    error_message = "one DLQ for the pipeline and one per rule"
  }
  # The stack's own default (passed to the pipeline as is) is the forwarder's sweep
  # command (README, "Message contracts").
  assert {
    condition     = jsondecode(var.sweep.input) == { type = "sweep", version = 1 }
    error_message = "the sweep schedule must send {\"type\":\"sweep\",\"version\":1}"
  }
}

run "existing_secret" {
  command = apply

  variables {
    qualys_secret = {
      create       = false
      existing_arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:shared/qualys-XyZ123"
    }
  }

  assert {
    condition     = output.qualys_secret_arn == "arn:aws:secretsmanager:eu-west-1:111111111111:secret:shared/qualys-XyZ123"
    error_message = "an existing secret is passed through"
  }
  assert {
    condition     = length([for s in output.role_policies.scanner.Statement : s if s.Sid == "DecryptQualysSecret"]) == 0
    error_message = "no CMK grant for a secret under the AWS-managed key"
  }
}

run "rejects_long_prefix" {
  command = plan
  variables {
    name_prefix = "a-very-long-prefix-that-breaks-bucket-names"
  }
  expect_failures = [var.name_prefix]
}
