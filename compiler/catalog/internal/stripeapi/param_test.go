package stripeapi

import (
	"strings"
	"testing"
)

func mustParam(t *testing.T, method, path, name string) *Param {
	t.Helper()
	p, ok := mustLookup(t, method, path).Param(name)
	if !ok {
		t.Fatalf("%s %s takes no %q", method, path, name)
	}
	return p
}

// Bracketed names resolve through objects, free-keyed objects, arrays and
// anyOf, to the deepest field.
func TestParamBrackets(t *testing.T) {
	for _, c := range []struct {
		method, path, name string
		typ, format        string
		required           bool
	}{
		{"POST", "/v1/customers", "email", "string", "", false},
		{"POST", "/v1/payment_intents", "amount", "integer", "", true},
		{"POST", "/v1/payment_intents", "currency", "string", "currency", true},
		{"POST", "/v1/checkout/sessions", "line_items", "array", "", false},
		{"POST", "/v1/checkout/sessions", "line_items[0]", "object", "", false},
		{"POST", "/v1/checkout/sessions", "line_items[]", "object", "", false},
		{"POST", "/v1/checkout/sessions", "line_items[12][price]", "string", "", false},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][currency]", "string", "currency", true},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][product_data][name]", "string", "", true},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][recurring][interval]", "string", "", true},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][unit_amount_decimal]", "string", "decimal", false},
		{"POST", "/v1/checkout/sessions", "metadata[order_id]", "string", "", false},
		{"POST", "/v1/checkout/sessions", "payment_method_types[0]", "string", "", false},
		{"POST", "/v1/customers", "metadata[x]", "string", "", false},
		{"POST", "/v1/customers", "address[city]", "string", "", false},
		{"POST", "/v1/customers/{{context.id}}", "metadata[any key at all]", "string", "", false},
		{"GET", "/v1/invoices", "created[gte]", "integer", "", false},
		{"GET", "/v1/invoices", "expand[]", "string", "", false},
		{"GET", "/v1/invoices", "expand[0]", "string", "", false},
		{"GET", "/v1/invoices", "limit", "integer", "", false},
		{"DELETE", "/v1/subscriptions/{{context.id}}", "invoice_now", "boolean", "", false},
	} {
		p := mustParam(t, c.method, c.path, c.name)
		if p.Name != c.name || p.Type != c.typ || p.Format != c.format || p.Required != c.required {
			t.Errorf("%s %s %s: name %q, type %q, format %q, required %v; want type %q, format %q, required %v",
				c.method, c.path, c.name, p.Name, p.Type, p.Format, p.Required, c.typ, c.format, c.required)
		}
	}
	// metadata is a free-keyed object or "", to clear it.
	p := mustParam(t, "POST", "/v1/customers", "metadata")
	if p.Type != "" || len(p.AnyOf) != 2 || p.AnyOf[0].Values == nil {
		t.Errorf("metadata: %+v", p.Schema)
	}
	// status has its enum; name its length.
	if p := mustParam(t, "GET", "/v1/invoices", "status"); !strings.Contains(strings.Join(p.Enum, " "), "paid") {
		t.Errorf("GET /v1/invoices status: enum %q", p.Enum)
	}
	if p := mustParam(t, "POST", "/v1/customers", "name"); p.MaxLength != 256 {
		t.Errorf("POST /v1/customers name: max length %d", p.MaxLength)
	}
	if got := mustLookup(t, "POST", "/v1/payment_intents").Params.Required; strings.Join(got, " ") != "amount currency" {
		t.Errorf("POST /v1/payment_intents requires %q", got)
	}
}

func TestParamUnknown(t *testing.T) {
	for _, c := range []struct{ method, path, name string }{
		{"POST", "/v1/customers", "emial"},
		{"POST", "/v1/customers", "Email"},
		{"GET", "/v1/customers", "name"},            // a POST's parameter, not a GET's
		{"POST", "/v1/customers", "limit"},          // and the other way round
		{"POST", "/v1/customers", "metadata[x][y]"}, // a metadata value is a string
		{"POST", "/v1/customers", "email[x]"},       // a string has no keys
		{"POST", "/v1/customers", "address[town]"},  // an object takes only its keys
		{"POST", "/v1/checkout/sessions", "line_items[x]"},
		{"POST", "/v1/checkout/sessions", "line_items[-1]"},
		{"POST", "/v1/checkout/sessions", "line_items[0][nope]"},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][currency][x]"},
		{"GET", "/v1/invoices", "created[since]"},
		{"DELETE", "/v1/customers/{{context.id}}", "email"},
		// Malformed names.
		{"POST", "/v1/customers", ""},
		{"POST", "/v1/customers", "metadata[x"},
		{"POST", "/v1/customers", "metadata]"},
		{"POST", "/v1/customers", "metadata[x]y"},
		{"POST", "/v1/customers", "metadata[a[b]]"},
		{"POST", "/v1/customers", "[metadata]"},
		{"POST", "/v1/customers", "metadata [x]"},
	} {
		if p, ok := mustLookup(t, c.method, c.path).Param(c.name); ok {
			t.Errorf("%s %s takes %q: %+v", c.method, c.path, c.name, p.Schema)
		}
	}
}

