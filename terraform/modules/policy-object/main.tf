# The policy file is data, not code: the Lambdas read this object at cold start
# and refresh it on a short interval, so a merged policy change needs only
# `terraform apply -target=module.<stack>.module.policy.aws_s3_object.this`.
resource "aws_s3_object" "this" {
  count = var.create_object ? 1 : 0

  bucket       = var.bucket_name
  key          = var.key
  source       = var.source_path
  content_type = "application/toml"

  # With SSE-KMS the ETag is not the MD5 of the content, so change detection
  # uses source_hash instead of etag.
  source_hash            = filemd5(var.source_path)
  server_side_encryption = "aws:kms"
  kms_key_id             = var.kms_key_arn

  tags = var.tags
}
