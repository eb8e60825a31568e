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
		t.Errorf("catalog has %v, want the five Kore.ai Stripe templates", names)
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

// Every template's resources are exactly the resources its calls touch.
func TestResourcesMatchCalls(t *testing.T) {
	for _, tpl := range All() {
		var got []string
		for _, c := range tpl.Calls {
			r := strings.Split(strings.TrimPrefix(c.Path, "/v1/"), "/")[0]
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
	cases := map[string]string{
		"syntax":        `template "x" {`,
		"two templates": `template "x" {}` + "\n" + `template "y" {}`,
		"wrong name":    strings.Replace(validSource(t), `template "create_customer"`, `template "other"`, 1),
		"unknown var":   strings.Replace(validSource(t), `"{{context.createCustomerBody}}"`, `"${option.nope}"`, 1),
		"bad entity":    strings.Replace(validSource(t), `"email"`+"\n", `"emailz"`+"\n", 1),
		"no failure":    regexp.MustCompile(`(?s)on_failure "createCustomerFailureMessage" \{.*?\n    \}`).ReplaceAllString(validSource(t), ""),
		"bad method":    strings.Replace(validSource(t), `method = "POST"`, `method = "PUT"`, 1),
		"few utterance": regexp.MustCompile(`(?s)utterances = \[.*?\]`).ReplaceAllString(validSource(t), `utterances = ["a"]`),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			tpl, diags := decodeFile("templates/create_customer.hcl", []byte(src))
			if !diags.HasErrors() {
				t.Fatalf("no error for a broken file; got %+v", tpl)
			}
			t.Log(diags.Error())
		})
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
