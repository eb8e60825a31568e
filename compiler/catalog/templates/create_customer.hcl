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

  # Stripe takes form bodies. Building the body here, with encodeURIComponent,
  # keeps values such as "Smith & Sons" in one piece on any runtime.
  script "createCustomerScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function form(fields) {
        var parts = [];
        for (var i = 0; i < fields.length; i++) {
          parts.push(encodeURIComponent(fields[i][0]) + "=" + encodeURIComponent(fields[i][1]));
        }
        return parts.join("&");
      }
      context.createCustomerBody = form([
        ["name", str(context.entities.name)],
        ["email", str(context.entities.email)],
        ["phone", str(context.entities.phone)]
      ]);
    JS
  }

  service "createCustomerService" {
    method = "POST"
    path   = "/v1/customers"
    params = ["name", "email", "phone"]
    body   = "{{context.createCustomerBody}}"

    on_failure "createCustomerFailureMessage" {
      text = "Stripe could not create the customer: {{context.createCustomerService.response.body.error.message}}"
    }
  }

  message "createCustomerMessage" {
    text = "Customer {{context.createCustomerService.response.body.id}} created for {{context.createCustomerService.response.body.name}} ({{context.createCustomerService.response.body.email}})."
  }
}
