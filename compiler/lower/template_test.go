package lower

import (
	"github.com/xoc-dev/xoc/compiler/catalog"

	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/ir"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	preAuth  = templateAuth{Mode: config.ModePreAuthorized, KeyEnvVar: "stripe_api_key", BaseURLEnvVar: "stripe_base_url"}
	userAuth = templateAuth{Mode: config.ModeUserAuthorized, BaseURLEnvVar: "stripe_base_url", Profile: "stripe_end_user"}
)

// Each template's lowered dialog, as indented JSON of the IR, against
// testdata/<name>.golden.json (pre-authorized, default options): the
// catalog's templates and the hand-built ones.
func TestLowerGolden(t *testing.T) {
	for _, tpl := range append(catalog.All(), handBuilt(t)...) {
		t.Run(tpl.Name, func(t *testing.T) {
			d, err := lowerTemplate(tpl, preAuth, overrides{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep scripts' < > & readable
			enc.SetIndent("", "  ")
			if err := enc.Encode(d); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", tpl.Name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./compiler/catalog -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("lowered dialog differs from %s (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
			}
		})
	}
}

func services(d ir.Dialog) []*ir.Service {
	var s []*ir.Service
	for _, n := range d.Nodes {
		if n.Service != nil {
			s = append(s, n.Service)
		}
	}
	return s
}

func TestAuthModes(t *testing.T) {
	for _, tpl := range catalog.All() {
		pre, err := lowerTemplate(tpl, preAuth, overrides{})
		if err != nil {
			t.Fatal(err)
		}
		user, err := lowerTemplate(tpl, userAuth, overrides{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range services(pre) {
			want := []ir.Header{{Name: "Authorization", Value: "Bearer {{env.stripe_api_key}}"}}
			if s.Method == "post" {
				want = append(want, ir.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
			}
			want = append(want, ir.Header{Name: "Stripe-Version", Value: StripeAPIVersion})
			if diff := cmp.Diff(want, s.Headers); diff != "" || s.AuthProfile != "" {
				t.Errorf("%s pre_authorized: headers (-want +got):\n%s profile %q", tpl.Name, diff, s.AuthProfile)
			}
			if !strings.HasPrefix(s.URL, "{{env.stripe_base_url}}/v1/") || s.TimeoutSeconds != ServiceTimeoutSeconds {
				t.Errorf("%s: URL %q timeout %d", tpl.Name, s.URL, s.TimeoutSeconds)
			}
		}
		for _, s := range services(user) {
			for _, h := range s.Headers {
				if strings.EqualFold(h.Name, "Authorization") || strings.Contains(h.Value, "stripe_api_key") {
					t.Errorf("%s user_authorized: header %+v", tpl.Name, h)
				}
			}
			if s.AuthProfile != "stripe_end_user" || !strings.HasPrefix(s.URL, "{{env.stripe_base_url}}/v1/") {
				t.Errorf("%s user_authorized: profile %q URL %q", tpl.Name, s.AuthProfile, s.URL)
			}
		}
	}
}

func TestBadAuth(t *testing.T) {
	tpl, _ := catalog.Lookup("create_customer")
	for name, auth := range map[string]templateAuth{
		"no mode":            {KeyEnvVar: "k", BaseURLEnvVar: "b"},
		"no key":             {Mode: config.ModePreAuthorized, BaseURLEnvVar: "b"},
		"no base":            {Mode: config.ModePreAuthorized, KeyEnvVar: "k"},
		"bad env name":       {Mode: config.ModePreAuthorized, KeyEnvVar: "k}}", BaseURLEnvVar: "b"},
		"no profile":         {Mode: config.ModeUserAuthorized, BaseURLEnvVar: "b"},
		"profile and key":    {Mode: config.ModeUserAuthorized, BaseURLEnvVar: "b", Profile: "p", KeyEnvVar: "k"},
		"pre with a profile": {Mode: config.ModePreAuthorized, BaseURLEnvVar: "b", KeyEnvVar: "k", Profile: "p"},
	} {
		if _, err := lowerTemplate(tpl, auth, overrides{}); err == nil {
			t.Errorf("%s: Lower accepted %+v", name, auth)
		}
	}
}

func TestOverrides(t *testing.T) {
	tpl, _ := catalog.Lookup("create_invoice")
	d, err := lowerTemplate(tpl, preAuth, overrides{
		DialogName: "Bill a customer",
		Utterances: []string{"send an invoice", "bill a customer"},
		Options:    map[string]string{"currency": "gbp"},
		Entities: map[string]entityOverride{
			"dueDate": {Prompt: "When should the invoice be paid?", ErrorPrompt: "Please give a date, such as 31 December."},
			"email":   {Prompt: "Where should the invoice go?"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Key != "create_invoice" || d.Name != "Bill a customer" || !slices.Equal(d.Utterances, []string{"send an invoice", "bill a customer"}) {
		t.Errorf("key %q name %q utterances %q", d.Key, d.Name, d.Utterances)
	}
	entities := map[string]*ir.Entity{}
	var currencies []string
	for _, n := range d.Nodes {
		if n.Entity != nil {
			entities[n.Name] = n.Entity
		}
		if n.Service != nil {
			for _, f := range n.Service.Form {
				if f.Name == "currency" {
					currencies = append(currencies, f.Value)
				}
			}
		}
	}
	if e := entities["dueDate"]; e.Prompt != "When should the invoice be paid?" || e.ErrorPrompt != "Please give a date, such as 31 December." {
		t.Errorf("dueDate prompts %+v", e)
	}
	if e := entities["email"]; e.Prompt != "Where should the invoice go?" || e.ErrorPrompt == "" {
		t.Errorf("email prompts %+v: a blank override must keep the catalog's error prompt", e)
	}
	if !slices.Equal(currencies, []string{"gbp", "gbp"}) {
		t.Errorf("currency option gives the form fields %q, want gbp for the invoice and its item", currencies)
	}

	// The catalog itself is untouched by a lowering with overrides.
	if tpl.Title != "Create Invoice" || len(tpl.Utterances) < 5 {
		t.Errorf("catalog template changed: %+v", tpl)
	}
	if e, _ := tpl.Entity("dueDate"); e.Prompt == "When should the invoice be paid?" {
		t.Errorf("catalog entity changed")
	}
}

func TestBadOverrides(t *testing.T) {
	tpl, _ := catalog.Lookup("create_invoice")
	_, err := lowerTemplate(tpl, preAuth, overrides{
		Options:  map[string]string{"currency": "usdd", "colour": "red"},
		Entities: map[string]entityOverride{"due_date": {Prompt: "x"}},
	})
	if err == nil {
		t.Fatal("Lower accepted unknown options and entities")
	}
	for _, want := range []string{`no option "colour"`, `currency must be one of "usd"`, `no entity "due_date"`, `"dueDate"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestValidateOption(t *testing.T) {
	lc, _ := catalog.Lookup("list_customers")
	inv, _ := catalog.Lookup("create_invoice")
	cc, _ := catalog.Lookup("create_customer")
	for _, tc := range []struct {
		tpl         *catalog.Template
		name, value string
		wantErr     string // "" = valid
	}{
		{lc, "limit", "10", ""},
		{lc, "limit", "1", ""},
		{lc, "limit", "100", ""},
		{lc, "limit", "0", "limit must be a whole number from 1 to 100; got \"0\""},
		{lc, "limit", "101", "from 1 to 100"},
		{lc, "limit", "2.5", "whole number"},
		{lc, "limit", "ten", "whole number"},
		{lc, "limit", "NaN", "whole number"},
		{lc, "limt", "10", `template "list_customers" has no option "limt"; its options are "limit"`},
		{inv, "currency", "eur", ""},
		{inv, "currency", "USD", `(did you mean "usd"?)`},
		{inv, "currency", "jpy", "currency must be one of"},
		{cc, "currency", "usd", `template "create_customer" has no options`},
	} {
		err := tc.tpl.ValidateOption(tc.name, tc.value)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s %s=%q: unexpected error %v", tc.tpl.Name, tc.name, tc.value, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s %s=%q: error %v, want one saying %q", tc.tpl.Name, tc.name, tc.value, err, tc.wantErr)
		}
	}
}

func TestBoolOption(t *testing.T) {
	o := catalog.Option{Name: "send", Type: "bool"}
	if o.Validate("true") != nil || o.Validate("false") != nil || o.Validate("yes") == nil {
		t.Error("bool options take exactly true and false")
	}
}

// Lowering twice gives the same dialog, and lowering does not share slices
// with the catalog.
func TestLowerIsDeterministic(t *testing.T) {
	for _, tpl := range catalog.All() {
		a, _ := lowerTemplate(tpl, userAuth, overrides{})
		b, _ := lowerTemplate(tpl, userAuth, overrides{})
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: two lowerings differ:\n%s", tpl.Name, diff)
		}
		if len(a.Utterances) > 0 {
			a.Utterances[0] = "changed"
			if tpl.Utterances[0] == "changed" {
				t.Errorf("%s: the dialog shares its utterances with the catalog", tpl.Name)
			}
		}
	}
}

// Each set of option values reaches the request: lowering evaluates the
// template's expressions for every bot, with its own values.
func TestOptionValuesReachTheRequest(t *testing.T) {
	tpl, ok := catalog.Lookup("list_invoices")
	if !ok {
		t.Fatal("no list_invoices template")
	}
	sets := []map[string]string{nil, {"limit": "5"}, {"status": "paid"}, {"limit": "5", "status": "paid"}}
	seen := map[string]bool{}
	for _, opts := range sets {
		d, err := lowerTemplate(tpl, preAuth, overrides{Options: opts})
		if err != nil {
			t.Fatal(err)
		}
		seen[services(d)[0].URL] = true
	}
	if len(seen) != len(sets) {
		t.Errorf("%d distinct URLs over %d option sets: %v", len(seen), len(sets), seen)
	}
	if _, err := lowerTemplate(tpl, preAuth, overrides{Options: map[string]string{"limit": "500"}}); err == nil {
		t.Error("limit 500 was accepted")
	}
}
