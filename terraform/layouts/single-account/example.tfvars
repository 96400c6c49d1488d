# Copy to terraform.tfvars (git-ignored in your deployment repo) and edit.
region              = "eu-west-1"
allowed_account_ids = ["123456789012"]

# make build-image push-image ECR_REPO=123456789012.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner
scanner_image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:v0.1.0"

# Scan this region and the regions that forward to it (example-secondary.tfvars).
regions = ["eu-west-1", "eu-central-1"]

scanner = {
  reserved_concurrency = 5
  scan_timeout         = 600
}

# The secret is created empty; put the value out of band (README).
qualys_secret = {}

alert_subscriptions = [
  { protocol = "email", endpoint = "secops@example.com" },
]

# Security Hub is usually enabled already (organization-wide); set true to enable it here.
create_securityhub_account = false
