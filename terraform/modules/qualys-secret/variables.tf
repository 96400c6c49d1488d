variable "create_secret" {
  description = "Create an empty secret (value put out of band). When false, `existing_secret_arn` is used."
  type        = bool
  default     = true
}

variable "name" {
  description = "Secret name (when created)."
  type        = string
  default     = "lambda-qscanner/qualys"

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.name))
    error_message = "name must be 1-512 characters of [A-Za-z0-9/_+=.@-]."
  }
}

variable "existing_secret_arn" {
  description = "ARN of an existing secret holding the Qualys credentials (when create_secret = false)."
  type        = string
  default     = null

  validation {
    condition     = var.existing_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", coalesce(var.existing_secret_arn, "x")))
    error_message = "existing_secret_arn must be a Secrets Manager secret ARN."
  }
  validation {
    condition     = var.create_secret || var.existing_secret_arn != null
    error_message = "existing_secret_arn is required when create_secret = false."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the secret (null: the AWS-managed aws/secretsmanager key). The scanner gets kms:Decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", coalesce(var.kms_key_arn, "x")))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "recovery_window_in_days" {
  description = "Days before a deleted secret is gone (0 = immediately, for tests; 7-30 otherwise)."
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "initial_value" {
  description = <<-EOT
    Optional initial secret value. Leave null (the default) so the Qualys token never enters
    Terraform state; put the value out of band instead:
    `aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"qualys_pod":"US2","qualys_access_token":"..."}'`.
  EOT
  type = object({
    qualys_pod          = string
    qualys_access_token = string
  })
  default   = null
  sensitive = true
}

variable "tags" {
  description = "Tags for the secret."
  type        = map(string)
  default     = {}
}
