account_id       = "222222222222"
region           = "eu-west-1"
deploy_role_name = "OrganizationAccountAccessRole"

# From the hub apply (terraform output in layouts/hub):
hub_event_bus_arn = "arn:aws:events:eu-west-1:999999999999:event-bus/lambda-qscanner-hub"
hub_trusted_role_arns = [
  "arn:aws:iam::999999999999:role/lambda-qscanner-scanner",
  "arn:aws:iam::999999999999:role/lambda-qscanner-reporter",
]
spoke_external_id = "3f9c0d7e5b1a4c2e8d6f0a9b7c5e3d1f"

regions            = ["eu-west-1", "us-east-1"]
create_access_role = true # false in this account's other regions
