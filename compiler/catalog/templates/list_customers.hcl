# Kore.ai's Stripe template "List all customers": lists the account's
# customers, newest first, one readable line each.
template "list_customers" {
  title       = "List all customers"
  description = "Lists the customers in Stripe, newest first."
  intent      = "listAllCustomers"
  utterances = [
    "list all customers",
    "show me my customers",
    "who are my customers",
    "list customers in Stripe",
    "show the customer list",
    "get all customers",
  ]
  resources = ["customers"]

  option "limit" {
    type        = "number"
    integer     = true
    min         = 1
    max         = 100
    default     = 10
    description = "How many customers to show (Stripe's limit parameter)."
  }

  service "listAllCustomersService" {
    method = "GET"
    path   = "/v1/customers"
    query = {
      limit = option.limit
    }

    on_failure "listAllCustomersFailureMessage" {
      text = "Stripe could not list the customers: {{context.listAllCustomersService.response.body.error.message}}"
    }
  }

  # Turns the list into lines a person can read; a message template alone
  # cannot loop over the list.
  script "listAllCustomersScript" {
    code = <<-JS
      var body = context.listAllCustomersService.response.body || {};
      var data = body.data || [];
      var lines = [];
      for (var i = 0; i < data.length; i++) {
        var c = data[i] || {};
        var line = (i + 1) + ". " + (c.name || "(no name)");
        if (c.email) { line += " <" + c.email + ">"; }
        line += " (" + c.id + ")";
        lines.push(line);
      }
      if (lines.length === 0) {
        context.listAllCustomersText = "There are no customers in Stripe yet.";
      } else if (body.has_more) {
        context.listAllCustomersText = "The " + lines.length + " newest customers:\n" + lines.join("\n");
      } else {
        context.listAllCustomersText = "Customers:\n" + lines.join("\n");
      }
    JS
  }

  message "listAllCustomersMessage" {
    text = "{{context.listAllCustomersText}}"
  }
}
