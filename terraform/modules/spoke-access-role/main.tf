data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  regions    = length(var.regions) > 0 ? var.regions : [data.aws_region.current.name]

  ecr_repository_arns = length(var.ecr_repository_arns) > 0 ? var.ecr_repository_arns : [
    for r in local.regions : "arn:${local.partition}:ecr:${r}:${local.account_id}:repository/*"
  ]
}
