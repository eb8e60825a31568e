# A desk for the finance team: the balance, payouts and Checkout links from
# the catalog, and a refund dialog of the team's own, written in the
# catalog's template language in templates/refund_vip.xotemplate.hcl.
bot "refunds_desk" {
  name        = "Refunds Desk"
  description = "Shows the Stripe balance, pays it out, takes payments through Checkout and refunds VIP customers"
}

variable "stripe_api_key" {
  type        = string
  sensitive   = true
  description = "Stripe secret or restricted key"
}

# The team's own template. Its file could as well live in a folder that
# several bots share: path = "../shared/refund_vip.xotemplate.hcl".
template_source "refund_vip" {
  path = "templates/refund_vip.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }

  template "retrieve_balance" {}

  template "create_payout" {
    currency = "eur"
  }

  template "create_checkout_session" {
    dialog_name = "Send a payment link"
    success_url = "https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}"
    cancel_url  = "https://shop.example.com/cart"
  }

  # A user template is installed as a catalog template is, with the same
  # overrides: a dialog name, utterances, its own options, prompts.
  template "refund_vip" {
    note = "VIP goodwill refund"

    entity "paymentIntent" {
      prompt = "Which VIP payment should go back? Give its id, such as pi_3MtwBwLkdIwHu7ix28a3tqPa."
    }
  }
}
