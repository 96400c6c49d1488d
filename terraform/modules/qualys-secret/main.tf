resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:The Qualys access token is issued and rotated in the Qualys portal; there is no rotation Lambda to attach. Rotate by putting a new value.
  count = var.create_secret ? 1 : 0

  name                    = var.name
  description             = "Qualys QScanner credentials for lambda-qscanner: JSON {\"qualys_pod\":\"US2\",\"qualys_access_token\":\"...\"}. Value put out of band."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}

# Only when the caller explicitly passes a value: then the token is in state.
resource "aws_secretsmanager_secret_version" "this" {
  count = var.create_secret && var.initial_value != null ? 1 : 0

  secret_id     = aws_secretsmanager_secret.this[0].id
  secret_string = jsonencode(var.initial_value)

  lifecycle {
    # Rotations done out of band must not be reverted by the next apply.
    ignore_changes = [secret_string]
  }
}
