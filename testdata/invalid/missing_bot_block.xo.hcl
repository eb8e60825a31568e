# ERROR: Missing bot block
# (reported at the start of the directory's first file)

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
