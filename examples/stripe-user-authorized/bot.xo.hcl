# A self-service billing bot: each end user signs in with their own Stripe
# key through a Basic Auth profile, so the bot holds no secret at all.
bot "billing_self_service" {
  name        = "Billing Self-Service"
  description = "Lets each Stripe account holder manage their own customers and invoices"
}

locals {
  stripe_host = "https://api.stripe.com"
}

auth_profile "stripe_end_user" {
  type                    = "basic"
  description             = "Each end user signs in with their own Stripe secret key"
  base_url                = local.stripe_host
  authorization_check_url = "${local.stripe_host}/v1/balance"
  tenancy                 = false
}
