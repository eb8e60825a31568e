package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/schema"
)

// TestFileSchemaIsCurrent fails when config.schema.json changed and
// file.schema.json was not generated again.
func TestFileSchemaIsCurrent(t *testing.T) {
	want, err := schema.FileSchema()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("file.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("schema/file.schema.json is stale: run go generate ./schema")
	}
}

func compileFileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	src, err := os.ReadFile("file.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schema.FileID, bytes.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schema.FileID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decodeJSON(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEveryJSONFileValidatesOnItsOwn is what an editor does: it checks
// each *.xo.json file of the examples and of testdata/valid alone, as
// written (expressions unevaluated, comments in), against the file
// schema. Split files without a bot block are among them.
func TestEveryJSONFileValidatesOnItsOwn(t *testing.T) {
	fileSchema := compileFileSchema(t)
	var paths []string
	for _, pattern := range []string{"../examples/*/*.xo.json", "../testdata/valid/*/*.xo.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 3 {
		t.Fatalf("found only %v", paths)
	}
	withoutBot := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := decodeJSON(t, src)
		if _, ok := doc.(map[string]any)["bot"]; !ok {
			withoutBot++
		}
		if err := fileSchema.Validate(doc); err != nil {
			t.Errorf("%s: %s", path, leaves(err))
		}
	}
	if withoutBot == 0 {
		t.Error("no file without a bot block was checked")
	}
}

// leaves lists a validation error's causes, one a line.
func leaves(err error) string {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	for _, u := range ve.BasicOutput().Errors {
		if u.Error != "" {
			b.WriteString("\n\t" + u.InstanceLocation + ": " + u.Error)
		}
	}
	return b.String()
}

// TestFileSchemaStillChecksWhatAFileSays keeps the file schema useful:
// what is wrong in a file on its own is still flagged.
func TestFileSchemaStillChecksWhatAFileSays(t *testing.T) {
	fileSchema := compileFileSchema(t)
	for name, src := range map[string]string{
		"a misspelt mode":                `{"action": {"stripe": {"authorization": {"mode": "pre_authorised", "api_key": "${var.k}"}, "template": {"list_customers": {}}}}}`,
		"an unknown block":               `{"bots": {"a": {}}}`,
		"an unknown attribute":           `{"bot": {"a": {"nmae": "A"}}}`,
		"a list where text goes":         `{"bot": {"a": {"name": ["A"]}}}`,
		"plain http to another host":     `{"auth_profile": {"p": {"type": "basic", "base_url": "http://example.com", "authorization_check_url": "https://example.com/x"}}}`,
		"a key with user_authorized":     `{"action": {"stripe": {"authorization": {"mode": "user_authorized", "profile": "auth_profile.p", "api_key": "${var.k}"}, "template": {"list_customers": {}}}}}`,
		"an escaped ${ is no expression": `{"auth_profile": {"p": {"type": "basic", "base_url": "$${host}", "authorization_check_url": "https://example.com/x"}}}`,
		"a comment as an action type":    `{"action": {"//": "no"}}`,
	} {
		if err := fileSchema.Validate(decodeJSON(t, []byte(src))); err == nil {
			t.Errorf("%s: the file schema accepts %s", name, src)
		}
	}
	ok := `{"//": "a comment", "auth_profile": {"p": {"//": "another", "type": "basic", "tenancy": "${var.t}", "base_url": "${var.host}", "authorization_check_url": "${var.host}/v1/balance"}}}`
	if err := fileSchema.Validate(decodeJSON(t, []byte(ok))); err != nil {
		t.Errorf("the file schema rejects %s: %v", ok, err)
	}
}

// TestABotStillNeedsItsBotBlock: the file schema requires no block, so
// the check that the union of a bot's files has one is the compiler's,
// with the language's own schema, and it still holds.
func TestABotStillNeedsItsBotBlock(t *testing.T) {
	src, err := os.ReadFile("../examples/stripe-user-authorized/stripe.xo.json")
	if err != nil {
		t.Fatal(err)
	}
	whole, err := schema.Compiled()
	if err != nil {
		t.Fatal(err)
	}
	if err := whole.Validate(decodeJSON(t, src)); err == nil {
		t.Error("the language's schema accepts a bot without a bot block")
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stripe.xo.json"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := config.Load(dir, config.Inputs{})
	found := false
	for _, d := range diags {
		found = found || strings.Contains(d.Summary, "Missing bot block")
	}
	if !found {
		t.Errorf("loading a directory without a bot block: got %v, want Missing bot block", diags)
	}
}