func TestCheckValue(t *testing.T) {
	long := strings.Repeat("é", 257) // characters, not bytes, count
	for _, c := range []struct {
		method, path, name, value string
		want                      string // "" for accepted
	}{
		{"GET", "/v1/customers", "limit", "10", ""},
		{"GET", "/v1/customers", "limit", "-3", ""},
		{"GET", "/v1/customers", "limit", "abc", "must be an integer"},
		{"GET", "/v1/customers", "limit", "2.5", "must be an integer"},
		{"GET", "/v1/customers", "limit", "", "must be an integer"},
		{"GET", "/v1/invoices", "status", "paid", ""},
		{"GET", "/v1/invoices", "status", "Paid", `must be one of "draft", "open", "paid", "uncollectible" or "void"`},
		{"POST", "/v1/invoices", "collection_method", "send_invoice", ""},
		{"POST", "/v1/invoices", "collection_method", "email", `must be one of "charge_automatically" or "send_invoice"`},
		{"POST", "/v1/invoices", "auto_advance", "true", ""},
		{"POST", "/v1/invoices", "auto_advance", "yes", "must be true or false"},
		{"POST", "/v1/invoices", "auto_advance", "1", "must be true or false"},
		{"POST", "/v1/invoices", "due_date", "1735689600", ""},
		{"POST", "/v1/invoices", "due_date", "2025-01-01", "must be an integer (a Unix time, in seconds)"},
		{"POST", "/v1/customers", "name", strings.Repeat("é", 256), ""},
		{"POST", "/v1/customers", "name", long, "must be a string of at most 256 characters"},
		{"POST", "/v1/customers", "metadata[x]", "anything", ""},
		{"POST", "/v1/customers", "metadata", "", ""},
		{"POST", "/v1/customers", "metadata", "x", `must be "" or an object, sent as fields metadata[…]`},
		{"POST", "/v1/payment_intents", "currency", "usd", ""},
		{"POST", "/v1/payment_intents", "currency", "dollars", "must be a three-letter currency code"},
		{"POST", "/v1/invoiceitems", "unit_amount_decimal", "1250.5", ""},
		{"POST", "/v1/invoiceitems", "unit_amount_decimal", "12,5", "must be a decimal number"},
		{"POST", "/v1/subscriptions", "application_fee_percent", "12.5", ""},
		{"POST", "/v1/subscriptions", "application_fee_percent", "", ""},
		{"POST", "/v1/subscriptions", "application_fee_percent", "NaN", `must be a number or ""`},
		{"POST", "/v1/subscriptions", "application_fee_percent", "0x10", `must be a number or ""`},
		{"GET", "/v1/invoices", "created", "1735689600", ""},
		{"GET", "/v1/invoices", "created", "today", "must be an integer or an object, sent as fields created[…]"},
		{"POST", "/v1/checkout/sessions", "line_items", "x", "must be a list, sent as items line_items[0], line_items[1], …"},
		{"POST", "/v1/checkout/sessions", "line_items[0][price_data][currency]", "eur", ""},
		{"POST", "/v1/checkout/sessions", "line_items[0][quantity]", "two", "must be an integer"},
	} {
		p := mustParam(t, c.method, c.path, c.name)
		if got := CheckValue(p, c.value); got != c.want {
			t.Errorf("%s %s %s=%.20q: %q, want %q", c.method, c.path, c.name, c.value, got, c.want)
		}
	}
	// A long enum is summarized, not listed.
	p := mustParam(t, "POST", "/v1/checkout/sessions", "payment_method_types[0]")
	if got := CheckValue(p, "cheque"); !strings.HasPrefix(got, "must be one of ") || !strings.Contains(got, " values such as ") || len(got) > 200 {
		t.Errorf("payment_method_types[0]=cheque: %q", got)
	}
}
