# A publishable key written straight into the file: two mistakes in one
# value, and the message names both.
bot "publishable_literal" {}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = "pk_test_51H8xYzAbCdEfGhIjKlMnOpQr" # ERROR: API key written in the configuration
  }

  template "list_customers" {}
}
