terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
  }

  # Local state by default. For real use configure a remote backend, e.g.
  # terraform init -backend-config=... with an s3 backend block added here.
}

provider "aws" {
  region              = var.region
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = merge({ "lambda-qscanner:layout" = "hub" }, var.tags)
  }
}
