output "role_arn" {
  description = "ARN of the spoke access role."
  value       = one(aws_iam_role.this[*].arn)
}

output "role_name" {
  description = "Name of the spoke access role (the hub's SPOKE_ROLE_NAME)."
  value       = one(aws_iam_role.this[*].name)
}

output "role_policy" {
  description = "The role's access policy, decoded."
  value       = local.access_policy
}
