package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/ir"
)

var wantTemplates = map[string]struct{ title, intent string }{
	"create_customer":       {"Create a Customer", "createCustomer"},
	"list_customers":        {"List all customers", "listAllCustomers"},
	"create_invoice":        {"Create Invoice", "createInvoice"},
	"list_invoices":         {"List all invoices", "listAllInvoices"},
	"create_payment_intent": {"Create a payment intent", "createPaymentIntent"},
}

func TestCatalogDecodes(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatalf("catalog files do not decode:\n%v", err)
	}
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() not sorted: %v", names)
	}
	if len(names) != len(wantTemplates) {
		t.Errorf("catalog has %v, want the five Kore.ai Stripe templates", names)
	}
	for name, want := range wantTemplates {
		tpl, ok := Lookup(name)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", name)
			continue
		}
		if tpl.Title != want.title || tpl.Intent != want.intent {
			t.Errorf("%s: title %q intent %q, want %q %q", name, tpl.Title, tpl.Intent, want.title, want.intent)
		}
	}
	if _, ok := Lookup("create_refund"); ok {
		t.Errorf("Lookup of an unknown template succeeded")
	}
}

// Every template's resources are exactly the resources its calls touch.
func TestResourcesMatchCalls(t *testing.T) {
	for _, tpl := range All() {
		var got []string
		for _, c := range tpl.Calls {
			r := strings.Split(strings.TrimPrefix(c.Path, "/v1/"), "/")[0]
			if !slices.Contains(got, r) {
				got = append(got, r)
			}
		}
		if !slices.Equal(got, tpl.Resources) {
			t.Errorf("%s: resources %v, calls use %v", tpl.Name, tpl.Resources, got)
		}
	}
}

func TestGraphIsSound(t *testing.T) {
	for _, tpl := range All() {
		d, err := tpl.Lower(preAuth, Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", tpl.Name, err)
		}
		byName := map[string]ir.Node{}
		for _, n := range d.Nodes {
			if _, dup := byName[n.Name]; dup {
				t.Errorf("%s: node %s twice", tpl.Name, n.Name)
			}
			byName[n.Name] = n
		}
		if d.Nodes[0].Type != ir.NodeIntent || d.Nodes[0].Name != tpl.Intent {
			t.Errorf("%s: first node %+v is not the intent", tpl.Name, d.Nodes[0])
		}
		// Walk from the intent: every node reachable, every target exists,
		// the unconditional transition comes last and exactly once.
		reached := map[string]bool{}
		var walk func(string)
		walk = func(name string) {
			if name == "" || reached[name] {
				return
			}
			reached[name] = true
			n, ok := byName[name]
			if !ok {
				t.Errorf("%s: transition to missing node %q", tpl.Name, name)
				return
			}
			for i, tr := range n.Transitions {
				if (tr.If == nil) != (i == len(n.Transitions)-1) {
					t.Errorf("%s: node %s: the unconditional transition must come last, once", tpl.Name, name)
				}
				walk(tr.To)
			}
		}
		walk(d.Nodes[0].Name)
		for _, n := range d.Nodes {
			if !reached[n.Name] {
				t.Errorf("%s: node %s is unreachable", tpl.Name, n.Name)
			}
			if n.Type == ir.NodeEntity && (n.Entity.Prompt == "" || n.Entity.ErrorPrompt == "") {
				t.Errorf("%s: entity %s lacks a prompt or error prompt", tpl.Name, n.Name)
			}
		}
	}
}

// A failed call ends the dialog at a message quoting Stripe's error, so no
// later call is made.
func TestFailureEndsDialog(t *testing.T) {
	for _, tpl := range All() {
		d, _ := tpl.Lower(preAuth, Overrides{})
		byName := map[string]ir.Node{}
		for _, n := range d.Nodes {
			byName[n.Name] = n
		}
		for _, n := range d.Nodes {
			if n.Type != ir.NodeService {
				continue
			}
			tr := n.Transitions
			if len(tr) != 2 || tr[0].If == nil || *tr[0].If != (ir.Condition{Context: "context." + n.Name + ".response.statusCode", Op: "eq", Value: "200"}) {
				t.Errorf("%s: %s transitions %+v, want 200 → next, default → failure", tpl.Name, n.Name, tr)
				continue
			}
			fail := byName[tr[1].To]
			want := "{{context." + n.Name + ".response.body.error.message}}"
			if fail.Type != ir.NodeMessage || !strings.Contains(fail.Message, want) {
				t.Errorf("%s: failure node of %s is %+v, want a message showing %s", tpl.Name, n.Name, fail, want)
			}
			if len(fail.Transitions) != 1 || fail.Transitions[0] != (ir.Transition{}) {
				t.Errorf("%s: failure node %s must end the dialog, has %+v", tpl.Name, fail.Name, fail.Transitions)
			}
		}
	}
}

