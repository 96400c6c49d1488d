variable "create_role" {
  description = "Create the spoke access role."
  type        = bool
  default     = true
}

variable "role_name" {
  description = "Role name; must equal the hub's SPOKE_ROLE_NAME (the hub assumes arn:aws:iam::<spoke>:role/<role_name>)."
  type        = string
  default     = "lambda-qscanner-spoke"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be a valid IAM role name (1-64 characters)."
  }
}

variable "trusted_role_arns" {
  description = "The hub's scanner and reporter execution role ARNs (hub layout outputs `spoke_trusted_role_arns`)."
  type        = list(string)

  validation {
    condition     = length(var.trusted_role_arns) > 0 && alltrue([for a in var.trusted_role_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$", a))])
    error_message = "trusted_role_arns must be one or more IAM role ARNs."
  }
}

variable "external_id" {
  description = "ExternalId the hub presents (its SPOKE_EXTERNAL_ID): guards against the confused-deputy problem."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@:/-]+$", var.external_id)) && length(var.external_id) >= 2 && length(var.external_id) <= 1224
    error_message = "external_id must be 2-1224 characters of [\\w+=,.@:/-]."
  }
}

variable "regions" {
  description = "Regions of this account whose functions the hub may read and import findings for (default: the provider's region)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", r))])
    error_message = "regions must be AWS region names like eu-west-1."
  }
}

variable "ecr_repository_arns" {
  description = "ECR repositories the hub scanner may pull from (default: every repository of this account in `regions`)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\\d{12}:repository/.+$", a))])
    error_message = "ecr_repository_arns must be ECR repository ARNs."
  }
}

variable "allow_security_hub_import" {
  description = "Let the hub reporter import findings into this account's Security Hub (BatchImportFindings only accepts the calling account's findings)."
  type        = bool
  default     = true
}

variable "max_session_duration" {
  description = "Maximum session length in seconds (a scan takes at most the scanner timeout)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be 3600-43200."
  }
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
