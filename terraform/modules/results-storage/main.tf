locals {
  create = var.create_bucket

  # TLS-only and SSE-KMS-only bucket policy, built as data for the tests.
  bucket_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::${var.bucket_name}", "arn:aws:s3:::${var.bucket_name}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOutdatedTls"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::${var.bucket_name}", "arn:aws:s3:::${var.bucket_name}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
      {
        # Objects must be written with this bucket's key (or the default
        # encryption, which is the same key): no SSE-S3 or foreign keys.
        Sid       = "DenyForeignKmsKey"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::${var.bucket_name}/*"
        Condition = {
          StringNotEqualsIfExists = {
            "s3:x-amz-server-side-encryption-aws-kms-key-id" = var.kms_key_arn
          }
        }
      },
    ]
  }
}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_144:Scan reports and the policy object are re-creatable (rescan / terraform apply); cross-region replication is left to the operator.
  #checkov:skip=CKV2_AWS_62:No consumer needs S3 event notifications; the reporter publishes alerts to SNS itself.
  #checkov:skip=CKV_AWS_18:Access logging needs a separate log bucket the operator owns; set var.access_log to enable it.
  count = local.create ? 1 : 0

  bucket        = var.bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  count  = local.create ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count  = local.create ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  count  = local.create ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = local.create ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = local.create ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  rule {
    id     = "retention"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.lifecycle_rules.abort_multipart_days
    }

    dynamic "expiration" {
      for_each = var.lifecycle_rules.expiration_days == null ? [] : [var.lifecycle_rules.expiration_days]
      content {
        days = expiration.value
      }
    }

    dynamic "transition" {
      for_each = var.lifecycle_rules.transition_ia_days == null ? [] : [var.lifecycle_rules.transition_ia_days]
      content {
        days          = transition.value
        storage_class = "STANDARD_IA"
      }
    }

    dynamic "noncurrent_version_expiration" {
      for_each = var.lifecycle_rules.noncurrent_expiration_days == null ? [] : [var.lifecycle_rules.noncurrent_expiration_days]
      content {
        noncurrent_days = noncurrent_version_expiration.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  count  = local.create && var.create_bucket_policy ? 1 : 0
  bucket = aws_s3_bucket.this[0].id
  policy = jsonencode(local.bucket_policy)

  # The public access block must exist first or S3 may reject the policy update race.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_logging" "this" {
  count  = local.create && var.access_log != null ? 1 : 0
  bucket = aws_s3_bucket.this[0].id

  target_bucket = var.access_log.bucket
  target_prefix = "${var.access_log.prefix}${var.bucket_name}/"
}
