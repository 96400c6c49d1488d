# spoke: a member account. Its Lambda API events go to the hub bus; the hub
# reads functions and imports findings here through the access role, which
# it can only assume with the ExternalId.

module "forward" {
  source = "../../modules/event-source"

  name         = "${var.name_prefix}-lambda-api-to-hub"
  target       = { kind = "event_bus", arn = var.hub_event_bus_arn }
  create_alarm = false
}

module "access_role" {
  source = "../../modules/spoke-access-role"

  create_role               = var.create_access_role
  role_name                 = var.spoke_role_name
  trusted_role_arns         = var.hub_trusted_role_arns
  external_id               = var.spoke_external_id
  regions                   = var.regions
  allow_security_hub_import = var.allow_security_hub_import
}

module "security_hub" {
  source = "../../modules/security-hub"

  create_securityhub_account = var.create_securityhub_account
}
