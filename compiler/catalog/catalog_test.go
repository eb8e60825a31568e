package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

var wantTemplates = map[string]struct{ title, intent string }{
	"create_customer":       {"Create a Customer", "createCustomer"},
	"list_customers":        {"List all customers", "listAllCustomers"},
	"create_invoice":        {"Create Invoice", "createInvoice"},
	"list_invoices":         {"List all invoices", "listAllInvoices"},
	"create_payment_intent": {"Create a payment intent", "createPaymentIntent"},
	// Beyond Kore.ai's five.
	"create_payout":           {"Create a Payout", "createPayout"},
	"retrieve_balance":        {"Retrieve balance", "retrieveBalance"},
	"create_checkout_session": {"Create a checkout session", "createCheckoutSession"},
	"refund_payment":          {"Refund a payment", "refundPayment"},
	"retrieve_payment_intent": {"Retrieve a payment intent", "retrievePaymentIntent"},
	"cancel_payment_intent":   {"Cancel a payment intent", "cancelPaymentIntent"},
	"retrieve_customer":       {"Retrieve a customer", "retrieveCustomer"},
	"update_customer":         {"Update a customer", "updateCustomer"},
	"delete_customer":         {"Delete a customer", "deleteCustomer"},
}

func TestCatalogDecodes(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatalf("catalog files do not decode:\n%v", err)
	}
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() not sorted: %v", names)
	}
	if len(names) != len(wantTemplates) {
		t.Errorf("catalog has %v, want the %d templates of wantTemplates", names, len(wantTemplates))
	}
	for name, want := range wantTemplates {
		tpl, ok := Lookup(name)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", name)
			continue
		}
		if tpl.Title != want.title || tpl.Intent != want.intent {
			t.Errorf("%s: title %q intent %q, want %q %q", name, tpl.Title, tpl.Intent, want.title, want.intent)
		}
	}
	if _, ok := Lookup("create_refund"); ok {
		t.Errorf("Lookup of an unknown template succeeded")
	}
}

// Every template's resources are exactly the resources its calls touch:
// the path's segments up to the first id ("checkout/sessions" of
// /v1/checkout/sessions, "payment_intents" of
// /v1/payment_intents/{{context.x}}/cancel), a list a restricted key's
// permission can be probed with.
func TestResourcesMatchCalls(t *testing.T) {
	for _, tpl := range All() {
		var got []string
		for _, c := range tpl.Calls {
			r, _, _ := strings.Cut(strings.TrimPrefix(c.Path, "/v1/"), "/{{")
			if !slices.Contains(got, r) {
				got = append(got, r)
			}
		}
		if !slices.Equal(got, tpl.Resources) {
			t.Errorf("%s: resources %v, calls use %v", tpl.Name, tpl.Resources, got)
		}
	}
}

func TestUtterancesAndPrompts(t *testing.T) {
	for _, tpl := range All() {
		if len(tpl.Utterances) < 5 {
			t.Errorf("%s: %d utterances, want at least 5", tpl.Name, len(tpl.Utterances))
		}
		for _, e := range tpl.Entities {
			if e.Prompt == "" || e.ErrorPrompt == "" {
				t.Errorf("%s: entity %s lacks a prompt or an error prompt", tpl.Name, e.Name)
			}
		}
	}
}

// Broken catalog files are reported as diagnostics, never as panics.
func TestBrokenFilesAreDiagnosed(t *testing.T) {
	cases := map[string]struct{ src, want string }{
		"syntax":        {`template "x" {`, "Unclosed configuration block"},
		"two templates": {`template "x" {}` + "\n" + `template "y" {}`, "One template per file"},
		"wrong name":    {strings.Replace(validSource(t), `template "create_customer"`, `template "other"`, 1), "Template name does not match its file"},
		"unknown var":   {strings.Replace(validSource(t), `"{{context.createCustomerName}}"`, `"${option.nope}"`, 1), "only option.<name> of a declared option may be used, not option.nope"},
		"bad entity":    {strings.Replace(validSource(t), `"email"`+"\n", `"emailz"`+"\n", 1), `unknown type "emailz"`},
		"no failure":    {regexp.MustCompile(`(?s)on_failure "createCustomerFailureMessage" \{.*?\n    \}`).ReplaceAllString(validSource(t), ""), "Service needs one on_failure block"},
		"bad method":    {strings.Replace(validSource(t), `method = "POST"`, `method = "PUT"`, 1), `method must be GET, POST or DELETE, not "PUT"`},
		"few utterance": {regexp.MustCompile(`(?s)utterances = \[.*?\]`).ReplaceAllString(validSource(t), `utterances = ["a"]`), "needs at least 5 utterances"},
		"no body": {regexp.MustCompile(`(?s)body = \{.*?\n    \}`).ReplaceAllString(validSource(t), ""),
			"a POST needs a body: the form fields it sends"},
		"entity in a form value": {strings.Replace(validSource(t), `"{{context.createCustomerName}}"`, `"{{context.entities.name}}"`, 1),
			`form field name of createCustomerService: "{{context.entities.name}}" must be a literal or exactly {{context.<name>}}`},
		"template around a reference": {strings.Replace(validSource(t), `"{{context.createCustomerName}}"`, `"Mr {{context.createCustomerName}}"`, 1),
			"must be a literal or exactly {{context.<name>}}"},
		"variable no script sets": {strings.Replace(validSource(t), `"{{context.createCustomerName}}"`, `"{{context.nobodySetsThis}}"`, 1),
			"form field name of createCustomerService: no earlier script sets context.nobodySetsThis"},
		"bad field name": {strings.Replace(validSource(t), `name  = "{{context.createCustomerName}}"`, `(1) = "{{context.createCustomerName}}"`, 1),
			"Form field names must be words or quoted strings"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tpl, diags := decodeFile("templates/create_customer.hcl", []byte(c.src))
			if !diags.HasErrors() {
				t.Fatalf("no error for a broken file; got %+v", tpl)
			}
			if !strings.Contains(diags.Error(), c.want) {
				t.Errorf("diagnostics do not mention %q:\n%s", c.want, diags.Error())
			}
		})
	}
}

// TestFormFieldsDecode checks the form of a POST: fields in file order,
// quoted names allowed, and Params naming them.
func TestFormFieldsDecode(t *testing.T) {
	src := strings.Replace(validSource(t), `phone = "{{context.createCustomerPhone}}"`,
		`phone = "{{context.createCustomerPhone}}"
      "metadata[source]" = "xoc"`, 1)
	tpl, diags := decodeFile("templates/create_customer.hcl", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := []string{"name", "email", "phone", "metadata[source]"}
	if got := tpl.Calls[0].Params; !slices.Equal(got, want) {
		t.Errorf("Params = %q, want %q", got, want)
	}
}

func TestOptionValuesRejectRuntimeTemplates(t *testing.T) {
	o := Option{Name: "note", Type: "string", Description: "d"}
	for _, v := range []string{"{{context.x}}", "a }} b"} {
		if err := o.Validate(v); err == nil || !strings.Contains(err.Error(), "must not contain {{ or }}") {
			t.Errorf("Validate(%q) = %v, want the braces rejected", v, err)
		}
	}
	if err := o.Validate("50% off { soon }"); err != nil {
		t.Errorf("Validate of a plain text: %v", err)
	}
}

func validSource(t *testing.T) string {
	t.Helper()
	src, err := templateFiles.ReadFile("templates/create_customer.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := decodeFile("templates/create_customer.hcl", src); diags.HasErrors() {
		t.Fatal(hcl.Diagnostics(diags).Error())
	}
	return string(src)
}
