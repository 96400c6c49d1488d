output "access_role_arn" {
  description = "The role the hub assumes here (null where create_access_role = false)."
  value       = module.access_role.role_arn
}

output "forward_rule_arn" {
  description = "Rule forwarding Lambda API events to the hub bus."
  value       = module.forward.rule_arn
}

output "forward_role_arn" {
  description = "Role EventBridge uses to put events on the hub bus."
  value       = module.forward.forward_role_arn
}

output "dead_letter_queue_url" {
  description = "Events the hub bus did not accept."
  value       = module.forward.dead_letter_queue_url
}
