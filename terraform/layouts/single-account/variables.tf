variable "region" {
  description = "Region to install into. Apply once per region (one workspace each, see README)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region name like eu-west-1."
  }
}

variable "allowed_account_ids" {
  description = "Refuse to apply in any other account (recommended)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.allowed_account_ids : can(regex("^\\d{12}$", a))])
    error_message = "allowed_account_ids must be 12-digit account ids."
  }
}

variable "forward_to_event_bus_arn" {
  description = <<-EOT
    Secondary-region mode: instead of a pipeline, only a rule that forwards this region's Lambda API
    events to the primary region's default bus (`arn:aws:events:<primary>:<account>:event-bus/default`).
    Null (default): install the full pipeline here.
  EOT
  type        = string
  default     = null

  validation {
    condition     = var.forward_to_event_bus_arn == null || can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+$", coalesce(var.forward_to_event_bus_arn, "x")))
    error_message = "forward_to_event_bus_arn must be an EventBridge event bus ARN."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "lambda-qscanner"
}

variable "regions" {
  description = "Regions whose functions the pipeline scans: this region plus those that forward to it."
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
  # drift: optional here because this layout may only forward events to a hub
  description = "ECR URI of the scanner image (make build-image push-image). Required unless forwarding."
  type        = string
  default     = null

  validation {
    condition     = var.forward_to_event_bus_arn != null || var.scanner_image_uri != null
    error_message = "scanner_image_uri is required when this region runs the pipeline."
  }
}

variable "lambda_architecture" {
  # drift: checked here because stack only validates it inside the pipeline's forwarder and reporter objects
  description = "Architecture of the forwarder and reporter zips."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "scanner" {
  description = "Scanner sizing (memory_size, ephemeral_storage_size, timeout, reserved_concurrency, scan_timeout, architecture, log_level)."
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

variable "log_level" {
  description = "RUST_LOG of the forwarder and reporter."
  type        = string
  default     = "info"
}

variable "policy_file" {
  description = "Policy file uploaded as the policy object, relative to this directory."
  type        = string
  default     = "../../../policy/policy.toml"
}

variable "qualys_secret" {
  description = "Create an empty secret (default) or use `existing_arn`. Never put the token in tfvars."
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
  description = "Enable Security Hub in this account and region (skip if it is already enabled)."
  type        = bool
  default     = false
}

variable "security_hub_import" {
  description = "Import findings into Security Hub."
  type        = bool
  default     = true
}

variable "alert_subscriptions" {
  description = "Subscriptions of the alerts topic."
  type = list(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = []
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

variable "create_sweep" {
  description = "Create the daily sweep."
  type        = bool
  default     = true
}

variable "sweep_schedule_expression" {
  description = "Schedule of the sweep."
  type        = string
  default     = "rate(1 day)"
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

variable "kms_deletion_window_in_days" {
  description = "Waiting period before the stack key is deleted."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}
