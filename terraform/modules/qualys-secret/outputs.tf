output "secret_arn" {
  description = "ARN of the Qualys secret (created or existing): the scanner's QUALYS_SECRET_ARN."
  value       = var.create_secret ? try(aws_secretsmanager_secret.this[0].arn, null) : var.existing_secret_arn
}

output "secret_kms_key_arn" {
  description = "CMK that encrypts the secret, or null for the AWS-managed key."
  value       = var.kms_key_arn
}
