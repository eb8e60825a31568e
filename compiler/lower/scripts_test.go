package lower

import (
	"github.com/xoc-dev/xoc/compiler/catalog"

	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Response bodies shaped like Stripe's objects, trimmed to the fields the
// templates read.
var (
	customerBody = map[string]any{"id": "cus_Test123", "object": "customer", "name": "Smith & Sons", "email": "jane+billing@example.com"}
	invoiceBody  = map[string]any{"id": "in_Test456", "object": "invoice", "customer": "cus_Test123", "status": "draft", "due_date": 1798675200, "currency": "usd"}
	itemBody     = map[string]any{"id": "ii_Test789", "object": "invoiceitem", "invoice": "in_Test456", "amount": 3750, "currency": "usd", "quantity": 3, "description": "Café crème 25% off"}
	intentBody   = map[string]any{"id": "pi_Test000", "object": "payment_intent", "amount": 1250, "currency": "usd", "customer": "cus_NffrFeUfNV2Hib", "status": "requires_payment_method"}
)

func ok(body any) response { return response{Status: 200, Body: body} }

func TestCreateCustomerScript(t *testing.T) {
	d := lowerForTest(t, "create_customer", overrides{})
	res := walkDialog(t, d, sampleEntities["create_customer"], map[string]response{"createCustomerService": ok(customerBody)})
	wantForm(t, formOf(t, res, "createCustomerService"), map[string]string{
		"name": "Smith & Sons", "email": "jane+billing@example.com", "phone": "+1 (415) 555-0100"})
	wantContains(t, lastMessage(res), "Customer cus_Test123 created for Smith & Sons (jane+billing@example.com)")
}

// awkwardTexts are free texts that break a JSON object when substituted
// into it unescaped, or a form when not encoded.
var awkwardTexts = []string{
	`He said "hi" \ bye`, "O'Brien", "Smith & Sons; a=b", "50% off {{context.x}}", "line one\nline two\ttab",
	"Café crème ☕ \u2028", `\"`, "trailing backslash \\",
}

// TestFreeTextSurvivesTheBody sends every awkward text through every free-
// text field of the POST templates: the body stays a JSON object and the
// form Stripe receives holds the text exactly (trimmed, as the scripts do).
func TestFreeTextSurvivesTheBody(t *testing.T) {
	fields := []struct{ template, entity, node, field string }{
		{"create_customer", "name", "createCustomerService", "name"},
		{"create_customer", "email", "createCustomerService", "email"},
		{"create_customer", "phone", "createCustomerService", "phone"},
		{"create_invoice", "name", "createInvoiceCustomerService", "name"},
		{"create_invoice", "productName", "createInvoiceItemService", "description"},
		{"create_payment_intent", "customer", "createPaymentIntentService", "customer"},
		{"create_checkout_session", "productName", "createCheckoutSessionService", "line_items[0][price_data][product_data][name]"},
		{"update_customer", "email", "updateCustomerService", "email"},
		{"update_customer", "phone", "updateCustomerService", "phone"},
	}
	responses := map[string]response{
		"createInvoiceCustomerService": ok(customerBody),
		"createInvoiceService":         ok(invoiceBody),
	}
	for _, f := range fields {
		for _, text := range awkwardTexts {
			entities := clone(sampleEntities[f.template])
			if f.template == "create_payment_intent" {
				entities = map[string]any{"currency": "usd", "amount": "12.50"}
			}
			entities[f.entity] = text
			res := walkDialog(t, lowerForTest(t, f.template, overrides{}), entities, responses)
			if got, want := formOf(t, res, f.node).Get(f.field), strings.TrimSpace(text); got != want {
				t.Errorf("%s: %s typed as %q reaches Stripe as %q", f.template, f.entity, want, got)
			}
		}
	}
}

func TestCreateInvoiceScripts(t *testing.T) {
	responses := map[string]response{
		"createInvoiceCustomerService": ok(customerBody),
		"createInvoiceService":         ok(invoiceBody),
		"createInvoiceItemService":     ok(itemBody),
	}
	// Prices as a person types them, or as a number entity gives them.
	for _, tc := range []struct {
		price any
		cents string
	}{
		{"12.50", "1250"}, {"12.5", "1250"}, {"12", "1200"}, {"$12.50", "1250"}, {" 12.50 ", "1250"},
		{12.5, "1250"}, {12, "1200"}, {"0.29", "29"}, {0.29, "29"}, {"1,250.00", "125000"},
	} {
		t.Run(fmt.Sprint(tc.price), func(t *testing.T) {
			entities := clone(sampleEntities["create_invoice"])
			entities["unitAmount"] = tc.price
			res := walkDialog(t, lowerForTest(t, "create_invoice", overrides{}), entities, responses)
			if got := formOf(t, res, "createInvoiceItemService").Get("unit_amount_decimal"); got != tc.cents {
				t.Errorf("unit_amount_decimal = %q, want %q", got, tc.cents)
			}
		})
	}

	res := walkDialog(t, lowerForTest(t, "create_invoice", overrides{}), sampleEntities["create_invoice"], responses)
	wantForm(t, formOf(t, res, "createInvoiceCustomerService"), map[string]string{
		"name": "Smith & Sons", "email": "jane+billing@example.com", "phone": "+1 (415) 555-0100"})
	wantForm(t, formOf(t, res, "createInvoiceService"), map[string]string{
		"customer": "cus_Test123", "collection_method": "send_invoice", "due_date": "1798675200", "currency": "usd"})
	wantForm(t, formOf(t, res, "createInvoiceItemService"), map[string]string{
		"customer": "cus_Test123", "invoice": "in_Test456", "currency": "usd",
		"description": "Café crème 25% off", "quantity": "3", "unit_amount_decimal": "1250"})
	wantContains(t, lastMessage(res), "Invoice in_Test456 created for Smith & Sons (jane+billing@example.com)",
		"3 x Café crème 25% off", "37.50 USD in total", "due 2026-12-31", "status is draft")

	// The currency option reaches both the invoice and its item; a quantity
	// typed as text is a whole number.
	entities := clone(sampleEntities["create_invoice"])
	entities["productQuantity"] = "3"
	res = walkDialog(t, lowerForTest(t, "create_invoice", overrides{Options: map[string]string{"currency": "eur"}}), entities, responses)
	if got := formOf(t, res, "createInvoiceService").Get("currency"); got != "eur" {
		t.Errorf("invoice currency = %q, want eur", got)
	}
	item := formOf(t, res, "createInvoiceItemService")
	if item.Get("currency") != "eur" || item.Get("quantity") != "3" {
		t.Errorf("item currency %q quantity %q, want eur 3", item.Get("currency"), item.Get("quantity"))
	}
}

func TestDueDates(t *testing.T) {
	for date, unix := range map[string]string{
		"2026-12-31": "1798675200", "2027-01-01": "1798761600", "2028-02-29": "1835395200", "2026-12-31T00:00:00Z": "1798675200",
	} {
		entities := clone(sampleEntities["create_invoice"])
		entities["dueDate"] = date
		res := walkDialog(t, lowerForTest(t, "create_invoice", overrides{}), entities, map[string]response{
			"createInvoiceCustomerService": ok(customerBody)})
		if got := formOf(t, res, "createInvoiceService").Get("due_date"); got != unix {
			t.Errorf("due date %s sent as %q, want %s", date, got, unix)
		}
	}
}

func TestCreatePaymentIntentScript(t *testing.T) {
	for _, tc := range []struct {
		currency, customer string
		amount             any
	}{
		{"usd", "cus_NffrFeUfNV2Hib", "12.50"},
		{"USD", " cus_NffrFeUfNV2Hib ", "$12.50"},
		{"usd", "cus_NffrFeUfNV2Hib", 12.5},
	} {
		res := walkDialog(t, lowerForTest(t, "create_payment_intent", overrides{}),
			map[string]any{"currency": tc.currency, "amount": tc.amount, "customer": tc.customer},
			map[string]response{"createPaymentIntentService": ok(intentBody)})
		wantForm(t, formOf(t, res, "createPaymentIntentService"), map[string]string{
			"amount": "1250", "currency": "usd", "customer": "cus_NffrFeUfNV2Hib"})
		wantContains(t, lastMessage(res), "Payment intent pi_Test000 for 12.50 USD created for customer cus_NffrFeUfNV2Hib",
			"status is requires_payment_method")
	}
}

func TestListCustomersText(t *testing.T) {
	d := lowerForTest(t, "list_customers", overrides{})
	list := map[string]any{"object": "list", "has_more": true, "data": []any{
		map[string]any{"id": "cus_A", "name": "Jane Doe", "email": "jane@example.com"},
		map[string]any{"id": "cus_B", "name": nil, "email": nil},
	}}
	res := walkDialog(t, d, nil, map[string]response{"listAllCustomersService": ok(list)})
	if got, want := lastMessage(res), "The 2 newest customers:\n1. Jane Doe <jane@example.com> (cus_A)\n2. (no name) (cus_B)"; got != want {
		t.Errorf("message\n%q, want\n%q", got, want)
	}
	if q := res.Requests[0].Query; q.Get("limit") != "10" || len(q) != 1 {
		t.Errorf("query %v, want limit=10 only", q)
	}

	empty := map[string]any{"object": "list", "has_more": false, "data": []any{}}
	res = walkDialog(t, lowerForTest(t, "list_customers", overrides{Options: map[string]string{"limit": "25"}}), nil,
		map[string]response{"listAllCustomersService": ok(empty)})
	if got := lastMessage(res); got != "There are no customers in Stripe yet." {
		t.Errorf("empty list message %q", got)
	}
	if got := res.Requests[0].Query.Get("limit"); got != "25" {
		t.Errorf("limit = %q, want 25", got)
	}
}

func TestListInvoicesText(t *testing.T) {
	list := map[string]any{"object": "list", "has_more": false, "data": []any{
		map[string]any{"id": "in_A", "number": "ABC-0001", "customer_name": "Smith & Sons", "amount_due": 3750, "currency": "usd", "status": "open", "due_date": 1798675200},
		map[string]any{"id": "in_B", "number": nil, "customer": "cus_B", "amount_due": 500, "currency": "jpy", "status": "draft", "due_date": nil},
	}}
	res := walkDialog(t, lowerForTest(t, "list_invoices", overrides{}), nil, map[string]response{"listAllInvoicesService": ok(list)})
	want := "Invoices:\n1. ABC-0001 for Smith & Sons: 37.50 USD, open, due 2026-12-31 (in_A)\n2. in_B for cus_B: 500 JPY, draft"
	if got := lastMessage(res); got != want {
		t.Errorf("message\n%q, want\n%q", got, want)
	}
	if q := res.Requests[0].Query; len(q) != 1 || q.Get("limit") != "10" {
		t.Errorf("query %v, want limit=10 only (status unset)", q)
	}

	d := lowerForTest(t, "list_invoices", overrides{Options: map[string]string{"status": "paid", "limit": "100"}})
	res = walkDialog(t, d, nil, map[string]response{"listAllInvoicesService": ok(map[string]any{"data": []any{}})})
	if got := lastMessage(res); got != "There are no paid invoices in Stripe." {
		t.Errorf("empty filtered list message %q", got)
	}
	if q := res.Requests[0].Query; q.Get("status") != "paid" || q.Get("limit") != "100" {
		t.Errorf("query %v, want status=paid limit=100", q)
	}
}

// When a call fails the dialog shows Stripe's message and makes no further call.
func TestFailedCallStops(t *testing.T) {
	stripeErr := map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "No such customer: 'cus_nope'"}}
	for _, tpl := range catalog.All() {
		for i, call := range tpl.Calls {
			responses := map[string]response{
				"createInvoiceCustomerService": ok(customerBody),
				"createInvoiceService":         ok(invoiceBody),
				call.Node:                      {Status: 400, Body: stripeErr},
			}
			res := walkDialog(t, lowerForTest(t, tpl.Name, overrides{}), sampleEntities[tpl.Name], responses)
			if len(res.Requests) != i+1 {
				t.Errorf("%s: after %s failed, %d calls were made, want %d", tpl.Name, call.Node, len(res.Requests), i+1)
			}
			if len(res.Messages) != 1 || !strings.Contains(res.Messages[0], "No such customer: 'cus_nope'") {
				t.Errorf("%s: after %s failed, messages %q", tpl.Name, call.Node, res.Messages)
			}
		}
	}
}

