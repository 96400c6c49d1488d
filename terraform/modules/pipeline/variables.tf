variable "name_prefix" {
  description = "Prefix of every name (functions `<prefix>-forwarder`, `<prefix>-scanner`, `<prefix>-reporter`, roles, queues, alarms)."
  type        = string
  default     = "lambda-qscanner"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,37}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-39 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "regions" {
  description = "Regions whose functions this pipeline scans (IAM scoping of lambda:GetFunction, ECR and Security Hub). Defaults to the provider's region."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-\\d$", r))])
    error_message = "regions must be AWS region names like eu-west-1."
  }
}

variable "forwarder" {
  description = "Forwarder Lambda (zip from `cargo lambda build --release --output-format zip`)."
  type = object({
    zip_path             = string
    architecture         = optional(string, "x86_64")
    memory_size          = optional(number, 256)
    timeout              = optional(number, 60)
    reserved_concurrency = optional(number)
    log_level            = optional(string, "info")
  })

  validation {
    condition     = fileexists(var.forwarder.zip_path)
    error_message = "forwarder.zip_path must name an existing zip (build it with `cargo lambda build --release --output-format zip`)."
  }
  validation {
    condition     = contains(["x86_64", "arm64"], var.forwarder.architecture)
    error_message = "forwarder.architecture must be x86_64 or arm64."
  }
  validation {
    condition     = var.forwarder.timeout >= 1 && var.forwarder.timeout <= 900 && var.forwarder.memory_size >= 128 && var.forwarder.memory_size <= 10240
    error_message = "forwarder.timeout must be 1-900 s and memory_size 128-10240 MB."
  }
}

variable "reporter" {
  description = "Reporter Lambda (zip like the forwarder)."
  type = object({
    zip_path             = string
    architecture         = optional(string, "x86_64")
    memory_size          = optional(number, 512)
    timeout              = optional(number, 300)
    reserved_concurrency = optional(number)
    log_level            = optional(string, "info")
  })

  validation {
    condition     = fileexists(var.reporter.zip_path)
    error_message = "reporter.zip_path must name an existing zip."
  }
  validation {
    condition     = contains(["x86_64", "arm64"], var.reporter.architecture)
    error_message = "reporter.architecture must be x86_64 or arm64."
  }
  validation {
    condition     = var.reporter.timeout >= 1 && var.reporter.timeout <= 900 && var.reporter.memory_size >= 128 && var.reporter.memory_size <= 10240
    error_message = "reporter.timeout must be 1-900 s and memory_size 128-10240 MB."
  }
}

variable "scanner" {
  description = <<-EOT
    Scanner Lambda (container image built by `make build-image`, pushed to ECR). Sized for QScanner:
    2048 MB memory, 2048 MB /tmp, 900 s timeout; `scan_timeout` (SCAN_TIMEOUT) must leave the function
    time to report, so it must be lower than `timeout`. Reserved concurrency bounds parallel scans
    (and Qualys API use); an account needs at least 10 unreserved executions left.
  EOT
  type = object({
    image_uri              = string
    architecture           = optional(string, "x86_64")
    memory_size            = optional(number, 2048)
    ephemeral_storage_size = optional(number, 2048)
    timeout                = optional(number, 900)
    reserved_concurrency   = optional(number, 5)
    scan_timeout           = optional(number, 600)
    qscanner_bin           = optional(string, "/opt/qscanner/qscanner")
    log_level              = optional(string, "info")
  })

  validation {
    condition     = can(regex("^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$", var.scanner.image_uri))
    error_message = "scanner.image_uri must be an ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag> or @sha256:<digest>."
  }
  validation {
    condition     = var.scanner.scan_timeout >= 30 && var.scanner.scan_timeout < var.scanner.timeout
    error_message = "scanner.scan_timeout must be at least 30 s and lower than scanner.timeout (the scanner needs time to report after QScanner stops)."
  }
  validation {
    condition     = var.scanner.timeout <= 900 && var.scanner.memory_size >= 1024 && var.scanner.memory_size <= 10240
    error_message = "scanner.timeout must be at most 900 s and memory_size 1024-10240 MB (QScanner needs about 200 MB RSS plus the image)."
  }
  validation {
    condition     = var.scanner.ephemeral_storage_size >= 512 && var.scanner.ephemeral_storage_size <= 10240
    error_message = "scanner.ephemeral_storage_size must be 512-10240 MB."
  }
  validation {
    condition     = var.scanner.reserved_concurrency >= 1 && floor(var.scanner.reserved_concurrency) == var.scanner.reserved_concurrency
    error_message = "scanner.reserved_concurrency must be a whole number >= 1."
  }
  validation {
    condition     = contains(["x86_64", "arm64"], var.scanner.architecture)
    error_message = "scanner.architecture must be x86_64 or arm64 (build the image with the matching PLATFORM)."
  }
}

variable "async_invocation" {
  description = "Retry and age limits of the asynchronous invocations of all three functions; failures go to the dead-letter queue."
  type = object({
    maximum_retry_attempts       = optional(number, 2)
    maximum_event_age_in_seconds = optional(number, 21600)
  })
  default = {}

  validation {
    condition = (
      var.async_invocation.maximum_retry_attempts >= 0 && var.async_invocation.maximum_retry_attempts <= 2 &&
      var.async_invocation.maximum_event_age_in_seconds >= 60 && var.async_invocation.maximum_event_age_in_seconds <= 21600
    )
    error_message = "maximum_retry_attempts must be 0-2 and maximum_event_age_in_seconds 60-21600."
  }
}

