package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/internal/stripemock"
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
	case "retrieve_payment_intent":
		expectRequests(t, tr, "GET /v1/payment_intents/"+strings.TrimSpace(answers["paymentIntent"]))
	case "cancel_payment_intent":
		path := "/v1/payment_intents/" + strings.TrimSpace(answers["paymentIntent"]) + "/cancel"
		expectRequests(t, tr, "POST "+path)
		expect(path, "cancellation_reason", strings.ReplaceAll(strings.ToLower(answers["cancellationReason"]), " ", "_"))
	case "refund_payment":
		id := strings.TrimSpace(answers["paymentIntent"])
		expectRequests(t, tr, "GET /v1/payment_intents/"+id, "POST /v1/refunds")
		expect("/v1/refunds", "payment_intent", id)
		expect("/v1/refunds", "amount", refundAmount(t, answers["refundAmount"], tr, cents))
	case "retrieve_customer":
		expectRequests(t, tr, "GET /v1/customers/"+answers["customer"])
	case "update_customer":
		path := "/v1/customers/" + answers["customer"]
		expectRequests(t, tr, "POST "+path)
		expect(path, "email", answers["email"])
		expect(path, "phone", answers["phone"])
	case "delete_customer":
		// Looked up, confirmed, deleted.
		path := "/v1/customers/" + answers["customer"]
		expectRequests(t, tr, "GET "+path, "DELETE "+path)
	default:
		t.Errorf("checkValuesSurvive does not know what %s must send", template)
	}
}

// expectRequests holds the requests stripe-mock received, method and path,
// to want, in order.
func expectRequests(t *testing.T, tr *dialogRun, want ...string) {
	t.Helper()
	var got []string
	for _, r := range tr.Received {
		got = append(got, r.Method+" "+r.Path)
	}
	if !slices.Equal(got, want) {
		t.Errorf("stripe-mock received %q, want %q", got, want)
	}
}

// refundAmount is the amount refund_payment must send: the cents typed, or
// for "all" what the payment's charge captured and has not refunded, as
// the lookup stripe-mock answered says.
func refundAmount(t *testing.T, typed string, tr *dialogRun, cents func(string) string) string {
	t.Helper()
	if typed != "all" {
		return cents(strings.TrimPrefix(typed, "$"))
	}
	var pi struct {
		LatestCharge struct {
			AmountCaptured, AmountRefunded int64
		} `json:"latest_charge"`
	}
	if len(tr.Calls) == 0 || json.Unmarshal([]byte(tr.Calls[0].Response), &pi) != nil {
		t.Fatalf("the lookup's answer has no expanded latest_charge: %+v", tr.Calls)
	}
	return fmt.Sprint(pi.LatestCharge.AmountCaptured - pi.LatestCharge.AmountRefunded)
}

// urlIsCall reports whether a call's URL goes to the template's path, a
// segment holding {{context.x}} matching any one segment.
func urlIsCall(rawURL, path string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	got, want := strings.Split(u.Path, "/"), strings.Split(path, "/")
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		if w != got[i] && !(strings.HasPrefix(w, "{{") && got[i] != "") {
			return false
		}
	}
	return true
}

// On "no" the delete_customer dialog deletes nothing: stripe-mock sees the
// lookup and no DELETE, and the dialog ends saying so.
func TestDeleteCustomerAnsweredNoDeletesNothing(t *testing.T) {
	tmpl, ok := catalog.Lookup("delete_customer")
	if !ok {
		t.Fatal("no delete_customer template")
	}
	srv := stripemock.Start(t)
	wire := record(t, srv.URL)
	for _, m := range modes {
		bot, _ := compile(t, m.source)
		for _, no := range []string{"no", " No. ", "nope"} {
			t.Run(m.name+"/"+no, func(t *testing.T) {
				answers := maps.Clone(answerSets[0])
				answers["deleteCustomerConfirm"] = no
				opts := m.opts(wire.URL, goodKey)
				opts.Dialog = tmpl.Title
				opts.Entities = answersFor(tmpl, answers)
				wire.reset()
				tr := run(t, bot, opts)
				if !tr.Ended {
					t.Fatalf("the dialog did not end\n%s", tr.Format())
				}
				expectRequests(t, &dialogRun{Transcript: tr, Received: wire.requests()}, "GET /v1/customers/"+answers["customer"])
				if last := lastMessage(t, tr); !strings.HasPrefix(last, "Nothing was deleted") {
					t.Errorf("the last message is %q, want the one saying nothing was deleted", last)
				}
			})
		}
	}
}
