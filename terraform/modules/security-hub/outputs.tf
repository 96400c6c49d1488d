output "product_arn" {
  description = "ProductArn for findings of this account's private integration (`.../product/<account>/default`): the reporter imports with it."
  value       = "arn:${local.partition}:securityhub:${local.region}:${local.account_id}:product/${local.account_id}/default"
}

output "hub_arn" {
  description = "ARN of this account's hub (resource of securityhub:GetFindings)."
  value       = "arn:${local.partition}:securityhub:${local.region}:${local.account_id}:hub/default"
}

output "securityhub_account_id" {
  description = "Id of the enabled Security Hub account resource (null when not managed here)."
  value       = try(aws_securityhub_account.this[0].id, null)
}
