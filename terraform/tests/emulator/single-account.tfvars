# Values for the emulator run only (make tf-apply-emulator). The endpoint and
# test credentials come from the environment the script sets, not from here.
region                      = "us-east-1"
scanner_image_uri           = "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambda-qscanner-scanner:emulator"
create_securityhub_account  = false
force_destroy               = true
kms_deletion_window_in_days = 7
qualys_secret = {
  recovery_window_in_days = 0
}
scanner = {
  reserved_concurrency = 2
}
# moto 5 evaluates a bucket policy's Deny statements without their conditions,
# so the TLS-only policy would deny every object operation on plain HTTP.
create_bucket_policies = false
