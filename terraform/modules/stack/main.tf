# One self-contained lambda-qscanner installation in one account and region:
# what the single-account and per-account layouts apply, and the hub's core.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  suffix     = "${local.account_id}-${local.region}"
  tags       = merge({ "lambda-qscanner" = "true" }, var.tags)
}

# One customer-managed key for the stack's data at rest: reports, policy,
# secret, alerts, dead-letter queues and logs.
module "kms" {
  source = "../kms-key"

  alias_name              = var.name_prefix
  description             = "lambda-qscanner ${var.name_prefix}: reports, policy, secret, alerts, queues, logs"
  service_principals      = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
  deletion_window_in_days = var.kms_deletion_window_in_days
  tags                    = local.tags
}

module "results" {
  source = "../results-storage"

  bucket_name          = "${var.name_prefix}-results-${local.suffix}"
  kms_key_arn          = module.kms.key_arn
  force_destroy        = var.force_destroy
  create_bucket_policy = var.create_bucket_policies
  lifecycle_rules = {
    expiration_days = var.results_retention_days
  }
  tags = local.tags
}

module "config" {
  source = "../results-storage"

  bucket_name          = "${var.name_prefix}-config-${local.suffix}"
  kms_key_arn          = module.kms.key_arn
  force_destroy        = var.force_destroy
  create_bucket_policy = var.create_bucket_policies
  lifecycle_rules      = { noncurrent_expiration_days = 365 }
  tags                 = local.tags
}

module "policy" {
  source = "../policy-object"

  bucket_name = module.config.bucket_id
  source_path = var.policy_file
  kms_key_arn = module.kms.key_arn
  tags        = local.tags

  depends_on = [module.config]
}

module "qualys_secret" {
  source = "../qualys-secret"

  create_secret           = var.qualys_secret.create
  name                    = coalesce(var.qualys_secret.name, "${var.name_prefix}/qualys")
  existing_secret_arn     = var.qualys_secret.existing_arn
  kms_key_arn             = var.qualys_secret.create ? module.kms.key_arn : var.qualys_secret.existing_kms_key_arn
  recovery_window_in_days = var.qualys_secret.recovery_window_in_days
  tags                    = local.tags
}

module "alerts" {
  source = "../alerts-topic"

  name          = "${var.name_prefix}-alerts"
  kms_key_arn   = module.kms.key_arn
  subscriptions = var.alert_subscriptions
  tags          = local.tags
}

module "security_hub" {
  source = "../security-hub"

  create_securityhub_account = var.create_securityhub_account
}

module "pipeline" {
  source = "../pipeline"

  name_prefix = var.name_prefix
  regions     = var.regions

  forwarder = {
    zip_path     = var.forwarder_zip
    architecture = var.lambda_architecture
    log_level    = var.log_level
  }
  reporter = {
    zip_path     = var.reporter_zip
    architecture = var.lambda_architecture
    log_level    = var.log_level
  }
  scanner = merge(var.scanner, { image_uri = var.scanner_image_uri })

  policy_object = {
    s3_uri      = module.policy.object_s3_uri
    arn         = module.policy.object_arn
    kms_key_arn = module.kms.key_arn
  }
  qualys_secret = {
    arn         = module.qualys_secret.secret_arn
    kms_key_arn = module.qualys_secret.secret_kms_key_arn
  }
  results = {
    bucket_name = module.results.bucket_id
    bucket_arn  = module.results.bucket_arn
    kms_key_arn = module.kms.key_arn
  }
  alerts = {
    topic_arn   = module.alerts.topic_arn
    kms_key_arn = module.kms.key_arn
  }

  security_hub_import   = var.security_hub_import
  spoke_access          = var.spoke_access
  kms_key_arn           = module.kms.key_arn
  log_retention_in_days = var.log_retention_in_days
  create_sweep          = var.create_sweep
  sweep                 = var.sweep
  tags                  = local.tags

  # Security Hub must be on before the reporter can import.
  depends_on = [module.security_hub]
}

module "event_source" {
  source   = "../event-source"
  for_each = var.event_buses

  name            = each.key == "default" ? "${var.name_prefix}-lambda-api" : "${var.name_prefix}-lambda-api-${each.key}"
  event_bus_name  = each.value
  target          = { kind = "lambda", arn = module.pipeline.forwarder_function_arn }
  create_alarm    = true
  kms_key_arn     = module.kms.key_arn
  alarm_topic_arn = module.alerts.topic_arn
  tags            = local.tags
}