var contextRef = regexp.MustCompile(`context\.(entities\.)?([A-Za-z_][A-Za-z0-9_]*)`)

// Every context.entities.X names an entity of the template, every entity is
// used, and every other context.X is set by an earlier node.
func TestContextReferences(t *testing.T) {
	for _, tpl := range All() {
		d, _ := tpl.Lower(preAuth, Overrides{})
		used := map[string]bool{}
		var earlier []string // service nodes and context keys set so far
		for _, n := range d.Nodes {
			texts := []string{n.Script, n.Message}
			if n.Service != nil {
				texts = append(texts, n.Service.URL, n.Service.Body)
			}
			for _, text := range texts {
				for _, m := range contextRef.FindAllStringSubmatch(text, -1) {
					name := m[2]
					switch {
					case m[1] != "":
						used[name] = true
						if _, ok := tpl.Entity(name); !ok {
							t.Errorf("%s: node %s refers to context.entities.%s, which is no entity of the template", tpl.Name, n.Name, name)
						}
					case strings.Contains(text, "context."+name+" =") && n.Type == ir.NodeScript:
						earlier = append(earlier, name)
					case !slices.Contains(earlier, name) && name != "entities":
						t.Errorf("%s: node %s reads context.%s before anything sets it", tpl.Name, n.Name, name)
					}
				}
			}
			if n.Type == ir.NodeService {
				earlier = append(earlier, n.Name)
			}
		}
		for _, e := range tpl.Entities {
			if !used[e.Name] {
				t.Errorf("%s: entity %s is asked for but never used", tpl.Name, e.Name)
			}
		}
	}
}

func TestUtterancesAndPrompts(t *testing.T) {
	for _, tpl := range All() {
		if len(tpl.Utterances) < 5 {
			t.Errorf("%s: %d utterances, want at least 5", tpl.Name, len(tpl.Utterances))
		}
		for _, e := range tpl.Entities {
			if e.Prompt == "" || e.ErrorPrompt == "" {
				t.Errorf("%s: entity %s lacks a prompt or an error prompt", tpl.Name, e.Name)
			}
		}
	}
}

// Broken catalog files are reported as diagnostics, never as panics.
func TestBrokenFilesAreDiagnosed(t *testing.T) {
	cases := map[string]string{
		"syntax":        `template "x" {`,
		"two templates": `template "x" {}` + "\n" + `template "y" {}`,
		"wrong name":    strings.Replace(validSource(t), `template "create_customer"`, `template "other"`, 1),
		"unknown var":   strings.Replace(validSource(t), `"{{context.createCustomerBody}}"`, `"${option.nope}"`, 1),
		"bad entity":    strings.Replace(validSource(t), `"email"`+"\n", `"emailz"`+"\n", 1),
		"no failure":    regexp.MustCompile(`(?s)on_failure "createCustomerFailureMessage" \{.*?\n    \}`).ReplaceAllString(validSource(t), ""),
		"bad method":    strings.Replace(validSource(t), `method = "POST"`, `method = "PUT"`, 1),
		"few utterance": regexp.MustCompile(`(?s)utterances = \[.*?\]`).ReplaceAllString(validSource(t), `utterances = ["a"]`),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			tpl, diags := decodeFile("templates/create_customer.hcl", []byte(src))
			if !diags.HasErrors() {
				t.Fatalf("no error for a broken file; got %+v", tpl)
			}
			t.Log(diags.Error())
		})
	}
}

func validSource(t *testing.T) string {
	t.Helper()
	src, err := templateFiles.ReadFile("templates/create_customer.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := decodeFile("templates/create_customer.hcl", src); diags.HasErrors() {
		t.Fatal(hcl.Diagnostics(diags).Error())
	}
	return string(src)
}
