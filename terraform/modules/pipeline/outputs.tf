output "forwarder_function_name" {
  description = "Forwarder function name (target of the event-source rule)."
  value       = aws_lambda_function.forwarder.function_name
}

output "forwarder_function_arn" {
  description = "Forwarder function ARN."
  value       = aws_lambda_function.forwarder.arn
}

output "scanner_function_name" {
  description = "Scanner function name (the forwarder's SCANNER_FUNCTION)."
  value       = aws_lambda_function.scanner.function_name
}

output "scanner_function_arn" {
  description = "Scanner function ARN."
  value       = aws_lambda_function.scanner.arn
}

output "reporter_function_name" {
  description = "Reporter function name (REPORTER_FUNCTION)."
  value       = aws_lambda_function.reporter.function_name
}

output "reporter_function_arn" {
  description = "Reporter function ARN."
  value       = aws_lambda_function.reporter.arn
}

output "role_arns" {
  description = "Execution role ARN of each function (forwarder, scanner, reporter); spoke roles trust the scanner and reporter ones."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "role_policies" {
  description = "The inline IAM policy document of each role, decoded (for review and tests)."
  value       = local.role_policies
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue that receives every failed asynchronous invocation."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.id
}

output "log_group_names" {
  description = "Log group of each function."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "sweep_rule_arn" {
  description = "ARN of the scheduled sweep rule (null when create_sweep = false)."
  value       = try(aws_cloudwatch_event_rule.sweep[0].arn, null)
}
