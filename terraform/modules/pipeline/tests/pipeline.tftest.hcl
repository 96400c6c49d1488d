mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  forwarder = { zip_path = "../../tests/fixtures/bootstrap.zip" }
  reporter  = { zip_path = "../../tests/fixtures/bootstrap.zip" }
  scanner   = { image_uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test" }
  policy_object = {
    s3_uri      = "s3://qscan-config-111111111111-eu-west-1/policy/policy.toml"
    arn         = "arn:aws:s3:::qscan-config-111111111111-eu-west-1/policy/policy.toml"
    kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  }
  qualys_secret = {
    arn         = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:lambda-qscanner/qualys-AbCdEf"
    kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  }
  results = {
    bucket_name = "qscan-results-111111111111-eu-west-1"
    bucket_arn  = "arn:aws:s3:::qscan-results-111111111111-eu-west-1"
    kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  }
  alerts = {
    topic_arn   = "arn:aws:sns:eu-west-1:111111111111:lambda-qscanner-alerts"
    kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  }
  kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
}

run "single_account_pipeline" {
  command = apply

  # Resource counts: three functions, each with its own role, policy, log
  # group and on-failure destination; the sweep; the alarms.
  assert {
    condition = alltrue([
      length(aws_iam_role.this) == 3,
      length(aws_iam_role_policy.this) == 3,
      length(aws_cloudwatch_log_group.this) == 3,
      length(aws_lambda_function_event_invoke_config.this) == 3,
      length(aws_cloudwatch_event_rule.sweep) == 1,
      length(aws_cloudwatch_event_target.sweep) == 1,
      length(aws_lambda_permission.sweep) == 1,
      length(aws_cloudwatch_metric_alarm.function_errors) == 3,
      length(aws_cloudwatch_metric_alarm.dead_letter_depth) == 1,
      length(aws_cloudwatch_metric_alarm.scanner_throttles) == 1,
    ])
    error_message = "unexpected resource counts"
  }

  # The contract with the Rust binaries: names and environment variables.
  assert {
    condition = alltrue([
      aws_lambda_function.forwarder.function_name == "lambda-qscanner-forwarder",
      aws_lambda_function.scanner.function_name == "lambda-qscanner-scanner",
      aws_lambda_function.reporter.function_name == "lambda-qscanner-reporter",
      aws_lambda_function.forwarder.runtime == "provided.al2023",
      aws_lambda_function.forwarder.handler == "bootstrap",
      aws_lambda_function.reporter.runtime == "provided.al2023",
      aws_lambda_function.scanner.package_type == "Image",
    ])
    error_message = "function names, runtime or package type differ from the contract"
  }
  assert {
    condition     = keys(aws_lambda_function.forwarder.environment[0].variables) == tolist(["POLICY_S3_URI", "REPORTER_FUNCTION", "RUST_LOG", "SCANNER_FUNCTION"])
    error_message = "forwarder environment differs from the contract"
  }
  assert {
    condition     = keys(aws_lambda_function.scanner.environment[0].variables) == tolist(["POLICY_S3_URI", "QSCANNER_BIN", "QUALYS_SECRET_ARN", "REPORTER_FUNCTION", "RUST_LOG", "SCAN_TIMEOUT"])
    error_message = "scanner environment differs from the contract (no SPOKE_* outside the hub)"
  }
  assert {
    condition     = keys(aws_lambda_function.reporter.environment[0].variables) == tolist(["POLICY_S3_URI", "RESULTS_S3_BUCKET", "RUST_LOG", "SECURITY_HUB_IMPORT", "SNS_TOPIC_ARN"])
    error_message = "reporter environment differs from the contract"
  }
  assert {
    condition = alltrue([
      aws_lambda_function.forwarder.environment[0].variables.SCANNER_FUNCTION == "lambda-qscanner-scanner",
      aws_lambda_function.forwarder.environment[0].variables.REPORTER_FUNCTION == "lambda-qscanner-reporter",
      aws_lambda_function.scanner.environment[0].variables.QSCANNER_BIN == "/opt/qscanner/qscanner",
      aws_lambda_function.scanner.environment[0].variables.SCAN_TIMEOUT == "600",
      aws_lambda_function.reporter.environment[0].variables.SECURITY_HUB_IMPORT == "true",
      aws_lambda_function.reporter.environment[0].variables.POLICY_S3_URI == "s3://qscan-config-111111111111-eu-west-1/policy/policy.toml",
    ])
    error_message = "environment values differ from the contract"
  }

  # Scanner sized for QScanner.
  assert {
    condition = alltrue([
      aws_lambda_function.scanner.memory_size == 2048,
      aws_lambda_function.scanner.ephemeral_storage[0].size == 2048,
      aws_lambda_function.scanner.timeout == 900,
      aws_lambda_function.scanner.reserved_concurrent_executions == 5,
    ])
    error_message = "scanner sizing"
  }

  # Every async hop ends in the DLQ.
  assert {
    condition = alltrue([
      for c in aws_lambda_function_event_invoke_config.this :
      c.destination_config[0].on_failure[0].destination == aws_sqs_queue.dead_letter.arn
    ])
    error_message = "every function needs the dead-letter queue as on-failure destination"
  }
  assert {
    condition     = aws_cloudwatch_event_target.sweep[0].dead_letter_config[0].arn == aws_sqs_queue.dead_letter.arn && aws_cloudwatch_event_target.sweep[0].retry_policy[0].maximum_retry_attempts > 0
    error_message = "the sweep target needs a dead-letter queue and a retry policy"
  }
  # The sweep sends the forwarder's sweep command (README, "Message
  # contracts"); the forwarder dead-letters any other shape.
  assert {
    condition     = jsondecode(aws_cloudwatch_event_target.sweep[0].input) == { type = "sweep", version = 1 }
    error_message = "the sweep input must be the forwarder's command {\"type\":\"sweep\",\"version\":1}"
  }
  assert {
    condition     = aws_sqs_queue.dead_letter.kms_master_key_id == var.kms_key_arn
    error_message = "the dead-letter queue must be encrypted with the CMK"
  }

  # Least privilege: no "*" action (or service:*), and "*" resources only
  # for ecr:GetAuthorizationToken and the region-conditioned ListFunctions
  # (an action AWS only authorises on "*").
  assert {
    condition = alltrue(flatten([
      for p in values(output.role_policies) : [
        for s in p.Statement : [
          for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*")
        ]
      ]
    ]))
    error_message = "an IAM statement has a wildcard action"
  }
  assert {
    condition = alltrue(flatten([
      for p in values(output.role_policies) : [
        for s in p.Statement : !contains(flatten([s.Resource]), "*") || (
          flatten([s.Action]) == ["ecr:GetAuthorizationToken"] ||
          (flatten([s.Action]) == ["lambda:ListFunctions"] && can(s.Condition.StringEquals["aws:RequestedRegion"]))
        )
      ]
    ]))
    error_message = "\"*\" resources are only allowed for ecr:GetAuthorizationToken (and region-conditioned lambda:ListFunctions)"
  }
  assert {
    condition = alltrue([
      for p in values(output.role_policies) : alltrue([for s in p.Statement : s.Effect == "Allow"])
    ])
    error_message = "role policies only allow"
  }

  # Each role gets exactly its own powers.
  assert {
    condition = toset(flatten([for s in output.role_policies.forwarder.Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "lambda:InvokeFunction", "lambda:ListFunctions",
      "s3:GetObject", "kms:Decrypt", "sqs:SendMessage", "kms:GenerateDataKey",
    ])
    error_message = "forwarder actions"
  }
  assert {
    condition = toset(flatten([for s in output.role_policies.scanner.Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "lambda:GetFunction", "lambda:ListTags", "lambda:GetLayerVersion",
      "secretsmanager:GetSecretValue", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
      "ecr:GetAuthorizationToken", "lambda:InvokeFunction", "kms:Decrypt", "s3:GetObject", "sqs:SendMessage", "kms:GenerateDataKey",
    ])
    error_message = "scanner actions (no sts:AssumeRole outside the hub)"
  }
  assert {
    condition = toset(flatten([for s in output.role_policies.reporter.Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "s3:PutObject", "s3:GetObject", "s3:ListBucket", "kms:GenerateDataKey",
      "kms:Decrypt", "sns:Publish", "securityhub:BatchImportFindings", "securityhub:GetFindings", "sqs:SendMessage",
    ])
    error_message = "reporter actions"
  }
  assert {
    condition = one([
      for s in output.role_policies.scanner.Statement : s.Resource if s.Sid == "ReadQualysSecret"
    ]) == var.qualys_secret.arn
    error_message = "the scanner reads only the Qualys secret"
  }
  assert {
    condition = one([
      for s in output.role_policies.scanner.Statement : s.Resource if s.Sid == "ReadFunctionsInScope"
    ]) == ["arn:aws:lambda:eu-west-1:111111111111:function:*"]
    error_message = "GetFunction is limited to this account's functions in the regions in scope"
  }
  assert {
    condition = one([
      for s in output.role_policies.reporter.Statement : s.Resource if s.Sid == "ImportFindings"
    ]) == ["arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default"]
    error_message = "BatchImportFindings is limited to this account's default product"
  }
  assert {
    condition = one([
      for s in output.role_policies.reporter.Statement : s.Resource if s.Sid == "WriteAndReadReports"
    ]) == "arn:aws:s3:::qscan-results-111111111111-eu-west-1/*"
    error_message = "reports only under the results bucket"
  }
  assert {
    condition = toset(one([
      for s in output.role_policies.forwarder.Statement : s.Resource if s.Sid == "DispatchToScannerAndReporter"
      ])) == toset([
      "arn:aws:lambda:eu-west-1:111111111111:function:lambda-qscanner-scanner",
      "arn:aws:lambda:eu-west-1:111111111111:function:lambda-qscanner-scanner:*",
      "arn:aws:lambda:eu-west-1:111111111111:function:lambda-qscanner-reporter",
      "arn:aws:lambda:eu-west-1:111111111111:function:lambda-qscanner-reporter:*",
    ])
    error_message = "the forwarder invokes only the scanner and the reporter"
  }
}

run "hub_assumes_spoke_roles_only_in_the_organization" {
  command = apply

  variables {
    spoke_access = {
      role_name       = "lambda-qscanner-spoke"
      external_id     = "qscan-7f3c2a"
      organization_id = "o-abcdef1234"
    }
    regions = ["eu-west-1", "us-east-1"]
  }

  assert {
    condition = alltrue([
      aws_lambda_function.scanner.environment[0].variables.SPOKE_ROLE_NAME == "lambda-qscanner-spoke",
      aws_lambda_function.scanner.environment[0].variables.SPOKE_EXTERNAL_ID == "qscan-7f3c2a",
      aws_lambda_function.reporter.environment[0].variables.SPOKE_ROLE_NAME == "lambda-qscanner-spoke",
      aws_lambda_function.reporter.environment[0].variables.SPOKE_EXTERNAL_ID == "qscan-7f3c2a",
      !contains(keys(aws_lambda_function.forwarder.environment[0].variables), "SPOKE_ROLE_NAME"),
    ])
    error_message = "SPOKE_* variables go to the scanner and the reporter only"
  }
  assert {
    condition = alltrue([
      for role in ["scanner", "reporter"] : one([
        for s in output.role_policies[role].Statement : s.Condition.StringEquals["aws:ResourceOrgID"]
        if s.Action == "sts:AssumeRole"
      ]) == "o-abcdef1234"
    ])
    error_message = "spoke role assumption must be conditioned on aws:ResourceOrgID"
  }
  assert {
    condition = one([
      for s in output.role_policies.scanner.Statement : s.Resource if s.Action == "sts:AssumeRole"
    ]) == "arn:aws:iam::*:role/lambda-qscanner-spoke"
    error_message = "only the spoke role name may be assumed"
  }
  assert {
    condition = length([
      for s in output.role_policies.forwarder.Statement : s if s.Action == "sts:AssumeRole"
    ]) == 0
    error_message = "the forwarder never assumes spoke roles"
  }
  assert {
    condition = one([
      for s in output.role_policies.scanner.Statement : s.Resource if s.Sid == "ReadFunctionsInScope"
    ]) == ["arn:aws:lambda:eu-west-1:111111111111:function:*", "arn:aws:lambda:us-east-1:111111111111:function:*"]
    error_message = "regions in scope drive the function ARNs"
  }
}

run "hub_with_explicit_account_list" {
  command = apply

  variables {
    spoke_access = {
      role_name   = "lambda-qscanner-spoke"
      external_id = "qscan-7f3c2a"
      account_ids = ["222222222222", "333333333333"]
    }
  }

  assert {
    condition = one([
      for s in output.role_policies.reporter.Statement : s.Resource if s.Action == "sts:AssumeRole"
      ]) == [
      "arn:aws:iam::222222222222:role/lambda-qscanner-spoke",
      "arn:aws:iam::333333333333:role/lambda-qscanner-spoke",
    ]
    error_message = "an explicit account list names each spoke role"
  }
}

run "optional_parts_off" {
  command = apply

  variables {
    create_sweep        = false
    create_alarms       = false
    security_hub_import = false
  }

  assert {
    condition = alltrue([
      length(aws_cloudwatch_event_rule.sweep) == 0,
      length(aws_cloudwatch_metric_alarm.function_errors) == 0,
      length(aws_cloudwatch_metric_alarm.dead_letter_depth) == 0,
    ])
    error_message = "gates must remove the sweep and alarms"
  }
  assert {
    condition     = !contains(flatten([for s in output.role_policies.forwarder.Statement : s.Action]), "lambda:ListFunctions")
    error_message = "no ListFunctions without the sweep"
  }
  assert {
    condition     = length([for a in flatten([for s in output.role_policies.reporter.Statement : s.Action]) : a if startswith(a, "securityhub:")]) == 0
    error_message = "no Security Hub permissions when import is off"
  }
  assert {
    condition     = aws_lambda_function.reporter.environment[0].variables.SECURITY_HUB_IMPORT == "false"
    error_message = "SECURITY_HUB_IMPORT=false"
  }
}

run "rejects_scan_timeout_not_below_function_timeout" {
  command = plan
  variables {
    scanner = {
      image_uri    = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/lambda-qscanner-scanner:test"
      timeout      = 600
      scan_timeout = 600
    }
  }
  expect_failures = [var.scanner]
}

run "rejects_non_ecr_image" {
  command = plan
  variables {
    scanner = { image_uri = "docker.io/library/alpine:latest" }
  }
  expect_failures = [var.scanner]
}

run "rejects_missing_zip" {
  command = plan
  variables {
    forwarder = { zip_path = "target/lambda/forwarder/missing.zip" }
  }
  expect_failures = [var.forwarder]
}

run "rejects_spoke_access_without_org_or_accounts" {
  command = plan
  variables {
    spoke_access = { role_name = "lambda-qscanner-spoke", external_id = "qscan-7f3c2a" }
  }
  expect_failures = [var.spoke_access]
}

run "rejects_bad_spoke_account_id" {
  command = plan
  variables {
    spoke_access = { role_name = "r", external_id = "qscan-7f3c2a", account_ids = ["12345"] }
  }
  expect_failures = [var.spoke_access]
}

run "rejects_bad_region" {
  command = plan
  variables {
    regions = ["europe-west1"]
  }
  expect_failures = [var.regions]
}

run "sweep_keeps_a_custom_schedule_with_the_default_command" {
  command = plan
  variables {
    sweep = { schedule_expression = "rate(12 hours)" }
  }
  assert {
    condition     = aws_cloudwatch_event_target.sweep[0].input == "{\"type\":\"sweep\",\"version\":1}"
    error_message = "a custom schedule keeps the default sweep command"
  }
}

run "rejects_sweep_input_in_the_old_kind_shape" {
  command = plan
  variables {
    sweep = { input = "{\"version\":1,\"kind\":\"sweep\"}" }
  }
  expect_failures = [var.sweep]
}

run "rejects_sweep_input_with_unknown_fields" {
  command = plan
  variables {
    sweep = { input = "{\"type\":\"sweep\",\"version\":1,\"accounts\":[\"111111111111\"]}" }
  }
  expect_failures = [var.sweep]
}

run "rejects_sweep_input_of_another_version" {
  command = plan
  variables {
    sweep = { input = "{\"type\":\"sweep\",\"version\":2}" }
  }
  expect_failures = [var.sweep]
}

run "rejects_bad_log_retention" {
  command = plan
  variables {
    log_retention_in_days = 42
  }
  expect_failures = [var.log_retention_in_days]
}
