variable "create_rule" {
  description = "Create the rule, its target and everything they need."
  type        = bool
  default     = true
}

variable "name" {
  description = "Rule name (also prefixes the dead-letter queue and the forwarding role)."
  type        = string
  default     = "lambda-qscanner-lambda-api"

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,56}$", var.name))
    error_message = "name must be 1-56 characters of letters, digits, dots, hyphens and underscores."
  }
}

variable "event_bus_name" {
  description = "Bus the rule listens on: `default` for the account's own CloudTrail events, the hub bus name in the hub."
  type        = string
  default     = "default"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]{1,256}$", var.event_bus_name))
    error_message = "event_bus_name must be an event bus name."
  }
}

variable "event_names" {
  description = "CloudTrail eventName values of the Lambda API that trigger the pipeline."
  type        = list(string)
  default = [
    "CreateFunction20150331",
    "UpdateFunctionCode20150331v2",
    "UpdateFunctionConfiguration20150331v2",
    "DeleteFunction20150331",
  ]

  validation {
    condition     = length(var.event_names) > 0 && alltrue([for n in var.event_names : can(regex("^[A-Za-z]+\\d{8}(v\\d+)?$", n))])
    error_message = "event_names must be CloudTrail Lambda event names with their API version suffix, e.g. CreateFunction20150331."
  }
}

variable "ignore_failed_calls" {
  description = "Drop events of API calls that failed (they carry errorCode and no responseElements: not a deployment)."
  type        = bool
  default     = true
}

variable "target" {
  description = <<-EOT
    Where matching events go. `kind = "lambda"`: `arn` is the forwarder in this account and region.
    `kind = "event_bus"`: `arn` is the hub's bus, or the primary region's default bus; a role that may
    events:PutEvents there is created.
  EOT
  type = object({
    kind = string
    arn  = string
  })

  validation {
    condition     = contains(["lambda", "event_bus"], var.target.kind)
    error_message = "target.kind must be lambda or event_bus."
  }
  validation {
    condition = (
      var.target.kind == "lambda"
      ? can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+$", var.target.arn))
      : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+$", var.target.arn))
    )
    error_message = "target.arn must be an unqualified Lambda function ARN (kind lambda) or an event bus ARN (kind event_bus)."
  }
}

variable "retry_policy" {
  description = "Retries of the rule target before the event goes to the dead-letter queue."
  type = object({
    maximum_retry_attempts       = optional(number, 8)
    maximum_event_age_in_seconds = optional(number, 3600)
  })
  default = {}

  validation {
    condition = (
      var.retry_policy.maximum_retry_attempts >= 0 && var.retry_policy.maximum_retry_attempts <= 185 &&
      var.retry_policy.maximum_event_age_in_seconds >= 60 && var.retry_policy.maximum_event_age_in_seconds <= 86400
    )
    error_message = "maximum_retry_attempts must be 0-185 and maximum_event_age_in_seconds 60-86400."
  }
}

variable "kms_key_arn" {
  description = "CMK of the target's dead-letter queue (its key policy must let events.amazonaws.com use it); null: SQS-managed SSE."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", coalesce(var.kms_key_arn, "x")))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "create_alarm" {
  description = "Alarm on the dead-letter queue depth (needs alarm_topic_arn)."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "SNS topic notified when the dead-letter queue is not empty (null: no alarm)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]+$", coalesce(var.alarm_topic_arn, "x")))
    error_message = "alarm_topic_arn must be an SNS topic ARN or null."
  }
  validation {
    condition     = !var.create_alarm || var.alarm_topic_arn != null
    error_message = "create_alarm needs alarm_topic_arn."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
