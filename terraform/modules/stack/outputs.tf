output "account_id" {
  description = "Account the stack runs in."
  value       = local.account_id
}

output "region" {
  description = "Region the stack runs in."
  value       = local.region
}

output "forwarder_function_name" {
  description = "Forwarder function name."
  value       = module.pipeline.forwarder_function_name
}

output "forwarder_function_arn" {
  description = "Forwarder function ARN."
  value       = module.pipeline.forwarder_function_arn
}

output "scanner_function_name" {
  description = "Scanner function name."
  value       = module.pipeline.scanner_function_name
}

output "reporter_function_name" {
  description = "Reporter function name."
  value       = module.pipeline.reporter_function_name
}

output "role_arns" {
  description = "Execution role ARNs (forwarder, scanner, reporter)."
  value       = module.pipeline.role_arns
}

output "role_policies" {
  description = "Decoded inline policies of the three roles."
  value       = module.pipeline.role_policies
}

output "results_bucket_name" {
  description = "Bucket with the scan reports (RESULTS_S3_BUCKET)."
  value       = module.results.bucket_id
}

output "config_bucket_name" {
  description = "Bucket with the policy object."
  value       = module.config.bucket_id
}

output "policy_s3_uri" {
  description = "POLICY_S3_URI of the three functions."
  value       = module.policy.object_s3_uri
}

output "alerts_topic_arn" {
  description = "SNS topic for alerts and alarms (SNS_TOPIC_ARN)."
  value       = module.alerts.topic_arn
}

output "qualys_secret_arn" {
  description = "Secret to fill with {\"qualys_pod\":\"US2\",\"qualys_access_token\":\"...\"} (QUALYS_SECRET_ARN)."
  value       = module.qualys_secret.secret_arn
}

output "kms_key_arn" {
  description = "The stack's customer-managed key."
  value       = module.kms.key_arn
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queues: `pipeline` (failed async invocations and sweep) and one per event-source rule."
  value = merge(
    { pipeline = module.pipeline.dead_letter_queue_url },
    { for k, m in module.event_source : "rule-${k}" => m.dead_letter_queue_url },
  )
}

output "event_rule_arns" {
  description = "Lambda-API rules, by bus label."
  value       = { for k, m in module.event_source : k => m.rule_arn }
}

output "securityhub_product_arn" {
  description = "ProductArn the reporter imports findings with."
  value       = module.security_hub.product_arn
}
