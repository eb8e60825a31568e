package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xoc-dev/xoc/compiler/ir"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	preAuth  = Auth{Mode: PreAuthorized, KeyEnvVar: "stripe_api_key", BaseURLEnvVar: "stripe_base_url"}
	userAuth = Auth{Mode: UserAuthorized, BaseURLEnvVar: "stripe_base_url", Profile: "stripe_end_user"}
)

// Each template's lowered dialog, as indented JSON of the IR, against
// testdata/<name>.golden.json (pre-authorized, default options).
func TestLowerGolden(t *testing.T) {
	for _, tpl := range All() {
		t.Run(tpl.Name, func(t *testing.T) {
			d, err := tpl.Lower(preAuth, Overrides{})
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
	for _, tpl := range All() {
		pre, err := tpl.Lower(preAuth, Overrides{})
		if err != nil {
			t.Fatal(err)
		}
		user, err := tpl.Lower(userAuth, Overrides{})
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
	tpl, _ := Lookup("create_customer")
	for name, auth := range map[string]Auth{
		"no mode":            {KeyEnvVar: "k", BaseURLEnvVar: "b"},
		"no key":             {Mode: PreAuthorized, BaseURLEnvVar: "b"},
		"no base":            {Mode: PreAuthorized, KeyEnvVar: "k"},
		"bad env name":       {Mode: PreAuthorized, KeyEnvVar: "k}}", BaseURLEnvVar: "b"},
		"no profile":         {Mode: UserAuthorized, BaseURLEnvVar: "b"},
		"profile and key":    {Mode: UserAuthorized, BaseURLEnvVar: "b", Profile: "p", KeyEnvVar: "k"},
		"pre with a profile": {Mode: PreAuthorized, BaseURLEnvVar: "b", KeyEnvVar: "k", Profile: "p"},
	} {
		if _, err := tpl.Lower(auth, Overrides{}); err == nil {
			t.Errorf("%s: Lower accepted %+v", name, auth)
		}
	}
}

func TestOverrides(t *testing.T) {
	tpl, _ := Lookup("create_invoice")
	d, err := tpl.Lower(preAuth, Overrides{
		DialogName: "Bill a customer",
		Utterances: []string{"send an invoice", "bill a customer"},
		Options:    map[string]string{"currency": "gbp"},
		Entities: map[string]EntityOverride{
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
	var scripts string
	for _, n := range d.Nodes {
		if n.Entity != nil {
			entities[n.Name] = n.Entity
		}
		scripts += n.Script
	}
	if e := entities["dueDate"]; e.Prompt != "When should the invoice be paid?" || e.ErrorPrompt != "Please give a date, such as 31 December." {
		t.Errorf("dueDate prompts %+v", e)
	}
	if e := entities["email"]; e.Prompt != "Where should the invoice go?" || e.ErrorPrompt == "" {
		t.Errorf("email prompts %+v: a blank override must keep the catalog's error prompt", e)
	}
	if !strings.Contains(scripts, `encodeURIComponent("gbp")`) || strings.Contains(scripts, `"usd"`) {
		t.Errorf("currency option not applied to the scripts:\n%s", scripts)
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
	tpl, _ := Lookup("create_invoice")
	_, err := tpl.Lower(preAuth, Overrides{
		Options:  map[string]string{"currency": "usdd", "colour": "red"},
		Entities: map[string]EntityOverride{"due_date": {Prompt: "x"}},
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
	lc, _ := Lookup("list_customers")
	inv, _ := Lookup("create_invoice")
	cc, _ := Lookup("create_customer")
	for _, tc := range []struct {
		tpl         *Template
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
	o := Option{Name: "send", Type: "bool"}
	if o.Validate("true") != nil || o.Validate("false") != nil || o.Validate("yes") == nil {
		t.Error("bool options take exactly true and false")
	}
}

// Lowering twice gives the same dialog, and lowering does not share slices
// with the catalog.
func TestLowerIsDeterministic(t *testing.T) {
	for _, tpl := range All() {
		a, _ := tpl.Lower(userAuth, Overrides{})
		b, _ := tpl.Lower(userAuth, Overrides{})
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

// A template keeps what its expressions evaluate to per option values.
// Lowering with the same values again, or after other values, must give
// what a template that has kept nothing gives.
func TestEvaluationsKeptPerOptionValues(t *testing.T) {
	shared, ok := Lookup("list_invoices")
	if !ok {
		t.Fatal("no list_invoices template")
	}
	sets := []map[string]string{
		nil,
		{"limit": "5"},
		{"status": "paid"},
		{"limit": "5", "status": "paid"},
		{},
		{"limit": "5"},
		{"limit": "05"},
		{"status": "paid"},
	}
	seen := map[string]bool{}
	for _, opts := range sets {
		fresh, err := loadAll(templateFiles)
		if err != nil {
			t.Fatal(err)
		}
		var uncached *Template
		for _, tpl := range fresh {
			if tpl.Name == shared.Name {
				uncached = tpl
			}
		}
		for _, auth := range []Auth{preAuth, userAuth} {
			want, err := uncached.Lower(auth, Overrides{Options: opts})
			if err != nil {
				t.Fatal(err)
			}
			got, err := shared.Lower(auth, Overrides{Options: opts})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("options %v, %s: lowering differs from an uncached template:\n%s", opts, auth.Mode, diff)
			}
			seen[services(got)[0].URL] = true
		}
	}
	// The URL tells the option values apart: a key that ignored them
	// would also fail above, and this checks the sets really differ.
	if len(seen) < 4 {
		t.Errorf("only %d distinct URLs over the option sets: %v", len(seen), seen)
	}
}

// Option values with errors are reported every time, not kept.
func TestOptionErrorsAreNotKept(t *testing.T) {
	tpl, _ := Lookup("list_invoices")
	for range 2 {
		if _, err := tpl.Lower(preAuth, Overrides{Options: map[string]string{"limit": "500"}}); err == nil {
			t.Fatal("limit 500 was accepted")
		}
	}
}

func TestOptionKeyTellsValuesApart(t *testing.T) {
	sets := []map[string]string{
		nil,
		{"a": ""},
		{"a": "b=c"},
		{"a=b": "c"},
		{"a": "1", "b": "2"},
		{"a": "1b2"},
		{"a": "1:1:b1:2"},
	}
	keys := map[string]map[string]string{}
	for _, s := range sets {
		k := optionKey(s)
		if prev, dup := keys[k]; dup {
			t.Errorf("%v and %v have the same key %q", prev, s, k)
		}
		keys[k] = s
	}
}
