# A template for the checks' tests: a DELETE whose path refers to a
# variable a script prepares, after a confirmation.
template "delete_customer" {
  title       = "Delete a customer"
  description = "Deletes a customer in Stripe."
  intent      = "deleteCustomer"
  utterances = [
    "delete a customer",
    "remove a customer",
    "delete customer",
    "erase a customer from Stripe",
    "get rid of a customer",
  ]
  resources = ["customers"]

  entity "customer" {
    type         = "label"
    prompt       = "Which customer should I delete (cus_…)?"
    error_prompt = "Please give a customer id, such as cus_123."
  }

  script "deleteCustomerScript" {
    code = <<-JS
      context.deleteCustomerId = encodeURIComponent(String(context.entities.customer).trim());
    JS
  }

  confirm "deleteCustomerConfirm" {
    prompt = "Delete customer {{context.entities.customer}}? This cannot be undone."

    on_no "deleteCustomerCancelledMessage" {
      text = "Nothing was deleted."
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
    text = "Deleted customer {{context.deleteCustomerService.response.body.id}}."
  }
}
