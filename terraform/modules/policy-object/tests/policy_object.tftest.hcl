mock_provider "aws" {}

variables {
  bucket_name = "qscan-config-111111111111-eu-west-1"
  source_path = "../../tests/fixtures/policy.toml"
  kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
}

run "uploads_policy_with_change_detection" {
  command = plan

  assert {
    condition     = aws_s3_object.this[0].key == "policy/policy.toml"
    error_message = "default key must be policy/policy.toml"
  }
  assert {
    condition     = aws_s3_object.this[0].source_hash == filemd5("../../tests/fixtures/policy.toml")
    error_message = "source_hash must track the file content"
  }
  assert {
    condition     = aws_s3_object.this[0].server_side_encryption == "aws:kms"
    error_message = "the policy object must be SSE-KMS"
  }
  assert {
    condition     = output.object_s3_uri == "s3://qscan-config-111111111111-eu-west-1/policy/policy.toml"
    error_message = "POLICY_S3_URI shape"
  }
  assert {
    condition     = output.object_arn == "arn:aws:s3:::qscan-config-111111111111-eu-west-1/policy/policy.toml"
    error_message = "object ARN shape"
  }
}

run "rejects_missing_file" {
  command = plan
  variables {
    source_path = "does/not/exist.toml"
  }
  expect_failures = [var.source_path]
}

run "rejects_leading_slash_key" {
  command = plan
  variables {
    key = "/policy.toml"
  }
  expect_failures = [var.key]
}
