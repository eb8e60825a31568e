package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog"
)

const refundsExample = "../../examples/stripe-refunds"

// templatesDoc is xoc templates --format json's document.
type templatesDoc struct {
	FormatVersion string `json:"format_version"`
	Templates     []struct {
		Name      string  `json:"name"`
		Source    *string `json:"source"`
		Overrides bool    `json:"overrides"`
		Entities  []struct {
			Name string `json:"name"`
		} `json:"entities"`
		Calls []struct {
			Method, Path string
		} `json:"calls"`
		Options []struct {
			Name    string  `json:"name"`
			Default *string `json:"default"`
		} `json:"options"`
	} `json:"templates"`
}

func decodeTemplates(t *testing.T, stdout string) templatesDoc {
	t.Helper()
	var doc templatesDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, stdout)
	}
	return doc
}

func TestTemplatesJSON(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "templates", "--format", "json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	doc := decodeTemplates(t, stdout)
	if doc.FormatVersion != "1.0" || len(doc.Templates) != len(catalog.Names()) {
		t.Fatalf("want version 1.0 and every catalog template:\n%s", stdout)
	}
	for i, name := range catalog.Names() {
		if tj := doc.Templates[i]; tj.Name != name || tj.Source != nil || tj.Overrides {
			t.Errorf("template %d: %+v, want the catalog's %s", i, tj, name)
		}
	}

	code, stdout, _ = xoc(t, nil, "templates", "--format", "json", "create_invoice")
	doc = decodeTemplates(t, stdout)
	if code != 0 || len(doc.Templates) != 1 || len(doc.Templates[0].Entities) != 7 || len(doc.Templates[0].Calls) != 3 ||
		doc.Templates[0].Options[0].Name != "currency" || *doc.Templates[0].Options[0].Default != "usd" {
		t.Errorf("exit %d; create_invoice in full:\n%s", code, stdout)
	}

	if code, _, stderr := xoc(t, nil, "templates", "--format", "github"); code != 2 || !strings.Contains(stderr, "--format must be text or json") {
		t.Errorf("exit %d, want 2:\n%s", code, stderr)
	}
}

// With --dir, the bot's own templates are listed and shown with their
// file, as text and as JSON.
func TestTemplatesOfABot(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "templates", "--dir", refundsExample)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	source := filepath.Join(refundsExample, "templates", "refund_vip.xotemplate.hcl")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if !strings.HasSuffix(lines[0], "SOURCE") || len(lines) != 2+len(catalog.Names()) {
		t.Fatalf("want a header with SOURCE and a line per template:\n%s", stdout)
	}
	for _, l := range lines[1:] {
		name := strings.Fields(l)[0]
		if want := map[bool]string{true: source, false: "catalog"}[name == "refund_vip"]; !strings.HasSuffix(l, want) {
			t.Errorf("%s: want the source %s: %q", name, want, l)
		}
	}

	code, stdout, _ = xoc(t, nil, "templates", "--dir", refundsExample, "refund_vip")
	for _, want := range []string{"Source: " + source, "paymentIntent", "POST /v1/refunds", "note"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d; templates refund_vip should show %q:\n%s", code, want, stdout)
		}
	}

	code, stdout, _ = xoc(t, nil, "templates", "--dir", refundsExample, "--format", "json", "refund_vip")
	doc := decodeTemplates(t, stdout)
	if code != 0 || len(doc.Templates) != 1 || doc.Templates[0].Source == nil || *doc.Templates[0].Source != source || doc.Templates[0].Overrides {
		t.Errorf("exit %d; refund_vip with its source:\n%s", code, stdout)
	}

	// Without --dir, a bot's template is unknown.
	if code, _, stderr := xoc(t, nil, "templates", "refund_vip"); code != 2 || !strings.Contains(stderr, `no template "refund_vip"`) {
		t.Errorf("exit %d, want 2:\n%s", code, stderr)
	}
}

// A bot whose template overrides the catalog's shows it instead; a bot
// with errors has them printed, and xoc templates exits 1.
func TestTemplatesOfABotOverridesAndErrors(t *testing.T) {
	vip, err := os.ReadFile("../../compiler/catalog/testdata/vip_customer.xotemplate.hcl")
	if err != nil {
		t.Fatal(err)
	}
	override := strings.Replace(string(vip), `template "vip_customer" {`, "template \"create_customer\" {\n  overrides = true", 1)
	bot := `bot "vip_desk" {}
template_source "create_customer" {
  path = "create_customer.xotemplate.hcl"
}
`
	dir := botDir(t, map[string]string{"bot.xo.hcl": bot, "create_customer.xotemplate.hcl": override})
	code, stdout, stderr := xoc(t, nil, "templates", "--dir", dir, "--format", "json", "create_customer")
	doc := decodeTemplates(t, stdout)
	if code != 0 || len(doc.Templates) != 1 || !doc.Templates[0].Overrides || doc.Templates[0].Calls[0].Path != "/v1/customers" ||
		len(doc.Templates[0].Entities) != 1 {
		t.Errorf("exit %d; the bot's create_customer, overriding:\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = xoc(t, nil, "templates", "--dir", dir)
	if code != 0 || !strings.Contains(stdout, "(overrides the catalog's)") {
		t.Errorf("exit %d; the list should say the template overrides the catalog's:\n%s", code, stdout)
	}

	broken := strings.Replace(override, "  overrides = true\n", "", 1)
	if err := os.WriteFile(filepath.Join(dir, "create_customer.xotemplate.hcl"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = xoc(t, nil, "templates", "--dir", dir)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "Template shadows a built-in one") || !strings.Contains(stderr, "create_customer.xotemplate.hcl line 1") {
		t.Errorf("exit %d, want 1 with the error at the template's line:\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = xoc(t, nil, "templates", "--dir", dir, "--format", "json")
	if code != 1 || !strings.Contains(stdout, `"valid": false`) {
		t.Errorf("exit %d, want 1 with the diagnostics document:\n%s", code, stdout)
	}
	if code, _, stderr := xoc(t, nil, "templates", "--dir", filepath.Join(dir, "nope")); code != 2 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("exit %d, want 2 for a missing --dir:\n%s", code, stderr)
	}
}
