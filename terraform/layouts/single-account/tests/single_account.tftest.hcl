mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  region            = "eu-west-1"
  forwarder_zip     = "../../tests/fixtures/bootstrap.zip"
  reporter_zip      = "../../tests/fixtures/bootstrap.zip"
  policy_file       = "../../tests/fixtures/policy.toml"
  scanner_image_uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test"
}

run "primary_region_installs_the_pipeline" {
  command = apply

  assert {
    condition     = length(module.stack) == 1 && length(module.forward) == 0
    error_message = "the primary region runs the pipeline and forwards nothing"
  }
  assert {
    condition = alltrue([
      output.forwarder_function_name == "lambda-qscanner-forwarder",
      output.scanner_function_name == "lambda-qscanner-scanner",
      output.reporter_function_name == "lambda-qscanner-reporter",
      output.results_bucket_name == "lambda-qscanner-results-111111111111-eu-west-1",
      output.policy_s3_uri == "s3://lambda-qscanner-config-111111111111-eu-west-1/policy/policy.toml",
      output.alerts_topic_arn != null,
      output.qualys_secret_arn != null,
    ])
    error_message = "outputs a pipeline run needs"
  }
  assert {
    condition     = output.default_event_bus_arn == "arn:aws:events:eu-west-1:111111111111:event-bus/default"
    error_message = "secondary regions forward to this bus"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(module.stack[0].role_policies) : [
        for s in p.Statement : !contains(flatten([s.Resource]), "*") || (
          flatten([s.Action]) == ["ecr:GetAuthorizationToken"] ||
          (flatten([s.Action]) == ["lambda:ListFunctions"] && can(s.Condition.StringEquals["aws:RequestedRegion"]))
        )
      ]
    ]))
    error_message = "\"*\" resources only for ecr:GetAuthorizationToken (and region-conditioned lambda:ListFunctions)"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(module.stack[0].role_policies) : [
        for s in p.Statement : [for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*")]
      ]
    ]))
    error_message = "no wildcard actions"
  }
  assert {
    condition = alltrue([
      for p in values(module.stack[0].role_policies) : length([for s in p.Statement : s if contains(flatten([s.Action]), "sts:AssumeRole")]) == 0
    ])
    error_message = "nothing cross-account in a single account"
  }
}

run "secondary_region_only_forwards" {
  command = apply

  variables {
    region                   = "eu-central-1"
    scanner_image_uri        = null
    forward_to_event_bus_arn = "arn:aws:events:eu-west-1:111111111111:event-bus/default"
  }

  assert {
    condition     = length(module.stack) == 0 && length(module.forward) == 1
    error_message = "a secondary region only forwards"
  }
  assert {
    condition     = output.forwarder_function_name == null && output.event_rule_arns.forward != null
    error_message = "forwarding outputs"
  }
}

run "rejects_missing_image_when_running_the_pipeline" {
  command = plan
  variables {
    scanner_image_uri = null
  }
  expect_failures = [var.scanner_image_uri]
}

run "rejects_bad_region" {
  command = plan
  variables {
    region = "ireland"
  }
  expect_failures = [var.region]
}

run "rejects_bad_account_id" {
  command = plan
  variables {
    allowed_account_ids = ["1234"]
  }
  expect_failures = [var.allowed_account_ids]
}
