# hub: the security account. Spokes forward their Lambda API events to the
# hub bus; the hub's forwarder, scanner and reporter handle them and read /
# import in the spoke through the spoke role (with the ExternalId).

module "hub_bus" {
  source = "../../modules/hub-bus"

  name               = var.hub_bus_name
  organization_id    = var.organization_id
  source_account_ids = var.spoke_account_ids
}

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

  # The hub's own functions (default bus) and the spokes' (hub bus).
  event_buses = {
    default = "default"
    hub     = module.hub_bus.bus_name
  }

  spoke_access = {
    role_name       = var.spoke_role_name
    external_id     = var.spoke_external_id
    organization_id = var.organization_id
    account_ids     = var.spoke_account_ids
  }
}
