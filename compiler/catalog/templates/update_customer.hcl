# Changes a customer's email address and phone number.
template "update_customer" {
  title       = "Update a customer"
  description = "Updates a Stripe customer's email address and phone number."
  intent      = "updateCustomer"
  utterances = [
    "update a customer",
    "change a customer's email address",
    "change a customer's phone number",
    "edit customer details",
    "the customer has a new email",
    "update contact details of a customer",
  ]
  resources = ["customers"]

  entity "customer" {
    type         = "label"
    prompt       = "What is the id of the customer to update (it starts with cus_)?"
    error_prompt = "Please enter a customer id such as cus_NffrFeUfNV2Hib."
  }

  entity "email" {
    type         = "email"
    prompt       = "What is the customer's new email address?"
    error_prompt = "That does not look like an email address. Please enter one such as jane@example.com."
  }

  entity "phone" {
    type         = "phone_number"
    prompt       = "What is the customer's new phone number?"
    error_prompt = "Please enter a phone number with its country code, such as +1 415 555 0100."
  }

  # The id becomes one segment of the URL (see retrieve_payment_intent.hcl);
  # the texts are escaped for the JSON object of form fields (see
  # create_customer.hcl).
  script "updateCustomerScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      context.updateCustomerId = encodeURIComponent(str(context.entities.customer));
      context.updateCustomerEmail = jsonText(context.entities.email);
      context.updateCustomerPhone = jsonText(context.entities.phone);
    JS
  }

  service "updateCustomerService" {
    method = "POST"
    path   = "/v1/customers/{{context.updateCustomerId}}"
    body = {
      email = "{{context.updateCustomerEmail}}"
      phone = "{{context.updateCustomerPhone}}"
    }

    on_failure "updateCustomerFailureMessage" {
      text = "Stripe could not update the customer: {{context.updateCustomerService.response.body.error.message}}"
    }
  }

  message "updateCustomerMessage" {
    text = "Customer {{context.updateCustomerService.response.body.id}} updated: email {{context.updateCustomerService.response.body.email}}, phone {{context.updateCustomerService.response.body.phone}}."
  }
}
