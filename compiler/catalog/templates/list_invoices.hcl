# Kore.ai's Stripe template "List all invoices": lists the account's
# invoices, newest first, with customer, amount due, status and due date.
template "list_invoices" {
  title       = "List all invoices"
  description = "Lists the invoices in Stripe, newest first."
  intent      = "listAllInvoices"
  utterances = [
    "list all invoices",
    "show me my invoices",
    "which invoices do I have",
    "list invoices in Stripe",
    "show the invoice list",
    "get all invoices",
  ]
  resources = ["invoices"]

  option "limit" {
    type        = "number"
    integer     = true
    min         = 1
    max         = 100
    default     = 10
    description = "How many invoices to show (Stripe's limit parameter)."
  }

  option "status" {
    type        = "string"
    allowed     = ["draft", "open", "paid", "uncollectible", "void"]
    description = "Show only invoices with this status (Stripe's status parameter); unset shows all."
  }

  service "listAllInvoicesService" {
    method = "GET"
    path   = "/v1/invoices"
    # An unset option is null, and a null query parameter is left out.
    query = {
      limit  = option.limit
      status = option.status
    }

    on_failure "listAllInvoicesFailureMessage" {
      text = "Stripe could not list the invoices: {{context.listAllInvoicesService.response.body.error.message}}"
    }
  }

  script "listAllInvoicesScript" {
    code = <<-JS
      // Currencies whose smallest unit is the whole unit (Stripe's list).
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      function day(unix) { return new Date(unix * 1000).toISOString().slice(0, 10); }
      var status = ${jsonencode(option.status)};
      var body = context.listAllInvoicesService.response.body || {};
      var data = body.data || [];
      var lines = [];
      for (var i = 0; i < data.length; i++) {
        var inv = data[i] || {};
        var line = (i + 1) + ". " + (inv.number || inv.id);
        line += " for " + (inv.customer_name || inv.customer_email || inv.customer || "(no customer)");
        line += ": " + money(inv.amount_due, inv.currency) + ", " + inv.status;
        if (inv.due_date) { line += ", due " + day(inv.due_date); }
        if (inv.number) { line += " (" + inv.id + ")"; }
        lines.push(line);
      }
      if (lines.length === 0) {
        context.listAllInvoicesText = status ? "There are no " + status + " invoices in Stripe." : "There are no invoices in Stripe yet.";
      } else if (body.has_more) {
        context.listAllInvoicesText = "The " + lines.length + " newest " + (status ? status + " " : "") + "invoices:\n" + lines.join("\n");
      } else {
        context.listAllInvoicesText = (status ? "Invoices with status " + status + ":\n" : "Invoices:\n") + lines.join("\n");
      }
    JS
  }

  message "listAllInvoicesMessage" {
    text = "{{context.listAllInvoicesText}}"
  }
}
