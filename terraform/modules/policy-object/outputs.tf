output "object_s3_uri" {
  description = "`s3://bucket/key` of the policy: the Lambdas' POLICY_S3_URI."
  value       = var.create_object ? "s3://${var.bucket_name}/${var.key}" : null
}

output "object_arn" {
  description = "ARN of the policy object, for s3:GetObject grants."
  value       = var.create_object ? "arn:aws:s3:::${var.bucket_name}/${var.key}" : null
}

output "object_version_id" {
  description = "Version id of the uploaded object (the bucket is versioned)."
  value       = try(aws_s3_object.this[0].version_id, null)
}
