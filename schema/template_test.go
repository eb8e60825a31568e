package schema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xoc-dev/xoc/schema"
)

// TestTemplateSchemaIsCurrent fails when config.schema.json changed and
// template.schema.json was not generated again.
func TestTemplateSchemaIsCurrent(t *testing.T) {
	want, err := schema.TemplateSchema()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("template.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("schema/template.schema.json is stale: run go generate ./schema")
	}
}

func compileTemplateSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	src, err := os.ReadFile("template.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schema.TemplateID, bytes.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schema.TemplateID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTemplateFilesValidate is what an editor does with a template file
// in HCL's JSON syntax; what is wrong in one is flagged.
func TestTemplateFilesValidate(t *testing.T) {
	s := compileTemplateSchema(t)
	paths, err := filepath.Glob("../compiler/catalog/testdata/*.xotemplate.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no template files in JSON: %v", err)
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(decodeJSON(t, src)); err != nil {
			t.Errorf("%s: %s", path, leaves(err))
		}
	}
	for name, src := range map[string]string{
		"two templates":         `{"template": {"a": {}, "b": {}}}`,
		"a bot block":           `{"bot": {"a": {}}}`,
		"a misspelt title":      `{"template": {"a": {"titel": "A", "description": "d", "intent": "a", "utterances": ["a","b","c","d","e"], "resources": []}}}`,
		"a PUT":                 `{"template": {"a": {"title": "A", "description": "d", "intent": "a", "utterances": ["a","b","c","d","e"], "resources": [], "service": {"s": {"method": "PUT", "path": "/v1/x", "on_failure": {"f": {"text": "no"}}}}}}}`,
		"a node name of dashes": `{"template": {"a": {"title": "A", "description": "d", "intent": "a", "utterances": ["a","b","c","d","e"], "resources": [], "message": {"the-end": {"text": "done"}}}}}`,
	} {
		if err := s.Validate(decodeJSON(t, []byte(src))); err == nil {
			t.Errorf("%s: the template schema accepts %s", name, src)
		}
	}
}
