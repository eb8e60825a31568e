// Package schema holds config.schema.json, the JSON Schema of xoc's input
// language, and compiles it once per process.
//
// The schema is the single source of truth for the language's shape: the
// configuration loader derives its HCL block structure from it, validates
// every configuration against it, and the README's language reference is
// generated from it.
//
// file.schema.json, for editors, is derived from it (see FileSchema): it
// checks one *.xo.json file as written, where config.schema.json checks
// a whole bot once evaluated.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Source is the schema document as shipped.
//
//go:embed config.schema.json
var Source []byte

// ID is the schema's $id, the base of the absolute keyword locations that
// validation errors carry.
const ID = "https://github.com/xoc-dev/xoc/schema/config.schema.json"

var (
	compileOnce sync.Once
	compiled    *jsonschema.Schema
	raw         map[string]any
	compileErr  error
)

func load() {
	dec := json.NewDecoder(bytes.NewReader(Source))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		compileErr = fmt.Errorf("schema: parsing config.schema.json: %w", err)
		return
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(ID, bytes.NewReader(Source)); err != nil {
		compileErr = fmt.Errorf("schema: %w", err)
		return
	}
	compiled, compileErr = c.Compile(ID)
}

// Compiled returns the compiled schema. It is compiled on first use and
// shared by every bot of the process. An error means the embedded schema is
// broken, which the package's tests rule out.
func Compiled() (*jsonschema.Schema, error) {
	compileOnce.Do(load)
	return compiled, compileErr
}

// Raw returns the schema document decoded into maps (numbers as
// json.Number), for reading annotations such as x-hcl-block and x-when.
// Callers must not modify it.
func Raw() map[string]any {
	compileOnce.Do(load)
	return raw
}

// Lookup resolves a JSON pointer ("/$defs/bot/properties/name") within the
// schema document. An absolute keyword location ("<ID>#/...") is accepted
// too.
func Lookup(pointer string) (any, bool) {
	if i := strings.IndexByte(pointer, '#'); i >= 0 {
		pointer = pointer[i+1:]
	}
	var node any = Raw()
	if pointer == "" || pointer == "/" {
		return node, node != nil
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			v, ok := n[tok]
			if !ok {
				return nil, false
			}
			node = v
		case []any:
			var i int
			if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// Deref follows a "$ref" to a local definition ("#/$defs/x"), once per hop,
// so callers see the schema that actually applies to a property.
func Deref(s map[string]any) map[string]any {
	for i := 0; i < 8; i++ {
		ref, ok := s["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#") {
			return s
		}
		target, ok := Lookup(ref)
		if !ok {
			return s
		}
		t, ok := target.(map[string]any)
		if !ok {
			return s
		}
		// Sibling keywords next to $ref (description, x-hcl-block) stay
		// visible: merge them over the target.
		merged := make(map[string]any, len(t)+len(s))
		for k, v := range t {
			merged[k] = v
		}
		for k, v := range s {
			if k != "$ref" {
				merged[k] = v
			}
		}
		s = merged
	}
	return s
}
