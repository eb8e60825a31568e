package e2e

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/runner"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

// The example bot examples/stripe-refunds installs a user template,
// templates/refund_vip.xotemplate.hcl. TestUserTemplateAgainstStripeMock
// compiles the example as it is committed and walks that template's
// dialog against stripe-mock.

const refundDialog = "Refund a VIP payment"

// compileExample builds an example bot's directory in memory.
func compileExample(t *testing.T, name string) *runner.Bot {
	t.Helper()
	res, err := build.Run(context.Background(), build.Request{Mode: build.Keep, Dirs: []string{filepath.Join("..", "..", "examples", name)}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("compile: %v %s", err, res.Diagnostics)
	}
	files := res.Bots[0].Files
	bot, err := runner.Parse(files[runner.DefinitionFile], files[runner.ConfigFile])
	if err != nil {
		t.Fatal(err)
	}
	return bot
}

// refundRun runs the refund dialog against one stripe-mock, behind a
// recorder, with the key and answers given.
type refundRun func(t *testing.T, key string, answers map[string]string) *dialogRun

// TestUserTemplateAgainstStripeMock walks the example's user template:
// confirmed and refunded, declined, and with a key Stripe rejects.
func TestUserTemplateAgainstStripeMock(t *testing.T) {
	bot := compileExample(t, "stripe-refunds")
	wire := record(t, stripemock.Start(t).URL)
	walk := func(t *testing.T, key string, answers map[string]string) *dialogRun {
		t.Helper()
		wire.reset()
		tr := run(t, bot, runner.Options{
			Env:           map[string]string{lower.BaseURLEnvVar: wire.URL, "stripe_api_key": key},
			AllowLiveKeys: true, // rejectedKey is a live-mode key, for stripe-mock to reject
			Dialog:        refundDialog,
			Entities:      answers,
		})
		if !tr.Ended {
			t.Fatalf("the dialog did not end\n%s", tr.Format())
		}
		return &dialogRun{Transcript: tr, Received: wire.requests()}
	}
	t.Run("refunded", func(t *testing.T) { refunded(t, walk) })
	t.Run("declined", func(t *testing.T) { declined(t, walk) })
	t.Run("rejected key", func(t *testing.T) { rejected(t, walk) })
}

func refunded(t *testing.T, walk refundRun) {
	// What a person might paste: the id with spaces around it.
	tr := walk(t, goodKey, map[string]string{"paymentIntent": "  pi_3MtwBwLkdIwHu7ix28a3tqPa ", "refundVipConfirm": "yes"})
	if len(tr.Calls) != 1 || !tr.Calls[0].OK() || !strings.HasSuffix(tr.Calls[0].URL, "/v1/refunds") {
		t.Fatalf("want one POST /v1/refunds answered 2xx\n%s", tr.Format())
	}
	if len(tr.Unresolved) > 0 {
		t.Errorf("unresolved references: %v", tr.Unresolved)
	}
	if len(tr.Received) != 1 {
		t.Fatalf("stripe-mock received %d requests, want 1", len(tr.Received))
	}
	got, err := url.ParseQuery(tr.Received[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	// The bot's own option value, not the template's default.
	want := url.Values{"payment_intent": {"pi_3MtwBwLkdIwHu7ix28a3tqPa"}, "reason": {"requested_by_customer"}, "metadata[note]": {"VIP goodwill refund"}}
	if got.Encode() != want.Encode() {
		t.Errorf("stripe-mock received %s, want %s", got.Encode(), want.Encode())
	}
	last := lastMessage(t, tr.Transcript)
	if !strings.HasPrefix(last, "Refund re_") || !strings.Contains(last, "made for payment pi_3MtwBwLkdIwHu7ix28a3tqPa") || strings.Contains(last, "{{") {
		t.Errorf("the final message is not the rendered success: %q", last)
	}
}

func declined(t *testing.T, walk refundRun) {
	tr := walk(t, goodKey, map[string]string{"paymentIntent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "refundVipConfirm": "no"})
	if len(tr.Calls) != 0 || len(tr.Received) != 0 {
		t.Fatalf("a declined refund called Stripe\n%s", tr.Format())
	}
	if last := lastMessage(t, tr.Transcript); last != "Nothing was refunded." {
		t.Errorf("last message %q", last)
	}
}

func rejected(t *testing.T, walk refundRun) {
	tr := walk(t, rejectedKey, map[string]string{"paymentIntent": "pi_3MtwBwLkdIwHu7ix28a3tqPa"})
	if len(tr.Calls) != 1 || tr.Calls[0].Status != 401 {
		t.Fatalf("want exactly one call, answered 401\n%s", tr.Format())
	}
	last := lastMessage(t, tr.Transcript)
	if !strings.HasPrefix(last, "Stripe could not refund the payment: ") || !strings.Contains(last, "authenticate") {
		t.Errorf("the failure message does not show Stripe's error: %q", last)
	}
	if strings.Contains(tr.Format(), rejectedKey) {
		t.Error("the transcript shows the key")
	}
}
