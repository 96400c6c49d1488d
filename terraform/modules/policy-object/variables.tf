variable "create_object" {
  description = "Upload the policy object."
  type        = bool
  default     = true
}

variable "bucket_name" {
  description = "Bucket that holds the policy object (the stack's config bucket)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "key" {
  description = "Object key of the policy."
  type        = string
  default     = "policy/policy.toml"

  validation {
    condition     = length(var.key) > 0 && !startswith(var.key, "/")
    error_message = "key must be a non-empty S3 key without a leading slash."
  }
}

variable "source_path" {
  description = "Path of the policy file to upload, normally `<repo>/policy/policy.toml` (validated with `qscan policy check` in CI before apply)."
  type        = string

  validation {
    condition     = fileexists(var.source_path)
    error_message = "source_path must name an existing file."
  }
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS of the object (the bucket's key)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags for the object."
  type        = map(string)
  default     = {}
}
