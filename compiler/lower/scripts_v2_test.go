package lower

import (
	"fmt"
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
