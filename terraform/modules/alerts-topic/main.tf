data "aws_caller_identity" "current" {}

locals {
  topic_arn = one(aws_sns_topic.this[*].arn)

  topic_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = local.topic_arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      length(var.publisher_service_principals) == 0 ? [] : [{
        Sid       = "ServicePublish"
        Effect    = "Allow"
        Principal = { Service = var.publisher_service_principals }
        Action    = "sns:Publish"
        Resource  = local.topic_arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      }],
    )
  }
}

resource "aws_sns_topic" "this" {
  count = var.create_topic ? 1 : 0

  name              = var.name
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "this" {
  count = var.create_topic ? 1 : 0

  arn    = aws_sns_topic.this[0].arn
  policy = jsonencode(local.topic_policy)
}

resource "aws_sns_topic_subscription" "this" {
  for_each = var.create_topic ? { for i, s in var.subscriptions : "${s.protocol}:${s.endpoint}" => s } : {}

  topic_arn            = aws_sns_topic.this[0].arn
  protocol             = each.value.protocol
  endpoint             = each.value.endpoint
  raw_message_delivery = each.value.raw_message_delivery
  filter_policy        = each.value.filter_policy
}
