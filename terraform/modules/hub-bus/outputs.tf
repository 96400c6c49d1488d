output "bus_arn" {
  description = "ARN of the hub bus: the spokes' event-source target."
  value       = local.bus_arn
}

output "bus_name" {
  description = "Name of the hub bus: the hub rule listens on it."
  value       = one(aws_cloudwatch_event_bus.this[*].name)
}

output "bus_policy" {
  description = "The bus resource policy, decoded."
  value       = local.bus_policy
}
