# per-account: the StackSet equivalent. The same self-contained stack is
# applied once per member account (a loop over accounts/*.tfvars, README);
# no role, bus or policy reaches across accounts.

module "stack" {
  source = "../../modules/stack"

  name_prefix                = var.name_prefix
  regions                    = var.regions
  forwarder_zip              = var.forwarder_zip
  reporter_zip               = var.reporter_zip
  scanner_image_uri          = var.scanner_image_uri
  scanner                    = var.scanner
  policy_file                = var.policy_file
  qualys_secret              = var.qualys_secret
  create_securityhub_account = var.create_securityhub_account
  security_hub_import        = var.security_hub_import
  alert_subscriptions        = var.alert_subscriptions
  create_sweep               = var.create_sweep
  create_bucket_policies     = var.create_bucket_policies
  force_destroy              = var.force_destroy
  results_retention_days     = var.results_retention_days
  log_retention_in_days      = var.log_retention_in_days
  tags                       = { "lambda-qscanner:account" = var.account_id }
}
