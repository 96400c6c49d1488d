# Names a later pipeline run (or an operator) needs. Null in forwarding mode.

output "account_id" {
  description = "Account of this installation."
  value       = one(module.stack[*].account_id)
}

output "region" {
  description = "Region of this installation."
  value       = var.region
}

output "forwarder_function_name" {
  description = "Forwarder function name."
  value       = one(module.stack[*].forwarder_function_name)
}

output "scanner_function_name" {
  description = "Scanner function name."
  value       = one(module.stack[*].scanner_function_name)
}

output "reporter_function_name" {
  description = "Reporter function name."
  value       = one(module.stack[*].reporter_function_name)
}

output "results_bucket_name" {
  description = "Bucket with the scan reports."
  value       = one(module.stack[*].results_bucket_name)
}

output "config_bucket_name" {
  description = "Bucket with the policy object."
  value       = one(module.stack[*].config_bucket_name)
}

output "policy_s3_uri" {
  description = "s3:// URI of the policy object."
  value       = one(module.stack[*].policy_s3_uri)
}

output "alerts_topic_arn" {
  description = "SNS topic of alerts and alarms."
  value       = one(module.stack[*].alerts_topic_arn)
}

output "qualys_secret_arn" {
  description = "Put {\"qualys_pod\":\"US2\",\"qualys_access_token\":\"...\"} here (see README)."
  value       = one(module.stack[*].qualys_secret_arn)
}

output "kms_key_arn" {
  description = "The stack's customer-managed key."
  value       = one(module.stack[*].kms_key_arn)
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queues (pipeline, rule-default; or the forwarding rule's)."
  value       = local.run_pipeline ? one(module.stack[*].dead_letter_queue_urls) : { forward = one(module.forward[*].dead_letter_queue_url) }
}

output "event_rule_arns" {
  description = "Lambda-API rules."
  value       = local.run_pipeline ? one(module.stack[*].event_rule_arns) : { forward = one(module.forward[*].rule_arn) }
}

output "role_arns" {
  description = "Execution roles of the three functions."
  value       = one(module.stack[*].role_arns)
}

output "default_event_bus_arn" {
  description = "This region's default bus: other regions forward to it (forward_to_event_bus_arn)."
  value       = local.run_pipeline ? "arn:aws:events:${var.region}:${one(module.stack[*].account_id)}:event-bus/default" : null
}
