mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  trusted_role_arns = [
    "arn:aws:iam::999999999999:role/lambda-qscanner-scanner",
    "arn:aws:iam::999999999999:role/lambda-qscanner-reporter",
  ]
  external_id = "qscan-7f3c2a"
}

run "trusts_hub_roles_with_external_id" {
  command = apply

  assert {
    condition     = length(aws_iam_role.this) == 1 && length(aws_iam_role_policy.this) == 1
    error_message = "one role, one policy"
  }
  assert {
    condition = alltrue([
      length(jsondecode(aws_iam_role.this[0].assume_role_policy).Statement) == 1,
      tolist(jsondecode(aws_iam_role.this[0].assume_role_policy).Statement[0].Principal.AWS) == var.trusted_role_arns,
      jsondecode(aws_iam_role.this[0].assume_role_policy).Statement[0].Action == "sts:AssumeRole",
      jsondecode(aws_iam_role.this[0].assume_role_policy).Statement[0].Condition == { StringEquals = { "sts:ExternalId" = "qscan-7f3c2a" } },
    ])
    error_message = "trust: only the hub roles, only with the ExternalId"
  }
  assert {
    condition = toset(flatten([for s in jsondecode(aws_iam_role_policy.this[0].policy).Statement : s.Action])) == toset([
      "lambda:GetFunction", "lambda:ListTags", "lambda:GetLayerVersion", "lambda:ListFunctions",
      "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:GetAuthorizationToken",
      "securityhub:BatchImportFindings", "securityhub:GetFindings",
    ])
    error_message = "spoke role actions"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this[0].policy).Statement :
      !contains(flatten([s.Resource]), "*") || s.Action == "ecr:GetAuthorizationToken" || (s.Action == "lambda:ListFunctions" && can(s.Condition.StringEquals["aws:RequestedRegion"]))
    ])
    error_message = "\"*\" resources only for ecr:GetAuthorizationToken and region-conditioned ListFunctions"
  }
  assert {
    condition = alltrue([
      for a in flatten([for s in jsondecode(aws_iam_role_policy.this[0].policy).Statement : s.Action]) : a != "*" && !endswith(a, ":*")
    ])
    error_message = "no wildcard actions"
  }
  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.this[0].policy).Statement : s.Resource if s.Sid == "ImportOwnFindings"
    ]) == ["arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default"]
    error_message = "imports only into this account's own product ARN"
  }
}

run "without_security_hub" {
  command = apply
  variables {
    allow_security_hub_import = false
  }
  assert {
    condition     = length([for a in flatten([for s in output.role_policy.Statement : s.Action]) : a if startswith(a, "securityhub:")]) == 0
    error_message = "no Security Hub actions"
  }
}

run "rejects_principal_that_is_not_a_role" {
  command = plan
  variables {
    trusted_role_arns = ["arn:aws:iam::999999999999:root"]
  }
  expect_failures = [var.trusted_role_arns]
}

run "rejects_short_external_id" {
  command = plan
  variables {
    external_id = "x"
  }
  expect_failures = [var.external_id]
}