// Call.Params (what `xoc templates` shows) are the parameters really sent.
func TestCallParamsAreSent(t *testing.T) {
	allOptions := map[string]string{"status": "paid"}
	for _, tpl := range catalog.All() {
		o := overrides{Options: map[string]string{}}
		for name, v := range allOptions {
			if _, ok := tpl.Option(name); ok {
				o.Options[name] = v
			}
		}
		res := walkDialog(t, lowerForTest(t, tpl.Name, o), sampleEntities[tpl.Name], nil)
		if len(res.Requests) != len(tpl.Calls) {
			t.Fatalf("%s: %d requests, %d calls", tpl.Name, len(res.Requests), len(tpl.Calls))
		}
		for i, call := range tpl.Calls {
			req := res.Requests[i]
			sent := req.Form
			if call.Method == "GET" {
				sent = req.Query
			}
			var keys []string
			for k := range sent {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			want := slices.Sorted(slices.Values(call.Params))
			if !slices.Equal(keys, want) || !pathMatches(call.Path, req.Path) || !strings.EqualFold(req.Method, call.Method) {
				t.Errorf("%s: %s sends %s %s %v, Call says %s %s %v", tpl.Name, call.Node, req.Method, req.Path, keys, call.Method, call.Path, want)
			}
		}
	}
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
