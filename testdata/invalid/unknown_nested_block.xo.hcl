# "templates" instead of "template" inside the action block.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
  templates "list_customers" {} # ERROR: Unsupported block type
}
