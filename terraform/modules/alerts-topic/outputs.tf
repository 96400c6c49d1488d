output "topic_arn" {
  description = "ARN of the alerts topic."
  value       = try(aws_sns_topic.this[0].arn, null)
}

output "topic_name" {
  description = "Name of the alerts topic."
  value       = try(aws_sns_topic.this[0].name, null)
}

output "topic_kms_key_arn" {
  description = "KMS key the topic encrypts with (publishers need kms:GenerateDataKey and kms:Decrypt on it)."
  value       = var.kms_key_arn
}
