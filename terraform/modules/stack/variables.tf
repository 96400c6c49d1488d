variable "name_prefix" {
  # drift: bucket names carry the prefix, so stack allows 24 characters where the pipeline allows 39
  description = "Prefix of every resource name. Buckets are `<prefix>-results-<account>-<region>` and `<prefix>-config-<account>-<region>`."
  type        = string
  default     = "lambda-qscanner"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,22}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-24 lower-case letters, digits and hyphens, starting with a letter (bucket names are limited to 63 characters)."
  }
}

variable "regions" {
  description = "Regions whose functions this stack scans. Other regions forward their events here (see the single-account README)."
  type        = list(string)
  default     = []
}

variable "forwarder_zip" {
  description = "Path of the forwarder zip (`cargo lambda build --release --output-format zip` writes target/lambda/forwarder/bootstrap.zip)."
  type        = string
}

variable "reporter_zip" {
  description = "Path of the reporter zip."
  type        = string
}

variable "scanner_image_uri" {
  description = "ECR URI of the scanner image (`make build-image push-image`)."
  type        = string
}

variable "lambda_architecture" {
  description = "Architecture of the forwarder and reporter zips (x86_64 or arm64)."
  type        = string
  default     = "x86_64"
}

variable "scanner" {
  description = "Scanner sizing and behaviour; see the pipeline module (image_uri comes from scanner_image_uri)."
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
  description = "Path of the policy file uploaded as the policy object (normally <repo>/policy/policy.toml)."
  type        = string
}

variable "qualys_secret" {
  # drift: stack creates or adopts the secret; the pipeline only takes the resulting ARN
  description = "Create an empty secret (default; put the value out of band) or reference `existing_arn` (with its CMK, if any)."
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
  description = "Enable Security Hub here (off: it is usually enabled organization-wide already; the emulator lacks it)."
  type        = bool
  default     = false
}

variable "security_hub_import" {
  description = "The reporter imports findings into Security Hub."
  type        = bool
  default     = true
}

variable "alert_subscriptions" {
  description = "Subscriptions of the alerts topic (e.g. an email address)."
  type = list(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = []
}

variable "results_retention_days" {
  description = "Days after which scan reports expire (null keeps them; old versions go after 90 days)."
  type        = number
  default     = 400
}

variable "log_retention_in_days" {
  description = "CloudWatch Logs retention."
  type        = number
  default     = 365
}

variable "create_sweep" {
  description = "Create the scheduled sweep."
  type        = bool
  default     = true
}

variable "sweep" {
  description = "Schedule and message of the sweep (see the pipeline module)."
  type = object({
    schedule_expression = optional(string, "rate(1 day)")
    input               = optional(string, "{\"type\":\"sweep\",\"version\":1}")
  })
  default = {}
}

variable "event_buses" {
  description = "Buses whose Lambda API events go to the forwarder, keyed by a static label: `{ default = \"default\" }`; the hub adds its own bus."
  type        = map(string)
  default     = { default = "default" }
}

variable "spoke_access" {
  description = "Hub only: spoke role name, ExternalId and organization id / account list (see the pipeline module)."
  type = object({
    role_name       = string
    external_id     = string
    organization_id = optional(string)
    account_ids     = optional(list(string), [])
  })
  default = null
}

variable "create_bucket_policies" {
  description = "Attach the TLS-only bucket policies (false only on the moto emulator, which ignores their conditions)."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Let `terraform destroy` remove buckets with objects in them (tests, demos)."
  type        = bool
  default     = false
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period of the stack key's deletion."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
