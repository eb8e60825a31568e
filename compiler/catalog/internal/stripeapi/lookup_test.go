package stripeapi

import (
	"slices"
	"testing"
)

func TestSummaryLoads(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	if Version() == "" {
		t.Error("no stripe-mock version")
	}
	n := 0
	for _, r := range routes {
		n += len(r.byMethod)
	}
	// stripe-mock v0.203.0 has 550 operations outside the test helpers; a
	// summary far smaller lost some.
	if n < 500 {
		t.Errorf("%d operations", n)
	}
}

func mustLookup(t *testing.T, method, path string) *Operation {
	t.Helper()
	op, ok := Lookup(method, path)
	if !ok {
		t.Fatalf("Lookup(%s, %s) found nothing", method, path)
	}
	return op
}

// A reference segment matches a path parameter; a literal one the same
// literal, or a parameter when no literal matches.
func TestLookupPathParameters(t *testing.T) {
	for _, c := range []struct {
		method, path       string
		wantPath, resource string
		params             []string
	}{
		{"GET", "/v1/customers", "/v1/customers", "list", nil},
		{"POST", "/v1/customers", "/v1/customers", "customer", nil},
		{"GET", "/v1/customers/{{context.retrieveCustomerId}}", "/v1/customers/{customer}", "customer", []string{"customer"}},
		{"POST", "/v1/customers/{{context.id}}", "/v1/customers/{customer}", "customer", []string{"customer"}},
		{"DELETE", "/v1/customers/{{context.id}}", "/v1/customers/{customer}", "deleted_customer", []string{"customer"}},
		{"GET", "/v1/customers/{{context.c}}/balance_transactions/{{context.t}}",
			"/v1/customers/{customer}/balance_transactions/{transaction}", "customer_balance_transaction", []string{"customer", "transaction"}},
		{"DELETE", "/v1/customers/{{context.c}}/tax_ids/{{ context.taxId }}", "/v1/customers/{customer}/tax_ids/{id}", "deleted_tax_id", []string{"customer", "id"}},
		// A segment part literal, part reference is known only at run time.
		{"GET", "/v1/customers/cus_{{context.suffix}}", "/v1/customers/{customer}", "customer", []string{"customer"}},
		// An id written into the template.
		{"GET", "/v1/prices/price_1PqXyZ", "/v1/prices/{price}", "price", []string{"price"}},
		// The literal route wins over the parameter.
		{"GET", "/v1/customers/search", "/v1/customers/search", "search_result", nil},
		{"POST", "/v1/invoices/{{context.id}}/send", "/v1/invoices/{invoice}/send", "invoice", []string{"invoice"}},
		{"POST", "/v1/customers/{{context.c}}/sources/{{context.s}}", "/v1/customers/{customer}/sources/{id}", "card|bank_account|source", []string{"customer", "id"}},
	} {
		op := mustLookup(t, c.method, c.path)
		if op.Path != c.wantPath || op.Method != c.method || op.Resource != c.resource || !slices.Equal(op.PathParams, c.params) {
			t.Errorf("Lookup(%s, %s) = %s %s, resource %q, path params %q; want %s, %q, %q",
				c.method, c.path, op.Method, op.Path, op.Resource, op.PathParams, c.wantPath, c.resource, c.params)
		}
	}
	if op := mustLookup(t, "GET", "/v1/customers"); op.ListOf != "customer" {
		t.Errorf("GET /v1/customers lists %q", op.ListOf)
	}
	if op := mustLookup(t, "GET", "/v1/customers/search"); op.ListOf != "customer" {
		t.Errorf("GET /v1/customers/search lists %q", op.ListOf)
	}
	if op := mustLookup(t, "POST", "/v1/files"); !op.Multipart {
		t.Error("POST /v1/files is not marked multipart")
	}
	if op := mustLookup(t, "GET", "/v1/quotes/{{context.q}}/pdf"); op.Resource != "" {
		t.Errorf("a quote's PDF has resource %q", op.Resource)
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/customer"},
		{"GET", "/v1/Customers"},
		{"POST", "/v1/customers/search"},           // GET only
		{"DELETE", "/v1/invoices"},                 // no such method on the path
		{"PUT", "/v1/customers"},                   // not a method of Stripe's
		{"get", "/v1/customers"},                   // methods are upper-case
		{"GET", "/v1/customers/"},                  // an empty segment is no id
		{"GET", "/v1/customers?limit=3"},           // the query is not part of the path
		{"GET", "v1/customers"},                    // relative
		{"GET", ""},                                //
		{"GET", "/v1/{{context.resource}}"},        // a reference never matches a literal
		{"GET", "/v1/customers/{{context.id}}/x"},  // no such sub-resource
		{"GET", "/v2/core/events"},                 // not in the summary
		{"GET", "/v1/test_helpers/test_clocks"},    // test helpers are left out
		{"POST", "/v1/customers/{{context.id}}/y"}, //
	} {
		if op, ok := Lookup(c.method, c.path); ok {
			t.Errorf("Lookup(%q, %q) = %s %s", c.method, c.path, op.Method, op.Path)
		}
	}
}

func TestMethods(t *testing.T) {
	for path, want := range map[string][]string{
		"/v1/customers":                 {"GET", "POST"},
		"/v1/customers/{{context.id}}":  {"DELETE", "GET", "POST"},
		"/v1/customers/search":          {"GET"},
		"/v1/customers/cus_123":         {"DELETE", "GET", "POST"},
		"/v1/nothing":                   nil,
		"/v1/invoices/{{context.id}}/x": nil,
	} {
		if got := Methods(path); !slices.Equal(got, want) {
			t.Errorf("Methods(%q) = %q, want %q", path, got, want)
		}
	}
}

// A summary file that does not hold together is an error, never a panic or
// a loop.
func TestBrokenSummaryIsError(t *testing.T) {
	for name, src := range map[string]string{
		"empty":            ``,
		"truncated":        `{"operations":[`,
		"wrong shape":      `{"operations":{}}`,
		"forward ref":      `{"schemas":[{"type":"array","items":1},{"type":"string"}]}`,
		"self ref":         `{"schemas":[{"type":"object","properties":{"a":0}}]}`,
		"negative ref":     `{"schemas":[{"type":"array","items":-1}]}`,
		"bad any_of":       `{"schemas":[{"any_of":[3]}]}`,
		"bad values":       `{"schemas":[{"type":"object","values":0}]}`,
		"params not found": `{"operations":[{"method":"GET","path":"/v1/x","params":2}],"schemas":[{"type":"object"}]}`,
		"twice":            `{"operations":[{"method":"GET","path":"/v1/x","params":0},{"method":"GET","path":"/v1/x","params":0}],"schemas":[{"type":"object"}]}`,
		"params no object": `{"operations":[{"method":"GET","path":"/v1/x","params":0}],"schemas":[{"type":"string"}]}`,
	} {
		if _, _, err := parse([]byte(src)); err == nil {
			t.Errorf("%s: parse(%s) succeeded", name, src)
		}
	}
	routes, version, err := parse([]byte(`{"stripe_mock":"v1","operations":[{"method":"GET","path":"/v1/x/{id}","params":1}],"schemas":[{"type":"string"},{"type":"object","properties":{"a":0}}]}`))
	if err != nil || version != "v1" || len(routes) != 1 || !slices.Equal(routes[0].byMethod["GET"].PathParams, []string{"id"}) {
		t.Errorf("a minimal summary: %v, %q, %v", err, version, routes)
	}
}
