# A bot's only env variables are the ones xoc declares for its Stripe
# action; a text that names another would show nothing on the platform.
bot "payments" {
  description = "Support line: {{env.support_phone}}" # ERROR: Unknown env variable
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {
    dialog_name = "New customer ({{env.region}})" # ERROR: Unknown env variable
    entity "email" {
      prompt = "Email? We call {{env.stripe_base_url}} with it." # the base URL is declared
    }
  }
}
