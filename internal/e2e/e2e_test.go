// Package e2e holds the end-to-end tests: bots written in HCL are compiled
// to exports, and every dialog task of those exports is run the way the XO
// runtime would run it, against stripe-mock.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/runner"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

const (
	goodKey     = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	rejectedKey = "sk_live_rejectedByStripeMock0000"
	profileName = "stripe_end_user"
)

// answerSets are awkward answers a person might give, each set run through
// every dialog: they must reach Stripe intact. The second and third break
// a JSON object when put into it unescaped.
var answerSets = []map[string]string{{
	"name":            "Smith & Sons",
	"email":           "jane+billing@example.com",
	"phone":           "+1 415 555 0100",
	"dueDate":         "2030-12-31",
	"productName":     "Café crème 25% off",
	"productQuantity": "3",
	"unitAmount":      "12.50",
	"currency":        "usd",
	"amount":          "12.50",
	"customer":        "cus_NffrFeUfNV2Hib",
	// Ids stripe-mock accepts (it answers any id with its fixture, but not
	// ids with spaces or non-ASCII letters), a refund of what is left, and
	// Stripe's word for a cancellation reason.
	"paymentIntent":         "pi_3MtwBwLkdIwHu7ix28a3tqPa",
	"refundAmount":          "all",
	"cancellationReason":    "requested by customer",
	"deleteCustomerConfirm": "yes",
}, {
	"name":            "O'Brien",
	"email":           "o'brien@example.com",
	"phone":           "+353 1 555 0100",
	"dueDate":         "2031-01-15",
	"productName":     `He said "hi" \ bye`,
	"productQuantity": "1",
	"unitAmount":      "0.29",
	"currency":        "eur",
	"amount":          "7",
	"customer":        "cus_NffrFeUfNV2Hib",
	// Spaces around an id, an amount typed with its symbol, a reason typed
	// as a person would, a yes said casually.
	"paymentIntent":         "  pi_1Pgc6tB7WZ01zgkW  ",
	"refundAmount":          "$5.00",
	"cancellationReason":    "Requested by customer",
	"deleteCustomerConfirm": "Yes",
}, {
	"name":            `He said "hi" \ bye`,
	"email":           "jane@example.com",
	"phone":           "+1 415 555 0100",
	"dueDate":         "2030-06-30",
	"productName":     "O'Brien",
	"productQuantity": "12",
	"unitAmount":      "12.5",
	"currency":        "gbp",
	"amount":          "99.99",
	"customer":        "cus_O'Brien",
	// An apostrophe in the ids, which stays as it is in a path.
	"paymentIntent":         "pi_O'Brien",
	"refundAmount":          "12.5",
	"cancellationReason":    "DUPLICATE",
	"deleteCustomerConfirm": "y",
}}

const preAuthorized = `
bot "e2e_pre" {}
variable "stripe_api_key" {
  type      = string
  sensitive = true
}
action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
%s}
`

const userAuthorized = `
bot "e2e_user" {}
auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}
action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
%s}
`

// compile writes a bot with every catalog template and returns its
// export, as the platform would import it.
func compile(t *testing.T, source string) (*runner.Bot, []byte) {
	t.Helper()
	var templates strings.Builder
	for _, name := range catalog.Names() {
		fmt.Fprintf(&templates, "  template %q {}\n", name)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(fmt.Sprintf(source, templates.String())), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(context.Background(), build.Request{Mode: build.Keep, Dirs: []string{dir}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("compile: %v %s", err, res.Diagnostics)
	}
	files := res.Bots[0].Files
	bot, err := runner.Parse(files[runner.DefinitionFile], files[runner.ConfigFile])
	if err != nil {
		t.Fatal(err)
	}
	return bot, files[runner.DefinitionFile]
}

type mode struct {
	name   string
	source string
	opts   func(stripeURL, key string) runner.Options
}

var modes = []mode{
	{"pre_authorized", preAuthorized, func(u, key string) runner.Options {
		return runner.Options{Env: map[string]string{lower.BaseURLEnvVar: u, "stripe_api_key": key}}
	}},
	{"user_authorized", userAuthorized, func(u, key string) runner.Options {
		return runner.Options{Env: map[string]string{lower.BaseURLEnvVar: u}, UserKeys: map[string]string{profileName: key}}
	}},
}

// runEveryDialog compiles a bot with every template in each authorization
// mode and runs each dialog against stripe-mock with the given key and each
// set of answers, handing the transcript and the requests stripe-mock
// received to check.
func runEveryDialog(t *testing.T, key string, check func(t *testing.T, tmpl *catalog.Template, answers map[string]string, dialog *dialogRun)) {
	srv := stripemock.Start(t)
	wire := record(t, srv.URL)
	for _, m := range modes {
		bot, definition := compile(t, m.source)
		for _, tmpl := range catalog.All() {
			for i, answers := range answerSets {
				t.Run(fmt.Sprintf("%s/%s/answers%d", m.name, tmpl.Name, i+1), func(t *testing.T) {
					opts := m.opts(wire.URL, key)
					opts.AllowLiveKeys = true // rejectedKey is a live-mode key, for stripe-mock to reject
					opts.Dialog = tmpl.Title
					opts.Entities = answersFor(tmpl, answers)
					wire.reset()
					tr := run(t, bot, opts)
					check(t, tmpl, answers, &dialogRun{Transcript: tr, Received: wire.requests(), Definition: definition})
				})
			}
		}
	}
}

// dialogRun is one run of a dialog: the runner's transcript and what
// stripe-mock received, byte for byte.
type dialogRun struct {
	*runner.Transcript
	Received   []received
	Definition []byte // the botDefinition.json the dialog ran from
}

type received struct {
	Method, Path, ContentType, Body string
}

// recorder is a reverse proxy in front of stripe-mock that keeps every
// request as it arrived, so a test sees the bytes Stripe would see.
type recorder struct {
	URL  string
	mu   sync.Mutex
	seen []received
}

func record(t *testing.T, target string) *recorder {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.seen = append(r.seen, received{req.Method, req.URL.Path, req.Header.Get("Content-Type"), string(body)})
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = nil
}

func (r *recorder) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seen)
}

