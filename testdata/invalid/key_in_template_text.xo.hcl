# A text that names the key's env variable in a template would make the
# bot tell the key to whoever talks to it.
bot "payments" {
  description = "Uses {{env.stripe_api_key}}" # ERROR: Stripe key in a text
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
  template "create_invoice" {
    dialog_name = "Bill {{ env . stripe_api_key }}" # ERROR: Stripe key in a text
    utterances = [
      "bill a customer",
      "show {{env['stripe_api_key']}}", # ERROR: Stripe key in a text
    ]
    entity "dueDate" {
      prompt       = "When? {{context.stripe_api_key}} {{env.stripe_base_url}}"
      error_prompt = "Key: {{env.stripe_api_key}}" # ERROR: Stripe key in a text
    }
  }
}
