# IAM: one role per function, every statement scoped to what it touches.
# Policies are built as data (jsonencode), not aws_iam_policy_document, so the
# tests can assert each action and resource.

locals {
  lambda_arns_in_scope = [
    for r in local.regions : "arn:${local.partition}:lambda:${r}:${local.account_id}:function:*"
  ]
  layer_arns_in_scope = [
    # Layers may be published by other accounts (shared or public layers).
    for r in local.regions : "arn:${local.partition}:lambda:${r}:*:layer:*:*"
  ]
  ecr_repository_arns = length(var.ecr_repository_arns) > 0 ? var.ecr_repository_arns : [
    for r in local.regions : "arn:${local.partition}:ecr:${r}:${local.account_id}:repository/*"
  ]
  securityhub_product_arns = [
    for r in local.regions : "arn:${local.partition}:securityhub:${r}:${local.account_id}:product/${local.account_id}/default"
  ]
  securityhub_hub_arns = [
    for r in local.regions : "arn:${local.partition}:securityhub:${r}:${local.account_id}:hub/default"
  ]
  sweep_rule_arn = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name_prefix}-sweep"

  # Keys each role must use, de-duplicated (one CMK may serve everything).
  dlq_and_env_keys = compact([var.kms_key_arn])
  policy_keys      = compact([var.policy_object.kms_key_arn])

  logs_statement = {
    for k, arn in local.log_group_arns : k => {
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${arn}:*"
    }
  }

  dead_letter_statements = concat(
    [{
      Sid      = "SendFailuresToDeadLetterQueue"
      Effect   = "Allow"
      Action   = "sqs:SendMessage"
      Resource = aws_sqs_queue.dead_letter.arn
    }],
    length(local.dlq_and_env_keys) == 0 ? [] : [{
      Sid      = "UseDeadLetterAndEnvironmentKey"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource = local.dlq_and_env_keys
    }],
  )

  read_policy_statements = concat(
    [{
      Sid      = "ReadPolicyObject"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = var.policy_object.arn
    }],
    length(local.policy_keys) == 0 ? [] : [{
      Sid       = "DecryptPolicyObject"
      Effect    = "Allow"
      Action    = "kms:Decrypt"
      Resource  = local.policy_keys
      Condition = { StringLike = { "kms:ViaService" = "s3.*.amazonaws.com" } }
    }],
  )

  assume_spoke_statements = concat(
    try(length(var.spoke_access.account_ids), 0) > 0 ? [{
      Sid      = "AssumeSpokeRoles"
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = [for a in var.spoke_access.account_ids : "arn:${local.partition}:iam::${a}:role/${var.spoke_access.role_name}"]
    }] : [],
    var.spoke_access != null && try(length(var.spoke_access.account_ids), 0) == 0 ? [{
      Sid       = "AssumeSpokeRolesInOrganization"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Resource  = "arn:${local.partition}:iam::*:role/${try(var.spoke_access.role_name, "")}"
      Condition = { StringEquals = { "aws:ResourceOrgID" = try(var.spoke_access.organization_id, "") } }
    }] : [],
  )

  forwarder_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        local.logs_statement.forwarder,
        {
          Sid      = "DispatchToScannerAndReporter"
          Effect   = "Allow"
          Action   = "lambda:InvokeFunction"
          Resource = [local.function_arns.scanner, "${local.function_arns.scanner}:*", local.function_arns.reporter, "${local.function_arns.reporter}:*"]
        },
      ],
      var.create_sweep ? [{
        # ListFunctions has no resource-level permissions: AWS only accepts "*".
        # It is narrowed to the regions in scope instead.
        Sid       = "SweepListFunctions"
        Effect    = "Allow"
        Action    = "lambda:ListFunctions"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = local.regions } }
      }] : [],
      local.read_policy_statements,
      local.dead_letter_statements,
    )
  }

  scanner_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        local.logs_statement.scanner,
        {
          Sid      = "ReadFunctionsInScope"
          Effect   = "Allow"
          Action   = ["lambda:GetFunction", "lambda:ListTags"]
          Resource = local.lambda_arns_in_scope
        },
        {
          Sid      = "ReadLayersOfFunctions"
          Effect   = "Allow"
          Action   = "lambda:GetLayerVersion"
          Resource = local.layer_arns_in_scope
        },
        {
          Sid      = "ReadQualysSecret"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = var.qualys_secret.arn
        },
        {
          Sid      = "PullImagesInScope"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
          Resource = local.ecr_repository_arns
        },
        {
          # The one action that needs "*": the token is per registry, not per repository.
          Sid      = "EcrAuthorizationToken"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid      = "HandOverToReporter"
          Effect   = "Allow"
          Action   = "lambda:InvokeFunction"
          Resource = [local.function_arns.reporter, "${local.function_arns.reporter}:*"]
        },
      ],
      var.qualys_secret.kms_key_arn == null ? [] : [{
        Sid       = "DecryptQualysSecret"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = var.qualys_secret.kms_key_arn
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      }],
      local.read_policy_statements,
      local.assume_spoke_statements,
      local.dead_letter_statements,
    )
  }

  reporter_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        local.logs_statement.reporter,
        {
          Sid      = "WriteAndReadReports"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:GetObject"]
          Resource = "${var.results.bucket_arn}/*"
        },
        {
          # Without ListBucket a missing "latest" pointer reads as 403, not 404.
          Sid      = "ListReports"
          Effect   = "Allow"
          Action   = "s3:ListBucket"
          Resource = var.results.bucket_arn
        },
        {
          Sid      = "EncryptReports"
          Effect   = "Allow"
          Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
          Resource = var.results.kms_key_arn
        },
        {
          Sid      = "PublishAlerts"
          Effect   = "Allow"
          Action   = "sns:Publish"
          Resource = var.alerts.topic_arn
        },
      ],
      var.alerts.kms_key_arn == null ? [] : [{
        Sid      = "EncryptAlerts"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = var.alerts.kms_key_arn
      }],
      var.security_hub_import ? [
        {
          Sid      = "ImportFindings"
          Effect   = "Allow"
          Action   = "securityhub:BatchImportFindings"
          Resource = local.securityhub_product_arns
        },
        {
          Sid      = "ReadOwnFindings"
          Effect   = "Allow"
          Action   = "securityhub:GetFindings"
          Resource = local.securityhub_hub_arns
        },
      ] : [],
      local.read_policy_statements,
      local.assume_spoke_statements,
      local.dead_letter_statements,
    )
  }

  role_policies = {
    forwarder = local.forwarder_policy
    scanner   = local.scanner_policy
    reporter  = local.reporter_policy
  }

  dead_letter_queue_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.dead_letter.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      var.create_sweep ? [{
        Sid       = "SweepTargetDeadLetters"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.dead_letter.arn
        Condition = { ArnEquals = { "aws:SourceArn" = local.sweep_rule_arn } }
      }] : [],
    )
  }
}

resource "aws_iam_role" "this" {
  for_each = local.names

  name        = each.value
  description = "lambda-qscanner ${each.key} execution role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = local.names

  name   = "${each.value}-least-privilege"
  role   = aws_iam_role.this[each.key].id
  policy = jsonencode(local.role_policies[each.key])
}
