mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  region            = "eu-west-1"
  organization_id   = "o-abcdef1234"
  spoke_external_id = "3f9c0d7e5b1a4c2e8d6f0a9b7c5e3d1f"
  forwarder_zip     = "../../tests/fixtures/bootstrap.zip"
  reporter_zip      = "../../tests/fixtures/bootstrap.zip"
  policy_file       = "../../tests/fixtures/policy.toml"
  scanner_image_uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test"
}

run "hub_with_organization" {
  command = apply

  assert {
    condition     = keys(module.stack.event_rule_arns) == ["default", "hub"]
    error_message = "rules on the default bus (hub's own functions) and on the hub bus (spokes)"
  }
  assert {
    condition = module.hub_bus.bus_policy.Statement[0].Condition == {
      StringEquals = { "aws:PrincipalOrgID" = "o-abcdef1234" }
    } && module.hub_bus.bus_policy.Statement[0].Action == "events:PutEvents"
    error_message = "the hub bus accepts PutEvents only from the organization"
  }
  assert {
    condition     = length(module.hub_bus.bus_policy.Statement) == 1
    error_message = "no other bus statement"
  }
  assert {
    condition = alltrue([
      for role in ["scanner", "reporter"] : one([
        for s in module.stack.role_policies[role].Statement : s.Condition.StringEquals["aws:ResourceOrgID"]
        if s.Action == "sts:AssumeRole"
      ]) == "o-abcdef1234"
    ])
    error_message = "scanner and reporter assume spoke roles only inside the organization"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(module.stack.role_policies) : [
        for s in p.Statement : !contains(flatten([s.Resource]), "*") || (
          flatten([s.Action]) == ["ecr:GetAuthorizationToken"] ||
          (flatten([s.Action]) == ["lambda:ListFunctions"] && can(s.Condition.StringEquals["aws:RequestedRegion"]))
        )
      ]
    ]))
    error_message = "\"*\" resources only for ecr:GetAuthorizationToken (and region-conditioned lambda:ListFunctions)"
  }
  assert {
    condition     = length(output.spoke_trusted_role_arns) == 2
    error_message = "spokes trust the scanner and the reporter"
  }
}

run "hub_with_account_list" {
  command = apply

  variables {
    organization_id   = null
    spoke_account_ids = ["222222222222"]
  }

  assert {
    condition     = module.hub_bus.bus_policy.Statement[0].Principal == { AWS = ["arn:aws:iam::222222222222:root"] }
    error_message = "the bus admits the listed spokes only"
  }
  assert {
    condition = one([
      for s in module.stack.role_policies.scanner.Statement : s.Resource if s.Action == "sts:AssumeRole"
    ]) == ["arn:aws:iam::222222222222:role/lambda-qscanner-spoke"]
    error_message = "the scanner assumes the listed spokes' roles only"
  }
}

run "rejects_weak_external_id" {
  command = plan
  variables {
    spoke_external_id = "short"
  }
  expect_failures = [var.spoke_external_id]
}

run "rejects_hub_without_org_or_accounts" {
  command = plan
  variables {
    organization_id = null
  }
  expect_failures = [var.spoke_account_ids]
}
