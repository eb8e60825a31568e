# A self-service billing bot: each end user signs in with their own Stripe
# key. The same bot is written in HCL's JSON syntax in ../json; the two must
# decode to the same configuration.
bot "acme_billing" {
  name        = "${var.brand} Billing"
  description = local.description
  language    = "en"
}

locals {
  description = "Lets ${var.brand} customers manage their own Stripe billing"
  check_url   = "${var.stripe_host}/v1/balance"
}
