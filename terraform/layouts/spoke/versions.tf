terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
  }

  # One state per spoke account and region (workspace or backend key).
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  dynamic "assume_role" {
    for_each = var.deploy_role_name == null ? [] : [var.deploy_role_name]
    content {
      role_arn     = "arn:aws:iam::${var.account_id}:role/${assume_role.value}"
      session_name = "lambda-qscanner-spoke"
    }
  }

  default_tags {
    tags = merge({ "lambda-qscanner:layout" = "spoke" }, var.tags)
  }
}
