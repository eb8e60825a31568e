# A default is a constant.
bot "payments" {
  name = var.display_name
}

variable "brand" {
  type    = string
  default = "Acme"
}

variable "display_name" {
  type    = string
  default = "${var.brand} Payments" # ERROR: Reference not allowed here
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
  template "create_customer" {}
}