variable "policy_object" {
  description = "The policy object uploaded by the policy-object module: its `s3://` URI, object ARN and the KMS key of its bucket."
  type = object({
    s3_uri      = string
    arn         = string
    kms_key_arn = optional(string)
  })

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]+[a-z0-9]/.+$", var.policy_object.s3_uri))
    error_message = "policy_object.s3_uri must look like s3://bucket/key."
  }
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]+[a-z0-9]/.+$", var.policy_object.arn))
    error_message = "policy_object.arn must be an S3 object ARN."
  }
}

variable "qualys_secret" {
  description = "Secrets Manager secret holding `{\"qualys_pod\":\"US2\",\"qualys_access_token\":\"...\"}` and its CMK (null for aws/secretsmanager)."
  type = object({
    arn         = string
    kms_key_arn = optional(string)
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", var.qualys_secret.arn))
    error_message = "qualys_secret.arn must be a Secrets Manager secret ARN."
  }
}

variable "results" {
  description = "Results bucket (name and ARN) and its KMS key."
  type = object({
    bucket_name = string
    bucket_arn  = string
    kms_key_arn = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]+[a-z0-9]$", var.results.bucket_arn))
    error_message = "results.bucket_arn must be an S3 bucket ARN."
  }
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", var.results.kms_key_arn))
    error_message = "results.kms_key_arn must be a KMS key ARN."
  }
}

variable "alerts" {
  description = "SNS topic for threshold alerts and alarms, and its KMS key."
  type = object({
    topic_arn   = string
    kms_key_arn = optional(string)
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]+$", var.alerts.topic_arn))
    error_message = "alerts.topic_arn must be an SNS topic ARN."
  }
}

variable "security_hub_import" {
  description = "Reporter imports findings into Security Hub (SECURITY_HUB_IMPORT). When false it gets no Security Hub permissions."
  type        = bool
  default     = true
}

variable "spoke_access" {
  description = <<-EOT
    Hub only: the role the scanner and reporter assume in a spoke account
    (`arn:aws:iam::<function account>:role/<role_name>`) with `external_id`. Assumption is limited to
    the organization (`organization_id`, via aws:ResourceOrgID) or to `account_ids`. Null elsewhere.
  EOT
  type = object({
    role_name       = string
    external_id     = string
    organization_id = optional(string)
    account_ids     = optional(list(string), [])
  })
  default = null

  validation {
    condition     = var.spoke_access == null || can(regex("^[\\w+=,.@-]{1,64}$", try(var.spoke_access.role_name, "")))
    error_message = "spoke_access.role_name must be a valid IAM role name."
  }
  validation {
    condition     = var.spoke_access == null || (can(regex("^[\\w+=,.@:/-]+$", try(var.spoke_access.external_id, ""))) && length(try(var.spoke_access.external_id, "")) >= 2 && length(try(var.spoke_access.external_id, "")) <= 1224)
    error_message = "spoke_access.external_id must be 2-1224 characters of [\\w+=,.@:/-]."
  }
  validation {
    condition     = var.spoke_access == null || can(regex("^o-[a-z0-9]{10,32}$", try(var.spoke_access.organization_id, ""))) || length(try(var.spoke_access.account_ids, [])) > 0
    error_message = "spoke_access needs organization_id (o-xxxxxxxxxx) or a non-empty account_ids list."
  }
  validation {
    condition     = var.spoke_access == null || alltrue([for a in try(var.spoke_access.account_ids, []) : can(regex("^\\d{12}$", a))])
    error_message = "spoke_access.account_ids must be 12-digit account ids."
  }
}

variable "ecr_repository_arns" {
  description = "ECR repositories whose images the scanner may pull. Defaults to every repository of this account in `regions`."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\\d{12}:repository/.+$", a))])
    error_message = "ecr_repository_arns must be ECR repository ARNs."
  }
}

variable "kms_key_arn" {
  description = "CMK for log groups, the dead-letter queue and Lambda environment variables (null: AWS-managed encryption)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+$", coalesce(var.kms_key_arn, "x")))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "log_retention_in_days" {
  description = "CloudWatch Logs retention of the three functions."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ..., 365, ..., 3653)."
  }
}

variable "create_sweep" {
  description = "Create the scheduled sweep that asks the forwarder to rescan stale functions and onboard existing ones."
  type        = bool
  default     = true
}

variable "sweep" {
  description = "Schedule and message of the sweep. `input` is the forwarder's sweep command, `{\"type\":\"sweep\",\"version\":1}` (README, \"Message contracts\")."
  type = object({
    schedule_expression = optional(string, "rate(1 day)")
    input               = optional(string, "{\"type\":\"sweep\",\"version\":1}")
  })
  default = {}

  validation {
    condition     = can(regex("^(rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)|cron\\(.+\\))$", var.sweep.schedule_expression))
    error_message = "sweep.schedule_expression must be rate(...) or cron(...)."
  }
  validation {
    condition     = can(jsondecode(var.sweep.input))
    error_message = "sweep.input must be JSON."
  }
  # The forwarder decodes commands by "type" and refuses unknown fields and
  # versions (crates/qscan-contracts/src/command.rs): anything else would be
  # dead-lettered on every schedule.
  validation {
    condition = try(
      jsondecode(var.sweep.input).type == "sweep" &&
      jsondecode(var.sweep.input).version == 1 &&
      length(setsubtract(keys(jsondecode(var.sweep.input)), ["type", "version"])) == 0,
      false
    )
    error_message = "sweep.input must be the forwarder's sweep command {\"type\":\"sweep\",\"version\":1} (no other fields)."
  }
}

variable "create_alarms" {
  description = "Create CloudWatch alarms (dead-letter queue depth, function errors, scanner throttles) that notify the alerts topic."
  type        = bool
  default     = true
}

variable "dead_letter_retention_seconds" {
  description = "How long failed events stay in the dead-letter queue (max 14 days)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be 60-1209600."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
