variable "create_bucket" {
  description = "Create the bucket and its configuration."
  type        = bool
  default     = true
}

variable "bucket_name" {
  description = "Globally unique bucket name (the stack uses `<prefix>-<purpose>-<account>-<region>`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !can(regex("\\.\\.|^\\d+\\.\\d+\\.\\d+\\.\\d+$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key used for SSE-KMS (bucket keys on)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "create_bucket_policy" {
  description = <<-EOT
    Attach the TLS-only / bucket-key-only bucket policy. Keep true on AWS. False only for emulators that
    evaluate a Deny statement without its conditions (moto 5 denies every object operation then).
  EOT
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete a bucket that still holds objects (tests and demos)."
  type        = bool
  default     = false
}

variable "lifecycle_rules" {
  description = <<-EOT
    Lifecycle of stored objects. `expiration_days` expires current objects (null keeps them),
    `noncurrent_expiration_days` removes old versions, `transition_ia_days` moves current objects to
    STANDARD_IA (null: no transition), `abort_multipart_days` cleans incomplete uploads.
  EOT
  type = object({
    expiration_days            = optional(number)
    noncurrent_expiration_days = optional(number, 90)
    transition_ia_days         = optional(number)
    abort_multipart_days       = optional(number, 7)
  })
  default = {}

  validation {
    condition = alltrue([
      for d in [
        var.lifecycle_rules.expiration_days,
        var.lifecycle_rules.noncurrent_expiration_days,
        var.lifecycle_rules.transition_ia_days,
        var.lifecycle_rules.abort_multipart_days,
      ] : d == null ? true : (d >= 1 ? floor(d) == d : false)
    ])
    error_message = "lifecycle_rules days must be whole numbers >= 1 (or null)."
  }
  validation {
    condition     = coalesce(var.lifecycle_rules.transition_ia_days, 30) >= 30
    error_message = "S3 requires at least 30 days before a transition to STANDARD_IA."
  }
}

variable "access_log" {
  description = "Server access logging target (an existing log bucket), or null for none."
  type = object({
    bucket = string
    prefix = optional(string, "s3-access/")
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
