# Emulator-only values for the hub layout (make tf-apply-emulator-hub-spoke).
region                     = "us-east-1"
organization_id            = "o-emulator001"
spoke_account_ids          = ["222222222222"]
spoke_external_id          = "emulator-external-id-0123456789"
scanner_image_uri          = "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambda-qscanner-scanner:emulator"
create_securityhub_account = false
qualys_secret = {
  recovery_window_in_days = 0
}
scanner = {
  reserved_concurrency = 2
}
force_destroy = true
# moto evaluates a bucket policy's Deny statements without their conditions.
create_bucket_policies = false
