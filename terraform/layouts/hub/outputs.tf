output "hub_bus_arn" {
  description = "Give to every spoke (spoke layout `hub_event_bus_arn`)."
  value       = module.hub_bus.bus_arn
}

output "spoke_trusted_role_arns" {
  description = "The hub roles every spoke role trusts (spoke layout `hub_trusted_role_arns`)."
  value       = [module.stack.role_arns["scanner"], module.stack.role_arns["reporter"]]
}

output "spoke_role_name" {
  description = "Role name the spokes must create."
  value       = var.spoke_role_name
}

output "forwarder_function_name" {
  description = "Forwarder function name."
  value       = module.stack.forwarder_function_name
}

output "scanner_function_name" {
  description = "Scanner function name."
  value       = module.stack.scanner_function_name
}

output "reporter_function_name" {
  description = "Reporter function name."
  value       = module.stack.reporter_function_name
}

output "results_bucket_name" {
  description = "Bucket with every account's scan reports."
  value       = module.stack.results_bucket_name
}

output "policy_s3_uri" {
  description = "s3:// URI of the policy object."
  value       = module.stack.policy_s3_uri
}

output "alerts_topic_arn" {
  description = "SNS topic of alerts and alarms."
  value       = module.stack.alerts_topic_arn
}

output "qualys_secret_arn" {
  description = "Secret to fill with the Qualys credentials."
  value       = module.stack.qualys_secret_arn
}

output "event_rule_arns" {
  description = "Rules on the default bus and on the hub bus."
  value       = module.stack.event_rule_arns
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queues."
  value       = module.stack.dead_letter_queue_urls
}
