variable "create_topic" {
  description = "Create the SNS topic."
  type        = bool
  default     = true
}

variable "name" {
  description = "Topic name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 characters of letters, digits, hyphens and underscores."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for SSE. Its key policy must let `cloudwatch.amazonaws.com` use it so alarms can publish."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "publisher_service_principals" {
  description = "Services allowed to publish from this account (CloudWatch alarms by default)."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com"]
}

variable "subscriptions" {
  description = "Subscriptions to create, e.g. `[{ protocol = \"email\", endpoint = \"secops@example.com\" }]`. Email needs confirmation."
  type = list(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.subscriptions : contains(["email", "email-json", "sqs", "https", "lambda", "sms", "firehose"], s.protocol)])
    error_message = "subscriptions[].protocol must be one of email, email-json, sqs, https, lambda, sms, firehose."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
