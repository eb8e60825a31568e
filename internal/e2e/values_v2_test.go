package e2e

import (
	"testing"
)

// checkMoreValuesSurvive is checkValuesSurvive for the templates beyond
// Kore.ai's five ("catalog v2"): expect(path, field, want) holds a form
// field stripe-mock received, cents turns a typed amount into the cents
// Stripe wants.
func checkMoreValuesSurvive(t *testing.T, template string, answers map[string]string, tr *dialogRun,
	expect func(path, field, want string), cents func(amount string) string) {
	t.Helper()
	switch template {
	case "list_customers", "list_invoices":
		// They send nothing a person typed.
	case "create_payout":
		expect("/v1/payouts", "amount", cents(answers["amount"]))
		expect("/v1/payouts", "currency", "usd")
	case "retrieve_balance":
		if len(tr.Received) != 1 || tr.Received[0].Method != "GET" || tr.Received[0].Path != "/v1/balance" {
			t.Errorf("stripe-mock received %+v, want one GET /v1/balance", tr.Received)
		}
	case "create_checkout_session":
		const session = "/v1/checkout/sessions"
		expect(session, "mode", "payment")
		expect(session, "line_items[0][price_data][currency]", "usd")
		expect(session, "line_items[0][price_data][unit_amount]", cents(answers["unitAmount"]))
		expect(session, "line_items[0][price_data][product_data][name]", answers["productName"])
		expect(session, "line_items[0][quantity]", answers["productQuantity"])
		expect(session, "success_url", "https://example.com/checkout/success?session_id={CHECKOUT_SESSION_ID}")
		expect(session, "cancel_url", "https://example.com/checkout/cancel")
	default:
		t.Errorf("checkValuesSurvive does not know what %s must send", template)
	}
}
