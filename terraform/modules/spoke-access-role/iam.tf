locals {
  trust_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "HubScannerAndReporter"
      Effect    = "Allow"
      Principal = { AWS = var.trusted_role_arns }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  }

  access_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadFunctions"
          Effect   = "Allow"
          Action   = ["lambda:GetFunction", "lambda:ListTags"]
          Resource = [for r in local.regions : "arn:${local.partition}:lambda:${r}:${local.account_id}:function:*"]
        },
        {
          Sid      = "ReadLayersOfFunctions"
          Effect   = "Allow"
          Action   = "lambda:GetLayerVersion"
          Resource = [for r in local.regions : "arn:${local.partition}:lambda:${r}:*:layer:*:*"]
        },
        {
          # ListFunctions has no resource-level permissions: AWS only accepts "*".
          Sid       = "ListFunctions"
          Effect    = "Allow"
          Action    = "lambda:ListFunctions"
          Resource  = "*"
          Condition = { StringEquals = { "aws:RequestedRegion" = local.regions } }
        },
        {
          Sid      = "PullImages"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
          Resource = local.ecr_repository_arns
        },
        {
          Sid      = "EcrAuthorizationToken"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
      ],
      var.allow_security_hub_import ? [
        {
          Sid      = "ImportOwnFindings"
          Effect   = "Allow"
          Action   = "securityhub:BatchImportFindings"
          Resource = [for r in local.regions : "arn:${local.partition}:securityhub:${r}:${local.account_id}:product/${local.account_id}/default"]
        },
        {
          Sid      = "ReadOwnFindings"
          Effect   = "Allow"
          Action   = "securityhub:GetFindings"
          Resource = [for r in local.regions : "arn:${local.partition}:securityhub:${r}:${local.account_id}:hub/default"]
        },
      ] : [],
    )
  }
}

resource "aws_iam_role" "this" {
  count = var.create_role ? 1 : 0

  name                 = var.role_name
  description          = "lambda-qscanner: lets the hub scanner and reporter read Lambda functions and import findings in this account."
  assume_role_policy   = jsonencode(local.trust_policy)
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy" "this" {
  count = var.create_role ? 1 : 0

  name   = "${var.role_name}-access"
  role   = aws_iam_role.this[0].id
  policy = jsonencode(local.access_policy)
}
