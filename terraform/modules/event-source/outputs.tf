output "rule_arn" {
  description = "ARN of the Lambda-API rule."
  value       = one(aws_cloudwatch_event_rule.this[*].arn)
}

output "rule_name" {
  description = "Name of the Lambda-API rule."
  value       = one(aws_cloudwatch_event_rule.this[*].name)
}

output "rule_event_pattern" {
  description = "The event pattern, decoded."
  value       = local.event_pattern
}

output "dead_letter_queue_arn" {
  description = "Dead-letter queue of the rule target."
  value       = one(aws_sqs_queue.dead_letter[*].arn)
}

output "dead_letter_queue_url" {
  description = "URL of the target's dead-letter queue."
  value       = one(aws_sqs_queue.dead_letter[*].id)
}

output "forward_role_arn" {
  description = "Role EventBridge uses to put events on the target bus (null for a Lambda target)."
  value       = one(aws_iam_role.put_events[*].arn)
}
