# Deletes a customer, after asking: looks the customer up first, so the
# question names who would be deleted, and on "no" nothing is deleted.
template "delete_customer" {
  title       = "Delete a customer"
  description = "Deletes a Stripe customer, after showing who it is and asking for a yes."
  intent      = "deleteCustomer"
  utterances = [
    "delete a customer",
    "remove a customer",
    "erase a customer from Stripe",
    "get rid of a customer",
    "I want to delete a customer account",
    "delete customer",
  ]
  resources = ["customers"]

  entity "customer" {
    type         = "label"
    prompt       = "What is the id of the customer to delete (it starts with cus_)?"
    error_prompt = "Please enter a customer id such as cus_NffrFeUfNV2Hib."
  }

  # The id becomes one segment of the URL (see retrieve_payment_intent.hcl).
  script "deleteCustomerScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      context.deleteCustomerId = encodeURIComponent(str(context.entities.customer));
    JS
  }

  service "deleteCustomerLookupService" {
    method = "GET"
    path   = "/v1/customers/{{context.deleteCustomerId}}"

    on_failure "deleteCustomerLookupFailureMessage" {
      text = "Stripe could not find the customer: {{context.deleteCustomerLookupService.response.body.error.message}}"
    }
  }

  # Who the question is about: name and email when the customer has them.
  script "deleteCustomerWhoScript" {
    code = <<-JS
      var c = context.deleteCustomerLookupService.response.body || {};
      var who = c.name || "";
      if (c.email) { who += (who ? " " : "") + "<" + c.email + ">"; }
      who += (who ? " (" + c.id + ")" : c.id);
      if (c.deleted) { who += ", already deleted"; }
      context.deleteCustomerWho = who;
    JS
  }

  confirm "deleteCustomerConfirm" {
    prompt = "Delete customer {{context.deleteCustomerWho}}? This cannot be undone."

    on_no "deleteCustomerCancelledMessage" {
      text = "Nothing was deleted: customer {{context.deleteCustomerWho}} is still in Stripe."
    }
  }

  service "deleteCustomerService" {
    method = "DELETE"
    path   = "/v1/customers/{{context.deleteCustomerId}}"

    on_failure "deleteCustomerFailureMessage" {
      text = "Stripe could not delete the customer: {{context.deleteCustomerService.response.body.error.message}}"
    }
  }

  message "deleteCustomerMessage" {
    text = "Customer {{context.deleteCustomerWho}} has been deleted."
  }
}
