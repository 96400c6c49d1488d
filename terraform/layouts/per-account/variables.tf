variable "account_id" {
  description = "The member account this apply installs into (the provider refuses any other)."
  type        = string

  validation {
    condition     = can(regex("^\\d{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "deploy_role_name" {
  description = "Role to assume in the account (OrganizationAccountAccessRole, or your deployment role). Null: use the current credentials as they are."
  type        = string
  default     = "OrganizationAccountAccessRole"

  validation {
    condition     = var.deploy_role_name == null || can(regex("^[\\w+=,.@/-]{1,64}$", coalesce(var.deploy_role_name, "x")))
    error_message = "deploy_role_name must be an IAM role name (or path/name) or null."
  }
}

variable "deploy_role_external_id" {
  description = "ExternalId of the deployment role, if it requires one."
  type        = string
  default     = null
}

variable "region" {
  description = "Region to install into."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region name like eu-west-1."
  }
}

variable "regions" {
  description = "Regions of this account whose functions are scanned (default: region)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", r))])
    error_message = "regions must be AWS region names like eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "lambda-qscanner"
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
  description = "Scanner image URI. Either in this account's ECR, or a shared repository whose policy lets this account's Lambda pull it."
  type        = string
}

variable "scanner" {
  description = "Scanner sizing (see the pipeline module)."
  type = object({
    architecture           = optional(string, "x86_64")
    memory_size            = optional(number, 2048)
    ephemeral_storage_size = optional(number, 2048)
    timeout                = optional(number, 900)
    reserved_concurrency   = optional(number, 5)
    scan_timeout           = optional(number, 600)
    qscanner_bin           = optional(string, "/opt/qscanner/qscanner")
    log_level              = optional(string, "info")
  })
  default = {}
}

variable "policy_file" {
  description = "Policy file, relative to this directory (the same file for every account, or one per account)."
  type        = string
  default     = "../../../policy/policy.toml"
}

variable "qualys_secret" {
  description = "Create an empty secret per account (default) or use an existing one."
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
  description = "Enable Security Hub in the account."
  type        = bool
  default     = false
}

variable "security_hub_import" {
  description = "Import findings into the account's Security Hub."
  type        = bool
  default     = true
}

variable "alert_subscriptions" {
  description = "Subscriptions of the account's alerts topic."
  type = list(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = []
}

variable "create_sweep" {
  description = "Create the daily sweep."
  type        = bool
  default     = true
}

variable "results_retention_days" {
  description = "Days before scan reports expire."
  type        = number
  default     = 400
}

variable "log_retention_in_days" {
  description = "CloudWatch Logs retention."
  type        = number
  default     = 365
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
