locals {
  bus_arn = one(aws_cloudwatch_event_bus.this[*].arn)

  # Spoke rules put events with their own forwarding role; the bus accepts
  # them only from the organization (or the listed accounts). Events arrive
  # unchanged: `account` stays the spoke's.
  bus_policy = {
    Version = "2012-10-17"
    Statement = concat(
      var.organization_id == null ? [] : [{
        Sid       = "PutEventsFromOrganization"
        Effect    = "Allow"
        Principal = "*"
        Action    = "events:PutEvents"
        Resource  = local.bus_arn
        Condition = { StringEquals = { "aws:PrincipalOrgID" = var.organization_id } }
      }],
      length(var.source_account_ids) == 0 ? [] : [{
        Sid       = "PutEventsFromSpokeAccounts"
        Effect    = "Allow"
        Principal = { AWS = [for a in var.source_account_ids : "arn:aws:iam::${a}:root"] }
        Action    = "events:PutEvents"
        Resource  = local.bus_arn
      }],
    )
  }
}

resource "aws_cloudwatch_event_bus" "this" {
  count = var.create_bus ? 1 : 0

  name               = var.name
  kms_key_identifier = var.kms_key_arn
  tags               = var.tags
}

resource "aws_cloudwatch_event_bus_policy" "this" {
  count = var.create_bus ? 1 : 0

  event_bus_name = aws_cloudwatch_event_bus.this[0].name
  policy         = jsonencode(local.bus_policy)
}
