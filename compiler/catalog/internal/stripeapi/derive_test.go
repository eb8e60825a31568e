package stripeapi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
)

// api.json is what Derive makes of stripe-mock's spec today. The spec comes
// from the Go module cache; without it the test skips, naming the command
// that fetches it.
func TestAPIIsFresh(t *testing.T) {
	dir, version, toolsDir, err := samples.Module()
	if err != nil {
		t.Skipf("cannot locate stripe-mock: %v", err)
	}
	if dir == "" {
		t.Skipf("stripe-mock %s is not in the module cache; run `go mod download github.com/stripe/stripe-mock` in %s to check api.json against it", version, toolsDir)
	}
	spec, err := samples.ReadSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Derive(spec, version)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(apiFile, want) {
		t.Errorf("api.json is stale; run `go generate ./compiler/catalog`")
	}
}

// A spec small enough to read: a list, a create with a nested body, a
// retrieve answering one of two resources, a delete, and a test helper.
const smallSpec = `{
  "paths": {
    "/v1/widgets": {
      "get": {"parameters": [
          {"in": "query", "name": "limit", "required": false, "schema": {"type": "integer"}},
          {"in": "query", "name": "kind", "required": true, "schema": {"type": "string", "enum": ["a", "b"], "description": "dropped"}}],
        "responses": {"200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
          "object": {"type": "string", "enum": ["list"]}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/widget"}}}}}}}}},
      "post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["name"], "properties": {
          "name": {"type": "string", "maxLength": 10, "title": "dropped"},
          "parts": {"type": "array", "items": {"type": "object", "required": ["size"], "properties": {"size": {"type": "integer"}}}},
          "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "string", "enum": [""]}]}}}}}},
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}}}}
    },
    "/v1/widgets/{widget}": {
      "get": {"parameters": [{"in": "path", "name": "widget", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"content": {"application/json": {"schema": {"anyOf": [
          {"$ref": "#/components/schemas/widget"}, {"$ref": "#/components/schemas/deleted_widget"}]}}}}}},
      "delete": {"parameters": [{"in": "path", "name": "widget", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"content": {"application/json": {"schema": {"anyOf": [
          {"$ref": "#/components/schemas/widget"}, {"$ref": "#/components/schemas/deleted_widget"}]}}}}}}
    },
    "/v1/test_helpers/widgets": {"post": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}}}}},
    "/v2/widgets": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}}}}}
  },
  "components": {"schemas": {
    "widget": {"type": "object", "x-resourceId": "widget", "properties": {"id": {"type": "string"}}},
    "deleted_widget": {"type": "object", "x-resourceId": "deleted_widget", "properties": {"deleted": {"type": "boolean"}}}
  }}
}`

func TestDeriveSmallSpec(t *testing.T) {
	out, err := Derive([]byte(smallSpec), "vtest")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"stripe_mock":"vtest",
"operations":[
{"method":"GET","path":"/v1/widgets","params":2,"resource":"list","list_of":"widget"},
{"method":"POST","path":"/v1/widgets","params":10,"resource":"widget"},
{"method":"DELETE","path":"/v1/widgets/{widget}","params":11,"resource":"deleted_widget"},
{"method":"GET","path":"/v1/widgets/{widget}","params":11,"resource":"widget"}
],
"schemas":[
{"type":"string","enum":["a","b"]},
{"type":"integer"},
{"type":"object","required":["kind"],"properties":{"kind":0,"limit":1}},
{"type":"string"},
{"type":"object","values":3},
{"type":"string","enum":[""]},
{"any_of":[4,5]},
{"type":"string","max_length":10},
{"type":"object","required":["size"],"properties":{"size":1}},
{"type":"array","items":8},
{"type":"object","required":["name"],"properties":{"metadata":6,"name":7,"parts":9}},
{"type":"object"}
]}
`
	if string(out) != want {
		t.Errorf("Derive:\n%s\nwant:\n%s", out, want)
	}
	routes, _, err := parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(routes[0].byMethod) + len(routes[1].byMethod); len(routes) != 2 || n != 4 {
		t.Errorf("%d operations, want 4 (no test helper, no /v2/)", n)
	}
}

// A construct the summary does not know stops the derivation, so a new
// stripe-mock that uses one is looked at rather than summarized wrongly.
func TestDeriveRefusesTheUnknown(t *testing.T) {
	post := func(body string) string {
		return `{"paths": {"/v1/w": {"post": {` + body + `,
			"responses": {"200": {"content": {"application/json": {"schema": {"type": "object", "x-resourceId": "w"}}}}}}}}}`
	}
	form := func(schema string) string {
		return post(`"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": ` + schema + `}}}`)
	}
	for name, c := range map[string]struct{ spec, want string }{
		"pattern":       {form(`{"type": "object", "properties": {"a": {"type": "string", "pattern": "^x"}}}`), `a: the summary does not know the keyword "pattern"`},
		"ref":           {form(`{"type": "object", "properties": {"a": {"$ref": "#/components/schemas/x"}}}`), `keyword "$ref"`},
		"nested":        {form(`{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string", "minLength": 1}}}}}`), `a[b]: the summary does not know`},
		"number enum":   {form(`{"type": "object", "properties": {"a": {"type": "integer", "enum": [1]}}}`), "enum value 1 is not a string"},
		"untyped":       {form(`{"type": "object", "properties": {"a": {}}}`), "neither a type nor anyOf"},
		"bare array":    {form(`{"type": "object", "properties": {"a": {"type": "array"}}}`), "an array without items"},
		"query on post": {post(`"parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}]`), "parameter q in query"},
		"header":        {post(`"parameters": [{"in": "header", "name": "h", "schema": {"type": "string"}}]`), "parameter h in header"},
		"no resource":   {`{"paths": {"/v1/w": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}}}`, "neither a list nor a resource"},
		"no 200":        {`{"paths": {"/v1/w": {"get": {"responses": {}}}}}`, "no 200 response"},
		"bad path":      {`{"paths": {"/v1/w": {"get": {"parameters": [{"in": "path", "name": "id"}], "responses": {}}}}}`, "path parameter id is not in the path"},
		"not json":      {`{`, "spec3.json"},
	} {
		_, err := Derive([]byte(c.spec), "vtest")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
}
