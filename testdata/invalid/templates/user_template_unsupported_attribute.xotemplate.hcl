template "vip_customer" { # ERROR: Missing required argument
  titel       = "Add a VIP customer" # ERROR: Unsupported argument
  description = "Creates a customer marked as a VIP in Stripe."
  intent      = "addVipCustomer"
  utterances  = ["add a vip customer", "create a vip", "new vip customer", "register a vip", "make a vip customer"]
  resources   = ["customers"]

  entity "name" {
    type         = "person_name"
    prompt       = "What is the VIP's name?"
    error_prompt = "Please give a name, such as Jane Doe."
  }

  script "addVipCustomerScript" {
    code = <<-JS
      function jsonText(v) { var s = JSON.stringify(String(v)); return s.slice(1, s.length - 1); }
      context.addVipCustomerName = jsonText(context.entities.name);
    JS
  }

  service "addVipCustomerService" {
    method = "POST"
    path   = "/v1/customers"
    body = {
      name            = "{{context.addVipCustomerName}}"
      "metadata[vip]" = "true"
    }
    on_failure "addVipCustomerFailureMessage" {
      text = "Stripe could not add the VIP: {{context.addVipCustomerService.response.body.error.message}}"
    }
  }

  message "addVipCustomerMessage" {
    text = "VIP {{context.addVipCustomerService.response.body.name}} added as {{context.addVipCustomerService.response.body.id}}."
  }
}
