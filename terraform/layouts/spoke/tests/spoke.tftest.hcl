mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  account_id        = "111111111111"
  region            = "eu-west-1"
  hub_event_bus_arn = "arn:aws:events:eu-west-1:999999999999:event-bus/lambda-qscanner-hub"
  hub_trusted_role_arns = [
    "arn:aws:iam::999999999999:role/lambda-qscanner-scanner",
    "arn:aws:iam::999999999999:role/lambda-qscanner-reporter",
  ]
  spoke_external_id = "3f9c0d7e5b1a4c2e8d6f0a9b7c5e3d1f"
}

run "spoke_forwards_and_exposes_the_access_role" {
  command = apply

  assert {
    condition = alltrue([
      length(module.forward.rule_event_pattern.detail.eventName) == 4,
      module.forward.forward_role_arn != null,
      module.access_role.role_arn != null,
    ])
    error_message = "a forward rule with its role, and the access role"
  }
  assert {
    condition     = one(module.forward.rule_event_pattern.source) == "aws.lambda"
    error_message = "only Lambda API events leave the account"
  }
  assert {
    condition = alltrue([
      for s in module.access_role.role_policy.Statement :
      !contains(flatten([s.Resource]), "*") || s.Action == "ecr:GetAuthorizationToken" || (s.Action == "lambda:ListFunctions" && can(s.Condition.StringEquals["aws:RequestedRegion"]))
    ])
    error_message = "\"*\" resources only for ecr:GetAuthorizationToken and region-conditioned ListFunctions"
  }
}

run "other_region_without_role" {
  command = plan
  variables {
    region             = "us-east-1"
    create_access_role = false
  }
  assert {
    condition     = module.access_role.role_arn == null
    error_message = "the global role is created in one region only"
  }
}

run "rejects_bad_hub_bus" {
  command = plan
  variables {
    hub_event_bus_arn = "lambda-qscanner-hub"
  }
  expect_failures = [var.hub_event_bus_arn]
}

run "rejects_account_root_as_trusted_principal" {
  command = plan
  variables {
    hub_trusted_role_arns = ["arn:aws:iam::999999999999:root"]
  }
  expect_failures = [var.hub_trusted_role_arns]
}
