region              = "eu-west-1"
allowed_account_ids = ["999999999999"] # the security (hub) account
organization_id     = "o-abcdef1234"

# Generate once, give the same value to every spoke: openssl rand -hex 16
spoke_external_id = "3f9c0d7e5b1a4c2e8d6f0a9b7c5e3d1f"

scanner_image_uri = "999999999999.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:v0.1.0"
regions           = ["eu-west-1"]

scanner = {
  reserved_concurrency = 10
}

alert_subscriptions = [
  { protocol = "email", endpoint = "secops@example.com" },
]
