terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
  }

  # Use one state per account: a workspace per account (README) or a
  # backend key per account (-backend-config="key=lambda-qscanner/<account>.tfstate").
}

# The caller's credentials (e.g. the management or a deployment account)
# assume a role in the target account; nothing is created outside it.
provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  dynamic "assume_role" {
    for_each = var.deploy_role_name == null ? [] : [var.deploy_role_name]
    content {
      role_arn     = "arn:aws:iam::${var.account_id}:role/${assume_role.value}"
      session_name = "lambda-qscanner-per-account"
      external_id  = var.deploy_role_external_id
    }
  }

  default_tags {
    tags = merge({ "lambda-qscanner:layout" = "per-account" }, var.tags)
  }
}