func TestEveryDialogSucceedsAgainstStripeMock(t *testing.T) {
	runEveryDialog(t, goodKey, func(t *testing.T, tmpl *catalog.Template, answers map[string]string, tr *dialogRun) {
		if !tr.Ended {
			t.Fatalf("the dialog did not end\n%s", tr.Format())
		}
		if len(tr.Calls) != len(tmpl.Calls) {
			t.Errorf("made %d calls, want %d (%v)\n%s", len(tr.Calls), len(tmpl.Calls), tmpl.Calls, tr.Format())
		}
		for i, c := range tr.Calls {
			if !c.OK() {
				t.Errorf("call %d %s %s answered %d: %s", i, c.Method, c.URL, c.Status, c.Response)
			}
			if i < len(tmpl.Calls) && !urlIsCall(c.URL, tmpl.Calls[i].Path) {
				t.Errorf("call %d went to %s, want %s", i, c.URL, tmpl.Calls[i].Path)
			}
		}
		if len(tr.Unresolved) > 0 {
			t.Errorf("unresolved references: %v", tr.Unresolved)
		}
		last := lastMessage(t, tr.Transcript)
		if strings.Contains(last, "{{") || strings.Contains(strings.ToLower(last), "could not") {
			t.Errorf("the final message is not a fully rendered success: %q", last)
		}
		checkWire(t, tmpl, tr)
		checkValuesSurvive(t, tmpl.Name, answers, tr)
	})
}

func TestRejectedKeyFailsCleanly(t *testing.T) {
	runEveryDialog(t, rejectedKey, func(t *testing.T, tmpl *catalog.Template, _ map[string]string, tr *dialogRun) {
		if !tr.Ended {
			t.Fatalf("the dialog did not end\n%s", tr.Format())
		}
		if len(tr.Calls) != 1 || tr.Calls[0].Status != 401 {
			t.Fatalf("want exactly one call, answered 401; got %d calls\n%s", len(tr.Calls), tr.Format())
		}
		last := lastMessage(t, tr.Transcript)
		if !strings.Contains(last, "authenticate") {
			t.Errorf("the failure message does not show Stripe's error: %q", last)
		}
		if strings.Contains(tr.Format(), rejectedKey) {
			t.Error("the transcript shows the key")
		}
	})
}

// checkWire holds what stripe-mock received to the export: one request per
// call, each POST a form whose fields are exactly the keys of the service's
// JSON payload, in order, as the transcript reports the body.
func checkWire(t *testing.T, tmpl *catalog.Template, tr *dialogRun) {
	t.Helper()
	if len(tr.Received) != len(tr.Calls) {
		t.Fatalf("stripe-mock received %d requests for %d calls", len(tr.Received), len(tr.Calls))
	}
	for i, got := range tr.Received {
		call := tr.Calls[i]
		if got.Method != "POST" {
			if got.Body != "" {
				t.Errorf("%s %s sent a body %q", got.Method, got.Path, got.Body)
			}
			continue
		}
		if got.ContentType != "application/x-www-form-urlencoded" {
			t.Errorf("%s sent Content-Type %q", got.Path, got.ContentType)
		}
		if got.Body != call.Body {
			t.Errorf("%s: stripe-mock received %q, the transcript says %q", got.Path, got.Body, call.Body)
		}
		keys, err := payloadKeys(tr.Definition, call.Name)
		if err != nil {
			t.Fatalf("%s: %v", call.Name, err)
		}
		var sent []string
		for _, pair := range strings.Split(got.Body, "&") {
			k, _, _ := strings.Cut(pair, "=")
			key, err := url.QueryUnescape(k)
			if err != nil {
				t.Fatalf("%s: body %q: %v", got.Path, got.Body, err)
			}
			sent = append(sent, key)
		}
		if !slices.Equal(sent, keys) {
			t.Errorf("%s sent the fields %q, the payload of %s has %q", got.Path, sent, call.Name, keys)
		}
	}
}

