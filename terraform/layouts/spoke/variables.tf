variable "account_id" {
  description = "This spoke account (the provider refuses any other)."
  type        = string

  validation {
    condition     = can(regex("^\\d{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "deploy_role_name" {
  description = "Role to assume in the spoke account for the apply (null: current credentials)."
  type        = string
  default     = "OrganizationAccountAccessRole"

  validation {
    condition     = var.deploy_role_name == null || can(regex("^[\\w+=,.@/-]{1,64}$", coalesce(var.deploy_role_name, "x")))
    error_message = "deploy_role_name must be an IAM role name or null."
  }
}

variable "region" {
  description = "Region whose Lambda API events this apply forwards (apply once per region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region name like eu-west-1."
  }
}

variable "hub_event_bus_arn" {
  description = "The hub bus (hub layout output `hub_bus_arn`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+$", var.hub_event_bus_arn))
    error_message = "hub_event_bus_arn must be an EventBridge event bus ARN."
  }
}

variable "hub_trusted_role_arns" {
  description = "The hub scanner and reporter role ARNs (hub layout output `spoke_trusted_role_arns`)."
  type        = list(string)

  validation {
    condition     = length(var.hub_trusted_role_arns) > 0 && alltrue([for a in var.hub_trusted_role_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$", a))])
    error_message = "hub_trusted_role_arns must be IAM role ARNs."
  }
}

variable "spoke_external_id" {
  description = "The hub's ExternalId (hub layout variable `spoke_external_id`)."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@:/-]+$", var.spoke_external_id)) && length(var.spoke_external_id) >= 16 && length(var.spoke_external_id) <= 1224
    error_message = "spoke_external_id must be 16-1224 characters of [\\w+=,.@:/-]."
  }
}

variable "spoke_role_name" {
  description = "Name of the access role (hub layout `spoke_role_name`)."
  type        = string
  default     = "lambda-qscanner-spoke"
}

variable "create_access_role" {
  description = "Create the (global) IAM access role. True in one region per account; false in the account's other regions."
  type        = bool
  default     = true
}

variable "regions" {
  description = "Regions of this account the hub may read and import findings for (the role is global)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", r))])
    error_message = "regions must be AWS region names like eu-west-1."
  }
}

variable "allow_security_hub_import" {
  description = "Let the hub reporter import findings into this account's Security Hub."
  type        = bool
  default     = true
}

variable "create_securityhub_account" {
  description = "Enable Security Hub in this account and region (needed for imports unless already enabled)."
  type        = bool
  default     = false
}

variable "name_prefix" {
  description = "Prefix of the rule and queue names."
  type        = string
  default     = "lambda-qscanner"
}

variable "tags" {
  description = "Extra tags."
  type        = map(string)
  default     = {}
}
