# single-account: lambda-qscanner in one account. The region where
# forward_to_event_bus_arn is null runs the pipeline; other regions only
# forward their Lambda API events to it.

locals {
  run_pipeline = var.forward_to_event_bus_arn == null
}

module "stack" {
  source = "../../modules/stack"
  count  = local.run_pipeline ? 1 : 0

  name_prefix                 = var.name_prefix
  regions                     = var.regions
  forwarder_zip               = var.forwarder_zip
  reporter_zip                = var.reporter_zip
  scanner_image_uri           = var.scanner_image_uri
  lambda_architecture         = var.lambda_architecture
  scanner                     = var.scanner
  log_level                   = var.log_level
  policy_file                 = var.policy_file
  qualys_secret               = var.qualys_secret
  create_securityhub_account  = var.create_securityhub_account
  security_hub_import         = var.security_hub_import
  alert_subscriptions         = var.alert_subscriptions
  results_retention_days      = var.results_retention_days
  log_retention_in_days       = var.log_retention_in_days
  create_sweep                = var.create_sweep
  sweep                       = { schedule_expression = var.sweep_schedule_expression }
  create_bucket_policies      = var.create_bucket_policies
  force_destroy               = var.force_destroy
  kms_deletion_window_in_days = var.kms_deletion_window_in_days
}

# Secondary region: forward to the primary region's default bus.
module "forward" {
  source = "../../modules/event-source"
  count  = local.run_pipeline ? 0 : 1

  name   = "${var.name_prefix}-lambda-api-forward"
  target = { kind = "event_bus", arn = coalesce(var.forward_to_event_bus_arn, "unused") }
}
