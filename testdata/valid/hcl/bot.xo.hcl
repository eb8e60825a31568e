# A self-service billing bot: each end user signs in with their own Stripe
# key. The same bot is written in HCL's JSON syntax in ../json; the two must
# decode to the same configuration.
bot "acme_billing" {
  name        = "${var.brand} Billing"
  description = local.description
  language    = "en"

  # Where xoc deploy imports the bot, and which parts.
  deploy {
    bot_id = "st-6f1c2e0a-1b2c-5d3e-8f4a-0123456789ab"
    import_options = {
      tasks   = ["botTask"]
      nlpData = ["training_data"]
      options = { utterances = { append = true, replace = false } }
    }
  }
}

locals {
  description = "Lets ${var.brand} customers manage their own Stripe billing"
  check_url   = "${var.stripe_host}/v1/balance"
}
