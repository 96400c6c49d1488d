# A second region of the same account: only forward Lambda API events to the
# primary region's default bus (output default_event_bus_arn of the primary).
region                   = "eu-central-1"
allowed_account_ids      = ["123456789012"]
forward_to_event_bus_arn = "arn:aws:events:eu-west-1:123456789012:event-bus/default"
