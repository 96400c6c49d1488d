variable "create_bus" {
  description = "Create the hub event bus and its resource policy."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the hub event bus that receives the spokes' Lambda API events."
  type        = string
  default     = "lambda-qscanner-hub"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,256}$", var.name)) && var.name != "default"
    error_message = "name must be a custom bus name (letters, digits, . _ -), not `default`."
  }
}

variable "organization_id" {
  description = "AWS Organization id (o-...). Any account of the organization may put events (aws:PrincipalOrgID)."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", coalesce(var.organization_id, "x")))
    error_message = "organization_id must look like o-xxxxxxxxxx."
  }
}

variable "source_account_ids" {
  description = "Instead of (or without) an organization: the spoke account ids allowed to put events."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.source_account_ids : can(regex("^\\d{12}$", a))])
    error_message = "source_account_ids must be 12-digit account ids."
  }
  validation {
    condition     = var.organization_id != null || length(var.source_account_ids) > 0
    error_message = "Give organization_id or at least one source account id: the bus must not be open to every AWS account."
  }
}

variable "kms_key_arn" {
  description = "Optional CMK for events at rest on the bus (its key policy must let events.amazonaws.com use it)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", coalesce(var.kms_key_arn, "x")))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "tags" {
  description = "Tags for the bus."
  type        = map(string)
  default     = {}
}
