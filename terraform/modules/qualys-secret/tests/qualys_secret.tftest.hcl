mock_provider "aws" {
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:lambda-qscanner/qualys-AbCdEf" }
  }
}

run "creates_empty_secret_by_default" {
  command = apply

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_secretsmanager_secret.this) == 1 && length(aws_secretsmanager_secret_version.this) == 0
    error_message = "the secret must be created without a value (no token in state)"
  }
  assert {
    condition     = output.secret_arn == "arn:aws:secretsmanager:eu-west-1:111111111111:secret:lambda-qscanner/qualys-AbCdEf"
    error_message = "secret_arn output"
  }
}

run "references_existing_secret" {
  command = plan

  variables {
    create_secret       = false
    existing_secret_arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:shared/qualys-XyZ123"
  }

  assert {
    condition     = length(aws_secretsmanager_secret.this) == 0 && output.secret_arn == var.existing_secret_arn
    error_message = "an existing secret must be passed through, nothing created"
  }
}

run "explicit_value_is_opt_in" {
  command = plan

  variables {
    initial_value = { qualys_pod = "US2", qualys_access_token = "test-token" }
  }

  assert {
    condition     = length(aws_secretsmanager_secret_version.this) == 1
    error_message = "a version is created only when a value is given"
  }
}

run "rejects_bad_existing_arn" {
  command = plan
  variables {
    create_secret       = false
    existing_secret_arn = "qualys"
  }
  expect_failures = [var.existing_secret_arn]
}

run "rejects_bad_recovery_window" {
  command = plan
  variables {
    recovery_window_in_days = 3
  }
  expect_failures = [var.recovery_window_in_days]
}

run "requires_existing_arn_when_not_creating" {
  command = plan
  variables {
    create_secret = false
  }
  expect_failures = [var.existing_secret_arn]
}
