# A payments assistant that calls Stripe with the company's own key: every
# end user's request uses it, so nobody has to sign in.
bot "payments_assistant" {
  name        = "Payments Assistant"
  description = "Takes payments and manages customers and invoices in Stripe"
  language    = "en"
}
