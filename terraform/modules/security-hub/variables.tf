variable "create_securityhub_account" {
  description = "Enable Security Hub in this account and region. Leave false when it is already enabled (e.g. by an organization delegated administrator) or on the emulator."
  type        = bool
  default     = false
}

variable "enable_default_standards" {
  description = "Also enable the default standards (AWS FSBP, CIS) when enabling Security Hub."
  type        = bool
  default     = false
}

variable "control_finding_generator" {
  description = "SECURITY_CONTROL (consolidated) or STANDARD_CONTROL."
  type        = string
  default     = "SECURITY_CONTROL"

  validation {
    condition     = contains(["SECURITY_CONTROL", "STANDARD_CONTROL"], var.control_finding_generator)
    error_message = "control_finding_generator must be SECURITY_CONTROL or STANDARD_CONTROL."
  }
}
