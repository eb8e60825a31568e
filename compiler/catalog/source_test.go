package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The catalog's own templates pass every check a user's file gets, but
// the ones about shadowing the catalog.
func TestCatalogPassesUserChecks(t *testing.T) {
	entries, err := templateFiles.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".hcl") {
			continue
		}
		n++
		src, err := templateFiles.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, e.Name(), hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", e.Name(), diags.Error())
		}
		if _, diags := decodeUser(f, e.Name(), true); len(diags) > 0 {
			t.Errorf("%s: %s", e.Name(), diags.Error())
		}
	}
	if n == 0 {
		t.Fatal("no catalog files")
	}
}

func parseFixture(t *testing.T, name string) *UserTemplate {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	u, diags := Parse(filepath.Join("testdata", name), src)
	if len(diags) > 0 {
		t.Fatalf("%s: %s", name, diags.Error())
	}
	return u
}

// A user template decodes alike in the native syntax and in HCL's JSON
// syntax, nodes in the order of their properties.
func TestUserTemplateSyntaxesDecodeAlike(t *testing.T) {
	native := parseFixture(t, "vip_customer.xotemplate.hcl")
	json := parseFixture(t, "vip_customer.xotemplate.json")
	summary := func(u *UserTemplate) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s|%s|%s|%s|%q|%q|%+v|%+v\n", u.Name, u.Title, u.Description, u.Intent, u.Utterances, u.Resources, u.Entities[0].Prompt, u.Calls)
		opts, _ := u.OptionValues(nil)
		ctx := EvalContext(opts)
		for _, n := range u.Nodes {
			fmt.Fprintf(&b, "%s %s", n.Name, n.Type)
			for _, e := range []hcl.Expression{n.Code, n.Text} {
				if e != nil {
					v, err := EvalString(e, ctx)
					fmt.Fprintf(&b, " %q %v", strings.TrimSpace(v), err)
				}
			}
			if s := n.Service; s != nil {
				failure, _ := EvalString(s.FailureText, ctx)
				fmt.Fprintf(&b, " %s %s %q", s.Method, s.Path, failure)
				for _, f := range s.Form {
					v, _ := EvalString(f.Value, ctx)
					fmt.Fprintf(&b, " %s=%s", f.Name, v)
				}
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	if a, b := summary(native), summary(json); a != b {
		t.Errorf("the JSON syntax decodes differently:\nnative:\n%s\njson:\n%s", a, b)
	}
}

// TestSetLooksUpUserTemplatesFirst: a bot's own template replaces the
// catalog's of its name, for that bot's set alone.
func TestSetLooksUpUserTemplatesFirst(t *testing.T) {
	var none *Set
	if got := none.Names(); !slices.Equal(got, Names()) {
		t.Errorf("a nil set's names %v, want the catalog's %v", got, Names())
	}
	vip := parseFixture(t, "vip_customer.xotemplate.hcl")
	src := strings.Replace(mustRead(t, "testdata/vip_customer.xotemplate.hcl"), `template "vip_customer" {`, "template \"create_customer\" {\n  overrides = true", 1)
	override, diags := Parse("create_customer.xotemplate.hcl", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	var s Set
	if !s.Add(vip) || !s.Add(override) || s.Add(vip) {
		t.Fatal("Add: want true, true, then false for a name twice")
	}
	if got, ok := s.Lookup("create_customer"); !ok || got != override.Template {
		t.Errorf("Lookup(create_customer) = %v, want the bot's", got)
	}
	if got, _ := Lookup("create_customer"); got == override.Template {
		t.Error("the catalog's create_customer was replaced for every bot")
	}
	if got, ok := s.Lookup("list_customers"); !ok || got.Name != "list_customers" {
		t.Errorf("Lookup(list_customers) = %v, %v", got, ok)
	}
	if s.Source("vip_customer") != vip.Filename || s.Source("list_customers") != "" {
		t.Errorf("Source: %q, %q", s.Source("vip_customer"), s.Source("list_customers"))
	}
	want := append(Names(), "vip_customer")
	slices.Sort(want)
	if got := s.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
}

// A script nested deeper than any parser should descend is refused, not
// parsed: the file is a user's, of up to 4 MiB.
func TestDeepScriptIsRefused(t *testing.T) {
	deep := strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000)
	src := strings.Replace(mustRead(t, "testdata/vip_customer.xotemplate.hcl"),
		"context.addVipCustomerName = jsonText(context.entities.name);",
		"context.addVipCustomerName = jsonText(context.entities.name); var x = "+deep+";", 1)
	_, diags := Parse("deep.xotemplate.hcl", []byte(src))
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "nests brackets more than") {
		t.Fatalf("want the nesting refused, got %v", diags)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// Shadowing a catalog template is reported with the file's other
// problems, neither hiding the other.
func TestShadowingAndOtherProblemsAreBothReported(t *testing.T) {
	src := strings.Replace(mustRead(t, "testdata/vip_customer.xotemplate.hcl"), `template "vip_customer" {`, `template "create_customer" {`, 1)
	src = strings.Replace(src, "context.addVipCustomerName = jsonText(context.entities.name);", "context.addVipCustomerName = jsonText(context.entities.name;", 1)
	_, diags := Parse("create_customer.xotemplate.hcl", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	slices.Sort(got)
	if want := []string{"Script is not JavaScript", "Template shadows a built-in one"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
