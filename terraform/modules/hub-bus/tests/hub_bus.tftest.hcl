mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

run "organization_only" {
  command = apply

  variables {
    organization_id = "o-abcdef1234"
  }

  assert {
    condition     = length(aws_cloudwatch_event_bus.this) == 1 && length(aws_cloudwatch_event_bus_policy.this) == 1
    error_message = "one bus and one policy"
  }
  assert {
    condition = jsondecode(aws_cloudwatch_event_bus_policy.this[0].policy).Statement == [{
      Sid       = "PutEventsFromOrganization"
      Effect    = "Allow"
      Principal = "*"
      Action    = "events:PutEvents"
      Resource  = aws_cloudwatch_event_bus.this[0].arn
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdef1234" } }
    }]
    error_message = "the bus accepts PutEvents only from the organization"
  }
}

run "explicit_accounts" {
  command = apply

  variables {
    source_account_ids = ["222222222222"]
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_cloudwatch_event_bus_policy.this[0].policy).Statement :
      s.Principal == { AWS = ["arn:aws:iam::222222222222:root"] } && s.Action == "events:PutEvents"
    ])
    error_message = "listed accounts only"
  }
}

run "rejects_open_bus" {
  command         = plan
  expect_failures = [var.source_account_ids]
}

run "rejects_bad_org_id" {
  command = plan
  variables {
    organization_id = "org-123"
  }
  expect_failures = [var.organization_id]
}

run "rejects_default_bus_name" {
  command = plan
  variables {
    organization_id = "o-abcdef1234"
    name            = "default"
  }
  expect_failures = [var.name]
}
