# Only for a bus target: EventBridge needs a role to put events on another
# bus (the hub's, or another region's). It may do nothing else.
resource "aws_iam_role" "put_events" {
  count = local.to_event_bus ? 1 : 0

  name        = "${var.name}-forward"
  description = "lambda-qscanner: forward Lambda API events to ${var.target.arn}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "put_events" {
  count = local.to_event_bus ? 1 : 0

  name   = "${var.name}-forward"
  role   = aws_iam_role.put_events[0].id
  policy = jsonencode(local.put_events_policy)
}