// payloadKeys reads the keys of a service's payload in the export, in
// order; every value must be a string.
func payloadKeys(definition []byte, service string) ([]string, error) {
	var def struct {
		DialogComponents []struct {
			Name    string
			Payload struct{ Value string }
		}
	}
	if err := json.Unmarshal(definition, &def); err != nil {
		return nil, err
	}
	raw := ""
	for _, c := range def.DialogComponents {
		if c.Name == service {
			raw = c.Payload.Value
		}
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("payload %q is not a JSON object", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var v string
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("payload %q: field %v is not a string: %v", raw, tok, err)
		}
	}
	return keys, nil
}

func lastMessage(t *testing.T, tr *runner.Transcript) string {
	t.Helper()
	if len(tr.Messages) == 0 {
		t.Fatalf("the dialog printed no message\n%s", tr.Format())
	}
	return tr.Messages[len(tr.Messages)-1]
}

// answersFor picks the answers of the template's entities and
// confirmations (a confirmation's answer goes by its node's name).
func answersFor(tmpl *catalog.Template, answers map[string]string) map[string]string {
	out := map[string]string{}
	for _, e := range tmpl.Entities {
		if v, ok := answers[e.Name]; ok {
			out[e.Name] = v
		}
	}
	for _, n := range tmpl.Nodes {
		if v, ok := answers[n.Name]; ok && n.Type == ir.NodeConfirm {
			out[n.Name] = v
		}
	}
	return out
}

func run(t *testing.T, bot *runner.Bot, opts runner.Options) *runner.Transcript {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tr, err := runner.Run(ctx, bot, opts)
	if err != nil {
		if tr != nil {
			t.Log(tr.Format())
		}
		t.Fatal(err)
	}
	return tr
}

// checkValuesSurvive decodes the form bodies stripe-mock received and
// checks that what the person typed arrived exactly, as Stripe wants it.
func checkValuesSurvive(t *testing.T, template string, answers map[string]string, tr *dialogRun) {
	t.Helper()
	sent := map[string]url.Values{}
	for _, r := range tr.Received {
		v, err := url.ParseQuery(r.Body)
		if err != nil {
			t.Errorf("%s body is not a valid form: %v", r.Path, err)
		}
		sent[r.Path] = v
	}
	expect := func(path, field, want string) {
		t.Helper()
		if got := sent[path]; len(got[field]) != 1 || got[field][0] != want {
			t.Errorf("%s %s = %q, want %q", path, field, got[field], want)
		}
	}
	due, err := time.Parse("2006-01-02", answers["dueDate"])
	if err != nil {
		t.Fatal(err)
	}
	cents := func(amount string) string {
		f, err := strconv.ParseFloat(amount, 64)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(math.Round(f * 100))
	}
	switch template {
	case "create_customer":
		expect("/v1/customers", "name", answers["name"])
		expect("/v1/customers", "email", answers["email"])
		expect("/v1/customers", "phone", answers["phone"])
	case "create_invoice":
		expect("/v1/customers", "name", answers["name"])
		expect("/v1/customers", "email", answers["email"])
		expect("/v1/invoices", "collection_method", "send_invoice")
		expect("/v1/invoices", "due_date", fmt.Sprint(due.Unix()))
		expect("/v1/invoiceitems", "description", answers["productName"])
		expect("/v1/invoiceitems", "unit_amount_decimal", cents(answers["unitAmount"]))
		expect("/v1/invoiceitems", "quantity", answers["productQuantity"])
		if sent["/v1/invoiceitems"].Get("invoice") == "" {
			t.Error("the invoice item names no invoice")
		}
	case "create_payment_intent":
		expect("/v1/payment_intents", "amount", cents(answers["amount"]))
		expect("/v1/payment_intents", "currency", answers["currency"])
		expect("/v1/payment_intents", "customer", answers["customer"])
	default:
		checkMoreValuesSurvive(t, template, answers, tr, expect, cents)
	}
}
