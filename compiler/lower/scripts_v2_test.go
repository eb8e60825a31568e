package lower

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The scripts of the templates beyond Kore.ai's five ("catalog v2"), on the
// awkward input a person types and on answers shaped like Stripe's.

var (
	payoutBody  = map[string]any{"id": "po_Test111", "object": "payout", "amount": 1250, "currency": "usd", "status": "pending", "arrival_date": 1798675200}
	sessionBody = map[string]any{"id": "cs_test_Test222", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/cs_test_Test222", "amount_total": 3750, "currency": "usd"}
)

// typedAmounts are amounts as a person types them, or as a number entity
// gives them, and the cents Stripe must receive.
var typedAmounts = []struct {
	typed any
	cents string
}{
	{"12.50", "1250"}, {"12.5", "1250"}, {"12", "1200"}, {"$12.50", "1250"}, {" 12.50 ", "1250"},
	{12.5, "1250"}, {12, "1200"}, {"0.29", "29"}, {0.29, "29"}, {"1,250.00", "125000"},
}

func TestCreatePayoutScript(t *testing.T) {
	responses := map[string]response{"createPayoutService": ok(payoutBody)}
	for _, tc := range typedAmounts {
		t.Run(fmt.Sprint(tc.typed), func(t *testing.T) {
			res := walkDialog(t, lowerForTest(t, "create_payout", overrides{}), map[string]any{"amount": tc.typed}, responses)
			wantForm(t, formOf(t, res, "createPayoutService"), map[string]string{"amount": tc.cents, "currency": "usd"})
		})
	}
	res := walkDialog(t, lowerForTest(t, "create_payout", overrides{Options: map[string]string{"currency": "eur"}}),
		map[string]any{"amount": "7"}, responses)
	wantForm(t, formOf(t, res, "createPayoutService"), map[string]string{"amount": "700", "currency": "eur"})
	wantContains(t, lastMessage(res), "Payout po_Test111 of 12.50 USD created", "status is pending", "arrive on 2026-12-31")

	// A payout Stripe has not dated yet still reads as a sentence.
	undated := clone(payoutBody)
	undated["arrival_date"] = nil
	res = walkDialog(t, lowerForTest(t, "create_payout", overrides{}), map[string]any{"amount": "7"},
		map[string]response{"createPayoutService": ok(undated)})
	wantContains(t, lastMessage(res), "arrive on a date Stripe has not set yet")
}

func TestRetrieveBalanceText(t *testing.T) {
	for _, tc := range []struct {
		name    string
		balance map[string]any
		want    string
	}{
		{"one currency", map[string]any{"object": "balance",
			"available": []any{map[string]any{"amount": 1250, "currency": "usd"}},
			"pending":   []any{map[string]any{"amount": 0, "currency": "usd"}}},
			"Your Stripe balance: 12.50 USD available to pay out, and 0.00 USD pending."},
		{"several, one without decimals", map[string]any{"object": "balance",
			"available": []any{map[string]any{"amount": 1250, "currency": "usd"}, map[string]any{"amount": 300, "currency": "eur"}, map[string]any{"amount": 500, "currency": "jpy"}},
			"pending":   []any{map[string]any{"amount": -75, "currency": "gbp"}, map[string]any{"amount": 5, "currency": "usd"}}},
			"Your Stripe balance: 12.50 USD, 3.00 EUR and 500 JPY available to pay out, and -0.75 GBP and 0.05 USD pending."},
		{"nothing", map[string]any{"object": "balance", "available": []any{}},
			"Your Stripe balance: nothing available to pay out, and nothing pending."},
	} {
		res := walkDialog(t, lowerForTest(t, "retrieve_balance", overrides{}), nil,
			map[string]response{"retrieveBalanceService": ok(tc.balance)})
		if got := lastMessage(res); got != tc.want {
			t.Errorf("%s: message\n%q, want\n%q", tc.name, got, tc.want)
		}
		if len(res.Requests) != 1 || res.Requests[0].Path != "/v1/balance" || len(res.Requests[0].Query) != 0 {
			t.Errorf("%s: requests %+v, want one GET /v1/balance", tc.name, res.Requests)
		}
	}
}

func TestCreateCheckoutSessionScript(t *testing.T) {
	responses := map[string]response{"createCheckoutSessionService": ok(sessionBody)}
	for _, tc := range typedAmounts {
		t.Run(fmt.Sprint(tc.typed), func(t *testing.T) {
			entities := clone(sampleEntities["create_checkout_session"])
			entities["unitAmount"] = tc.typed
			res := walkDialog(t, lowerForTest(t, "create_checkout_session", overrides{}), entities, responses)
			if got := formOf(t, res, "createCheckoutSessionService").Get("line_items[0][price_data][unit_amount]"); got != tc.cents {
				t.Errorf("unit_amount = %q, want %q", got, tc.cents)
			}
		})
	}

	res := walkDialog(t, lowerForTest(t, "create_checkout_session", overrides{}), sampleEntities["create_checkout_session"], responses)
	wantForm(t, formOf(t, res, "createCheckoutSessionService"), map[string]string{
		"mode":                                          "payment",
		"line_items[0][price_data][currency]":           "usd",
		"line_items[0][price_data][unit_amount]":        "1250",
		"line_items[0][price_data][product_data][name]": "Café crème 25% off",
		"line_items[0][quantity]":                       "3",
		"success_url":                                   "https://example.com/checkout/success?session_id={CHECKOUT_SESSION_ID}",
		"cancel_url":                                    "https://example.com/checkout/cancel",
	})
	wantContains(t, lastMessage(res), "Checkout session cs_test_Test222 for 37.50 USD is ready",
		"The customer pays here: https://checkout.stripe.com/c/pay/cs_test_Test222")

	// The bot's own pages and currency; a quantity typed as text is whole;
	// without Stripe's total the message shows what was sent.
	o := overrides{Options: map[string]string{"currency": "gbp",
		"success_url": "https://shop.example/thanks?order=42&x=50%", "cancel_url": "https://shop.example/cart"}}
	entities := clone(sampleEntities["create_checkout_session"])
	entities["productQuantity"] = "2"
	untotalled := clone(sessionBody)
	untotalled["amount_total"], untotalled["currency"] = nil, nil
	res = walkDialog(t, lowerForTest(t, "create_checkout_session", o), entities,
		map[string]response{"createCheckoutSessionService": ok(untotalled)})
	form := formOf(t, res, "createCheckoutSessionService")
	for field, want := range map[string]string{"line_items[0][price_data][currency]": "gbp", "line_items[0][quantity]": "2",
		"success_url": "https://shop.example/thanks?order=42&x=50%", "cancel_url": "https://shop.example/cart"} {
		if got := form.Get(field); got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	wantContains(t, lastMessage(res), "for 25.00 GBP is ready")
}

// hostileIDs are ids as a person might paste them, or as someone might try
// to reach another endpoint with: each must stay one segment of the path.
var hostileIDs = []string{"cus_1/../../v1/charges?limit=1#x", "  O'Brien é & 50%  ", `He said "hi" \ bye`}

// TestIDsStayOneSegment sends hostile ids through every template whose path
// holds one: the request goes to the template's endpoint with the id,
// trimmed, as one path segment, and no query or fragment of its own.
func TestIDsStayOneSegment(t *testing.T) {
	for _, tc := range []struct{ template, entity, prefix string }{
		{"retrieve_payment_intent", "paymentIntent", "/v1/payment_intents/"},
		{"cancel_payment_intent", "paymentIntent", "/v1/payment_intents/"},
		{"refund_payment", "paymentIntent", "/v1/payment_intents/"},
		{"retrieve_customer", "customer", "/v1/customers/"},
		{"update_customer", "customer", "/v1/customers/"},
		{"delete_customer", "customer", "/v1/customers/"},
	} {
		for _, id := range hostileIDs {
			entities := clone(sampleEntities[tc.template])
			entities[tc.entity] = id
			res := walkDialog(t, lowerForTest(t, tc.template, overrides{}), entities, nil)
			for _, req := range res.Requests {
				if req.Path == "/v1/refunds" {
					continue
				}
				u, err := url.Parse(req.URL)
				if err != nil {
					t.Fatal(err)
				}
				rest, found := strings.CutPrefix(u.EscapedPath(), tc.prefix)
				segment, _, _ := strings.Cut(rest, "/")
				decoded, err := url.PathUnescape(segment)
				if !found || err != nil || decoded != strings.TrimSpace(id) || u.Fragment != "" ||
					(u.RawQuery != "" && u.RawQuery != "expand%5B%5D=latest_charge") {
					t.Errorf("%s: id %q: %s %s", tc.template, id, req.Method, req.URL)
				}
			}
		}
	}
}

func TestRefundPaymentAmounts(t *testing.T) {
	charge := map[string]any{"id": "ch_Test1", "object": "charge", "amount": 5000, "amount_captured": 5000, "amount_refunded": 1250}
	intent := func(currency string, latestCharge any) response {
		return ok(map[string]any{"id": "pi_Test000", "object": "payment_intent", "amount": 5000, "amount_received": 4000,
			"currency": currency, "latest_charge": latestCharge})
	}
	refund := ok(map[string]any{"id": "re_Test1", "object": "refund", "amount": 3750, "currency": "usd", "payment_intent": "pi_Test000", "status": "succeeded"})
	for _, tc := range []struct {
		typed        any
		currency     string
		latestCharge any
		amount       string
	}{
		// Partial: the amount typed, in the currency's smallest unit.
		{"12.50", "usd", charge, "1250"}, {"$12.50", "usd", charge, "1250"}, {12.5, "usd", charge, "1250"},
		{"12.5", "eur", charge, "1250"}, {" 7 ", "usd", charge, "700"}, {"1,250.00", "usd", charge, "125000"},
		{"500", "jpy", charge, "500"}, {500, "JPY", charge, "500"},
		// Full: what the charge captured, less what was refunded before.
		{"all", "usd", charge, "3750"}, {"ALL", "usd", charge, "3750"}, {"Full", "usd", charge, "3750"},
		{"", "usd", charge, "3750"}, {"the full amount", "usd", charge, "3750"}, {"full refund!", "usd", charge, "3750"},
		// Without the expanded charge, what the payment intent received.
		{"all", "usd", "ch_Test1", "4000"}, {"everything", "usd", nil, "4000"},
	} {
		t.Run(fmt.Sprint(tc.typed, tc.currency, tc.latestCharge != nil), func(t *testing.T) {
			res := walkDialog(t, lowerForTest(t, "refund_payment", overrides{}),
				map[string]any{"paymentIntent": " pi_Test000 ", "refundAmount": tc.typed},
				map[string]response{"refundPaymentLookupService": intent(tc.currency, tc.latestCharge), "refundPaymentService": refund})
			lookup := res.Requests[0]
			if lookup.Path != "/v1/payment_intents/pi_Test000" || lookup.Query.Get("expand[]") != "latest_charge" {
				t.Errorf("lookup %s %s", lookup.Method, lookup.URL)
			}
			wantForm(t, formOf(t, res, "refundPaymentService"), map[string]string{"payment_intent": "pi_Test000", "amount": tc.amount})
		})
	}

	// A refund of what is left says so; a partial one does not.
	responses := map[string]response{"refundPaymentLookupService": intent("usd", charge), "refundPaymentService": refund}
	res := walkDialog(t, lowerForTest(t, "refund_payment", overrides{}), map[string]any{"paymentIntent": "pi_Test000", "refundAmount": "all"}, responses)
	if got, want := lastMessage(res), "Full refund re_Test1 of 37.50 USD for payment pi_Test000: its status is succeeded."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	res = walkDialog(t, lowerForTest(t, "refund_payment", overrides{}), map[string]any{"paymentIntent": "pi_Test000", "refundAmount": "37.50"}, responses)
	if got, want := lastMessage(res), "Refund re_Test1 of 37.50 USD for payment pi_Test000: its status is succeeded."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestRetrievePaymentIntentText(t *testing.T) {
	for _, tc := range []struct {
		intent map[string]any
		want   string
	}{
		{map[string]any{"id": "pi_A", "amount": 1250, "amount_received": 0, "currency": "usd", "customer": "cus_B", "status": "requires_payment_method"},
			"Payment intent pi_A for 12.50 USD (customer cus_B) is waiting for a payment method. Received so far: 0.00 USD."},
		{map[string]any{"id": "pi_A", "amount": 500, "amount_received": 500, "currency": "jpy", "customer": nil, "status": "succeeded"},
			"Payment intent pi_A for 500 JPY has been paid. Received so far: 500 JPY."},
		{map[string]any{"id": "pi_A", "amount": 1250, "currency": "eur", "status": "canceled", "cancellation_reason": "requested_by_customer"},
			"Payment intent pi_A for 12.50 EUR was canceled. Received so far: 0.00 EUR. Reason: requested by customer."},
		{map[string]any{"id": "pi_A", "amount": 99, "amount_received": 0, "currency": "gbp", "status": "some_new_status"},
			"Payment intent pi_A for 0.99 GBP has the status some_new_status. Received so far: 0.00 GBP."},
	} {
		res := walkDialog(t, lowerForTest(t, "retrieve_payment_intent", overrides{}), map[string]any{"paymentIntent": "pi_A"},
			map[string]response{"retrievePaymentIntentService": ok(tc.intent)})
		if got := lastMessage(res); got != tc.want {
			t.Errorf("message\n%q, want\n%q", got, tc.want)
		}
	}
}

func TestCancelPaymentIntentScript(t *testing.T) {
	canceled := map[string]any{"id": "pi_A", "amount": 1250, "currency": "usd", "status": "canceled", "cancellation_reason": "requested_by_customer"}
	for typed, want := range map[string]string{
		"requested_by_customer": "requested_by_customer", "Requested by customer": "requested_by_customer",
		" DUPLICATE ": "duplicate", "fraudulent": "fraudulent", "abandoned": "abandoned",
	} {
		res := walkDialog(t, lowerForTest(t, "cancel_payment_intent", overrides{}),
			map[string]any{"paymentIntent": " pi_A ", "cancellationReason": typed},
			map[string]response{"cancelPaymentIntentService": ok(canceled)})
		if path := res.Requests[0].Path; path != "/v1/payment_intents/pi_A/cancel" {
			t.Errorf("path %q", path)
		}
		wantForm(t, formOf(t, res, "cancelPaymentIntentService"), map[string]string{"cancellation_reason": want})
		if got, want := lastMessage(res), "Payment intent pi_A for 12.50 USD is canceled (reason: requested by customer)."; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	}
}

func TestRetrieveCustomerText(t *testing.T) {
	for _, tc := range []struct {
		customer map[string]any
		want     string
	}{
		{map[string]any{"id": "cus_A", "name": "O'Brien", "email": "o'brien@example.com", "phone": "+353 1 555 0100", "balance": 0, "currency": "eur", "created": 1798675200},
			"Customer cus_A: O'Brien, email o'brien@example.com, phone +353 1 555 0100. Customer since 2026-12-31."},
		{map[string]any{"id": "cus_A", "name": nil, "email": nil, "phone": nil, "balance": 1250, "currency": "usd"},
			"Customer cus_A: no name, email none, phone none. They owe 12.50 USD."},
		{map[string]any{"id": "cus_A", "name": "Jane", "email": "jane@example.com", "phone": nil, "balance": -500, "currency": "jpy"},
			"Customer cus_A: Jane, email jane@example.com, phone none. They have a credit of 500 JPY."},
		{map[string]any{"id": "cus_A", "object": "customer", "deleted": true},
			"Customer cus_A has been deleted."},
	} {
		res := walkDialog(t, lowerForTest(t, "retrieve_customer", overrides{}), map[string]any{"customer": "cus_A"},
			map[string]response{"retrieveCustomerService": ok(tc.customer)})
		if got := lastMessage(res); got != tc.want {
			t.Errorf("message\n%q, want\n%q", got, tc.want)
		}
		if path := res.Requests[0].Path; path != "/v1/customers/cus_A" {
			t.Errorf("path %q", path)
		}
	}
}

func TestUpdateCustomerScript(t *testing.T) {
	updated := map[string]any{"id": "cus_A", "object": "customer", "email": "o'brien@example.com", "phone": "+353 1 555 0100"}
	res := walkDialog(t, lowerForTest(t, "update_customer", overrides{}),
		map[string]any{"customer": " cus_A ", "email": " o'brien@example.com ", "phone": "+353 1 555 0100"},
		map[string]response{"updateCustomerService": ok(updated)})
	if path := res.Requests[0].Path; path != "/v1/customers/cus_A" {
		t.Errorf("path %q", path)
	}
	wantForm(t, formOf(t, res, "updateCustomerService"), map[string]string{"email": "o'brien@example.com", "phone": "+353 1 555 0100"})
	wantContains(t, lastMessage(res), "Customer cus_A updated: email o'brien@example.com, phone +353 1 555 0100.")
}

// The confirmation names who would be deleted; on "no" nothing is deleted.
func TestDeleteCustomerConfirm(t *testing.T) {
	jane := ok(map[string]any{"id": "cus_A", "object": "customer", "name": `Jane "JD" Doe`, "email": "jane@example.com"})
	deleted := ok(map[string]any{"id": "cus_A", "object": "customer", "deleted": true})
	responses := map[string]response{"deleteCustomerLookupService": jane, "deleteCustomerService": deleted}

	res := walkDialog(t, lowerForTest(t, "delete_customer", overrides{}), map[string]any{"customer": "cus_A", "deleteCustomerConfirm": "yes"}, responses)
	if len(res.Requests) != 2 || res.Requests[0].Method != "get" || res.Requests[1].Method != "delete" || res.Requests[1].Path != "/v1/customers/cus_A" {
		t.Fatalf("requests %+v, want a GET then a DELETE of /v1/customers/cus_A", res.Requests)
	}
	if got, want := lastMessage(res), `Customer Jane "JD" Doe <jane@example.com> (cus_A) has been deleted.`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}

	res = walkDialog(t, lowerForTest(t, "delete_customer", overrides{}), map[string]any{"customer": "cus_A", "deleteCustomerConfirm": "no"}, responses)
	if len(res.Requests) != 1 || res.Requests[0].Method != "get" {
		t.Errorf("on no, requests %+v, want the lookup only", res.Requests)
	}
	if got, want := lastMessage(res), `Nothing was deleted: customer Jane "JD" Doe <jane@example.com> (cus_A) is still in Stripe.`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}

	// A customer without a name or email is named by id.
	bare := ok(map[string]any{"id": "cus_A", "object": "customer", "name": nil, "email": nil})
	res = walkDialog(t, lowerForTest(t, "delete_customer", overrides{}), map[string]any{"customer": "cus_A"},
		map[string]response{"deleteCustomerLookupService": bare, "deleteCustomerService": deleted})
	if got, want := lastMessage(res), "Customer cus_A has been deleted."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
