output "bucket_id" {
  description = "Bucket name."
  value       = try(aws_s3_bucket.this[0].bucket, null)
}

output "bucket_arn" {
  description = "Bucket ARN."
  value       = try(aws_s3_bucket.this[0].arn, null)
}

output "bucket_kms_key_arn" {
  description = "KMS key ARN the bucket encrypts with."
  value       = var.kms_key_arn
}

output "bucket_policy" {
  description = "The bucket policy document, decoded (attached when create_bucket_policy)."
  value       = local.bucket_policy
}
