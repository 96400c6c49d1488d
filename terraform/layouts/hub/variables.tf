variable "region" {
  description = "Hub region (the security / audit account's home region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region name like eu-west-1."
  }
}

variable "allowed_account_ids" {
  description = "The hub account id (refuse to apply anywhere else)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.allowed_account_ids : can(regex("^\\d{12}$", a))])
    error_message = "allowed_account_ids must be 12-digit account ids."
  }
}

variable "organization_id" {
  description = "AWS Organization id: spokes in it may put events on the hub bus, and the hub may assume spoke roles in it."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", coalesce(var.organization_id, "x")))
    error_message = "organization_id must look like o-xxxxxxxxxx."
  }
}

variable "spoke_account_ids" {
  description = "Without an organization (or to narrow it): the spoke accounts. When set, only their roles may be assumed."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.spoke_account_ids : can(regex("^\\d{12}$", a))])
    error_message = "spoke_account_ids must be 12-digit account ids."
  }
  validation {
    condition     = var.organization_id != null || length(var.spoke_account_ids) > 0
    error_message = "Give organization_id or spoke_account_ids."
  }
}

variable "spoke_role_name" {
  description = "Name of the access role every spoke creates (spoke layout `spoke_role_name`)."
  type        = string
  default     = "lambda-qscanner-spoke"
}

variable "spoke_external_id" {
  description = "ExternalId the hub presents to spoke roles; generate once (openssl rand -hex 16) and give the same value to every spoke."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@:/-]+$", var.spoke_external_id)) && length(var.spoke_external_id) >= 16 && length(var.spoke_external_id) <= 1224
    error_message = "spoke_external_id must be 16-1224 characters of [\\w+=,.@:/-] (e.g. openssl rand -hex 16)."
  }
}

variable "hub_bus_name" {
  description = "Name of the hub event bus."
  type        = string
  default     = "lambda-qscanner-hub"
}

variable "name_prefix" {
  description = "Prefix of every resource name (the spokes derive the trusted role names from it)."
  type        = string
  default     = "lambda-qscanner"
}

variable "regions" {
  description = "Regions whose functions are scanned (IAM scope in the hub and the spoke roles)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", r))])
    error_message = "regions must be AWS region names like eu-west-1."
  }
}

variable "forwarder_zip" {
  description = "Forwarder zip, relative to this directory."
  type        = string
  default     = "../../../target/lambda/forwarder/bootstrap.zip"
}

variable "reporter_zip" {
  description = "Reporter zip, relative to this directory."
  type        = string
  default     = "../../../target/lambda/reporter/bootstrap.zip"
}

variable "scanner_image_uri" {
  description = "Scanner image URI in the hub's ECR."
  type        = string
}

variable "scanner" {
  description = "Scanner sizing (see the pipeline module). Raise reserved_concurrency with the number of spokes."
  type = object({
    architecture           = optional(string, "x86_64")
    memory_size            = optional(number, 2048)
    ephemeral_storage_size = optional(number, 2048)
    timeout                = optional(number, 900)
    # drift(reserved_concurrency): a hub scans every spoke's functions, so it starts with more parallel scans
    reserved_concurrency = optional(number, 10)
    scan_timeout         = optional(number, 600)
    qscanner_bin         = optional(string, "/opt/qscanner/qscanner")
    log_level            = optional(string, "info")
  })
  default = {}
}

variable "policy_file" {
  description = "Policy file, relative to this directory."
  type        = string
  default     = "../../../policy/policy.toml"
}

variable "qualys_secret" {
  description = "Create an empty secret (default) or use an existing one."
  type = object({
    create                  = optional(bool, true)
    name                    = optional(string)
    existing_arn            = optional(string)
    existing_kms_key_arn    = optional(string)
    recovery_window_in_days = optional(number, 30)
  })
  default = {}
}

variable "create_securityhub_account" {
  description = "Enable Security Hub in the hub account."
  type        = bool
  default     = false
}

variable "security_hub_import" {
  description = "Import findings (into each function's own account, through the spoke role)."
  type        = bool
  default     = true
}

variable "alert_subscriptions" {
  description = "Subscriptions of the hub's alerts topic."
  type = list(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = []
}

variable "create_sweep" {
  description = "Create the daily sweep (hub account's own functions)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags."
  type        = map(string)
  default     = {}
}

variable "create_bucket_policies" {
  description = "Attach the TLS-only bucket policies. Keep true; false only on the moto emulator (it ignores policy conditions)."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Let destroy delete non-empty buckets (demos, the emulator)."
  type        = bool
  default     = false
}
