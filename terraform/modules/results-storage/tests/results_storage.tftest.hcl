mock_provider "aws" {}

variables {
  bucket_name = "qscan-results-111111111111-eu-west-1"
  kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  lifecycle_rules = {
    expiration_days = 365
  }
}

run "hardened_bucket" {
  command = apply

  assert {
    condition = alltrue([
      length(aws_s3_bucket.this) == 1,
      length(aws_s3_bucket_versioning.this) == 1,
      length(aws_s3_bucket_public_access_block.this) == 1,
      length(aws_s3_bucket_policy.this) == 1,
      length(aws_s3_bucket_lifecycle_configuration.this) == 1,
      length(aws_s3_bucket_logging.this) == 0,
    ])
    error_message = "unexpected resource counts"
  }
  assert {
    condition     = aws_s3_bucket_versioning.this[0].versioning_configuration[0].status == "Enabled"
    error_message = "versioning must be enabled"
  }
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this[0].block_public_acls,
      aws_s3_bucket_public_access_block.this[0].block_public_policy,
      aws_s3_bucket_public_access_block.this[0].ignore_public_acls,
      aws_s3_bucket_public_access_block.this[0].restrict_public_buckets,
    ])
    error_message = "all public access must be blocked"
  }
  assert {
    condition = one([
      for r in aws_s3_bucket_server_side_encryption_configuration.this[0].rule :
      one(r.apply_server_side_encryption_by_default).sse_algorithm
    ]) == "aws:kms"
    error_message = "SSE-KMS must be the default encryption"
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.this[0].policy).Statement :
      s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false"
    ])
    error_message = "the bucket policy must deny non-TLS access"
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this[0].rule[0].expiration).days == 365
    error_message = "expiration must follow lifecycle_rules.expiration_days"
  }
}

run "access_logging_optional" {
  command = plan
  variables {
    access_log = { bucket = "my-log-bucket" }
  }
  assert {
    condition     = aws_s3_bucket_logging.this[0].target_prefix == "s3-access/qscan-results-111111111111-eu-west-1/"
    error_message = "access log prefix"
  }
}

run "rejects_bad_bucket_name" {
  command = plan
  variables {
    bucket_name = "Bad_Bucket"
  }
  expect_failures = [var.bucket_name]
}

run "rejects_non_kms_arn" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/s3"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_short_ia_transition" {
  command = plan
  variables {
    lifecycle_rules = { transition_ia_days = 7 }
  }
  expect_failures = [var.lifecycle_rules]
}

run "policy_can_be_left_off_for_the_emulator" {
  command = plan
  variables {
    create_bucket_policy = false
  }
  assert {
    condition     = length(aws_s3_bucket_policy.this) == 0 && length(aws_s3_bucket_public_access_block.this) == 1
    error_message = "only the bucket policy is dropped"
  }
}
