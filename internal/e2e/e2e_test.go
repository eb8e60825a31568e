// Package e2e holds the end-to-end tests: bots written in HCL are compiled
// to exports, and every dialog task of those exports is run the way the XO
// runtime would run it, against stripe-mock.
package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/runner"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

const (
	goodKey     = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	rejectedKey = "sk_live_rejectedByStripeMock0000"
	profileName = "stripe_end_user"
)

// Awkward answers a person might give: they must reach Stripe intact.
var answers = map[string]string{
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
}

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
func compile(t *testing.T, source string) *runner.Bot {
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
	return bot
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
// mode and runs each dialog against stripe-mock with the given key,
// handing the transcript to check.
func runEveryDialog(t *testing.T, key string, check func(t *testing.T, tmpl *catalog.Template, tr *runner.Transcript)) {
	srv := stripemock.Start(t)
	for _, m := range modes {
		bot := compile(t, m.source)
		for _, tmpl := range catalog.All() {
			t.Run(m.name+"/"+tmpl.Name, func(t *testing.T) {
				opts := m.opts(srv.URL, key)
				opts.Dialog = tmpl.Title
				opts.Entities = answersFor(tmpl)
				check(t, tmpl, run(t, bot, opts))
			})
		}
	}
}

func TestEveryDialogSucceedsAgainstStripeMock(t *testing.T) {
	runEveryDialog(t, goodKey, func(t *testing.T, tmpl *catalog.Template, tr *runner.Transcript) {
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
			if i < len(tmpl.Calls) && !strings.Contains(c.URL, tmpl.Calls[i].Path) {
				t.Errorf("call %d went to %s, want %s", i, c.URL, tmpl.Calls[i].Path)
			}
		}
		if len(tr.Unresolved) > 0 {
			t.Errorf("unresolved references: %v", tr.Unresolved)
		}
		last := lastMessage(t, tr)
		if strings.Contains(last, "{{") || strings.Contains(strings.ToLower(last), "could not") {
			t.Errorf("the final message is not a fully rendered success: %q", last)
		}
		checkValuesSurvive(t, tmpl.Name, tr)
	})
}

func TestRejectedKeyFailsCleanly(t *testing.T) {
	runEveryDialog(t, rejectedKey, func(t *testing.T, tmpl *catalog.Template, tr *runner.Transcript) {
		if !tr.Ended {
			t.Fatalf("the dialog did not end\n%s", tr.Format())
		}
		if len(tr.Calls) != 1 || tr.Calls[0].Status != 401 {
			t.Fatalf("want exactly one call, answered 401; got %d calls\n%s", len(tr.Calls), tr.Format())
		}
		last := lastMessage(t, tr)
		if !strings.Contains(last, "authenticate") {
			t.Errorf("the failure message does not show Stripe's error: %q", last)
		}
		if strings.Contains(tr.Format(), rejectedKey) {
			t.Error("the transcript shows the key")
		}
	})
}

func lastMessage(t *testing.T, tr *runner.Transcript) string {
	t.Helper()
	if len(tr.Messages) == 0 {
		t.Fatalf("the dialog printed no message\n%s", tr.Format())
	}
	return tr.Messages[len(tr.Messages)-1]
}

func answersFor(tmpl *catalog.Template) map[string]string {
	out := map[string]string{}
	for _, e := range tmpl.Entities {
		if v, ok := answers[e.Name]; ok {
			out[e.Name] = v
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

// checkValuesSurvive decodes the form bodies sent to Stripe and checks
// that what the person typed arrived as Stripe wants it.
func checkValuesSurvive(t *testing.T, template string, tr *runner.Transcript) {
	t.Helper()
	sent := map[string]url.Values{}
	for _, c := range tr.Calls {
		u, _ := url.Parse(c.URL)
		v, err := url.ParseQuery(c.Body)
		if err != nil {
			t.Errorf("%s body is not a valid form: %v", c.URL, err)
		}
		sent[u.Path] = v
	}
	expect := func(path, field, want string) {
		t.Helper()
		if got := sent[path].Get(field); got != want {
			t.Errorf("%s %s = %q, want %q", path, field, got, want)
		}
	}
	dueDate := fmt.Sprint(time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC).Unix())
	switch template {
	case "create_customer":
		expect("/v1/customers", "name", "Smith & Sons")
		expect("/v1/customers", "email", "jane+billing@example.com")
		expect("/v1/customers", "phone", "+1 415 555 0100")
	case "create_invoice":
		expect("/v1/customers", "name", "Smith & Sons")
		expect("/v1/invoices", "collection_method", "send_invoice")
		expect("/v1/invoices", "due_date", dueDate)
		expect("/v1/invoiceitems", "description", "Café crème 25% off")
		expect("/v1/invoiceitems", "unit_amount_decimal", "1250")
		expect("/v1/invoiceitems", "quantity", "3")
		if sent["/v1/invoiceitems"].Get("invoice") == "" {
			t.Error("the invoice item names no invoice")
		}
	case "create_payment_intent":
		expect("/v1/payment_intents", "amount", "1250")
		expect("/v1/payment_intents", "currency", "usd")
		expect("/v1/payment_intents", "customer", "cus_NffrFeUfNV2Hib")
	}
}
