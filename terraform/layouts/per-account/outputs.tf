output "account_id" {
  description = "Account of this installation."
  value       = module.stack.account_id
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
  description = "Bucket with this account's scan reports."
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

output "dead_letter_queue_urls" {
  description = "Dead-letter queues."
  value       = module.stack.dead_letter_queue_urls
}
