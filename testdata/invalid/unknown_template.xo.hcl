# A template name that is not in the catalog (xoc templates lists it).
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
  template "create_costumer" {} # ERROR: Unknown template
}
