# icon_not_a_png.png is a text file with a .png name.
bot "payments" {
  icon = "icon_not_a_png.png" # ERROR: Invalid icon
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
