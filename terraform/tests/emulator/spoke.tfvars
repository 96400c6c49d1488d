# Emulator-only values for the spoke layout: account 222222222222, reached by
# assuming a role from the hub's credentials (moto lands the resources there).
account_id        = "222222222222"
region            = "us-east-1"
deploy_role_name  = "OrganizationAccountAccessRole"
hub_event_bus_arn = "arn:aws:events:us-east-1:123456789012:event-bus/lambda-qscanner-hub"
hub_trusted_role_arns = [
  "arn:aws:iam::123456789012:role/lambda-qscanner-scanner",
  "arn:aws:iam::123456789012:role/lambda-qscanner-reporter",
]
spoke_external_id = "emulator-external-id-0123456789"
