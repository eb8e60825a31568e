# Kore.ai's Stripe template "Create a Customer": asks for a name, an email
# address and a phone number, then creates the customer in Stripe.
template "create_customer" {
  title       = "Create a Customer"
  description = "Creates a customer in Stripe from a name, an email address and a phone number."
  intent      = "createCustomer"
  utterances = [
    "create a customer",
    "add a new customer",
    "create a new customer in Stripe",
    "register a customer",
    "I want to add a customer",
    "set up a customer account",
  ]
  resources = ["customers"]

  entity "name" {
    type         = "person_name"
    prompt       = "What is the customer's full name?"
    error_prompt = "Please enter the customer's name, for example Jane Doe."
  }

  entity "email" {
    type         = "email"
    prompt       = "What is the customer's email address?"
    error_prompt = "That does not look like an email address. Please enter one such as jane@example.com."
  }

  entity "phone" {
    type         = "phone_number"
    prompt       = "What is the customer's phone number?"
    error_prompt = "Please enter a phone number with its country code, such as +1 415 555 0100."
  }

  # The service's body is a JSON object of form fields, and the platform
  # puts each {{…}} into it as text. jsonText escapes a value as the inside
  # of a JSON string, so O'Brien or He said "hi" keep the object whole;
  # values without quotes, backslashes or control characters are unchanged.
  script "createCustomerScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      context.createCustomerName = jsonText(context.entities.name);
      context.createCustomerEmail = jsonText(context.entities.email);
      context.createCustomerPhone = jsonText(context.entities.phone);
    JS
  }

  service "createCustomerService" {
    method = "POST"
    path   = "/v1/customers"
    body = {
      name  = "{{context.createCustomerName}}"
      email = "{{context.createCustomerEmail}}"
      phone = "{{context.createCustomerPhone}}"
    }

    on_failure "createCustomerFailureMessage" {
      text = "Stripe could not create the customer: {{context.createCustomerService.response.body.error.message}}"
    }
  }

  message "createCustomerMessage" {
    text = "Customer {{context.createCustomerService.response.body.id}} created for {{context.createCustomerService.response.body.name}} ({{context.createCustomerService.response.body.email}})."
  }
}
