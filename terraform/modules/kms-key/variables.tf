variable "create_key" {
  description = "Create the key. When false, nothing is created and the outputs are null."
  type        = bool
  default     = true
}

variable "alias_name" {
  description = "Alias without the `alias/` prefix, e.g. `lambda-qscanner`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,200}$", var.alias_name)) && !startswith(var.alias_name, "aws/")
    error_message = "alias_name must be 1-200 characters of [a-zA-Z0-9/_-] and must not start with aws/."
  }
}

variable "description" {
  description = "Key description."
  type        = string
  default     = "lambda-qscanner data key"
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled deletion (7-30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "service_principals" {
  description = <<-EOT
    AWS service principals (e.g. `cloudwatch.amazonaws.com`, `events.amazonaws.com`) that may use the
    key to encrypt messages they deliver to encrypted SNS topics / SQS queues, limited to this account
    through `aws:SourceAccount`.
  EOT
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.service_principals : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", p))])
    error_message = "service_principals must be service principals like events.amazonaws.com."
  }
}

variable "allow_cloudwatch_logs" {
  description = "Let CloudWatch Logs in this region encrypt log groups of this account with the key."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
