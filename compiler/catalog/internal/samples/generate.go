package samples

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// This file follows stripe-mock's server/generator.go (DataGenerator), so a
// sample is what stripe-mock itself answers: the fixture of the response
// schema's x-resourceId, cut to the properties the schema declares, nested
// lists rebuilt around one item, anyOf branches synthesized from the schema.
// It leaves out what makes stripe-mock's answers vary or depend on the
// request: expansions, a fresh random id for created objects, and request
// parameters copied into a POST's answer. Samples keep the fixture's ids.

// schema is the part of an OpenAPI schema stripe-mock's generator reads.
type schema struct {
	Ref                 string             `json:"$ref"`
	AnyOf               []*schema          `json:"anyOf"`
	Enum                []any              `json:"enum"`
	Format              string             `json:"format"`
	Items               *schema            `json:"items"`
	Nullable            bool               `json:"nullable"`
	Pattern             string             `json:"pattern"`
	Properties          map[string]*schema `json:"properties"`
	Required            []string           `json:"required"`
	Type                string             `json:"type"`
	XExpansionResources *struct{}          `json:"x-expansionResources"`
	XResourceID         string             `json:"x-resourceId"`
}

type generator struct {
	// paths holds each path's item undecoded: only the operations asked for
	// are decoded, and a path item's other fields need no type here.
	paths       map[string]map[string]json.RawMessage
	definitions map[string]*schema
	// fixtures are keyed by x-resourceId ("customer", "billing.alert"), as
	// stripe-mock looks them up, not by the schema's name.
	fixtures map[string]any
}

func newGenerator(spec, fixtures []byte) (*generator, error) {
	var s struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]*schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, fmt.Errorf("spec3.json: %w", err)
	}
	var f struct {
		Resources map[string]any `json:"resources"`
	}
	// Numbers stay as written: a float64 would round large integers.
	dec := json.NewDecoder(bytes.NewReader(fixtures))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("fixtures3.json: %w", err)
	}
	return &generator{paths: s.Paths, definitions: s.Components.Schemas, fixtures: f.Resources}, nil
}

// respond builds the body of the endpoint's 200 answer.
func (g *generator) respond(e Endpoint) (any, error) {
	raw, ok := g.paths[e.Path][strings.ToLower(e.Method)]
	if !ok {
		return nil, errors.New("not in stripe-mock's spec")
	}
	var op struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		return nil, err
	}
	s := op.Responses["200"].Content["application/json"].Schema
	if s == nil {
		return nil, errors.New("the spec gives no JSON schema for a 200 answer")
	}
	r := &request{generator: g, method: e.Method, path: e.Path}
	return r.generate(s, nil)
}

// request is one derivation, as stripe-mock's GenerateParams minus the
// fields that only expansions use.
type request struct {
	*generator
	method, path string
}

// example is a fixture value; a nil *example means there is none, as
// stripe-mock's valueWrapper tells "no example" from "null".
type example struct{ value any }

// generate is stripe-mock's generateInternal without expansions.
func (r *request) generate(s *schema, ex *example) (any, error) {
	s, err := r.deref(s)
	if err != nil {
		return nil, err
	}
	if (ex == nil || ex.value == nil) && s.XResourceID != "" {
		fixture, ok := r.fixtures[s.XResourceID]
		if !ok {
			return nil, fmt.Errorf("no fixture for %s", s.XResourceID)
		}
		// A copy: fixtures are shared between endpoints, and Redact edits a
		// body in place.
		ex = &example{copyJSON(fixture)}
	}
	if s.XExpansionResources != nil {
		// Unexpanded, an expandable field is the first branch: the id.
		return r.generate(s.AnyOf[0], ex)
	}
	if len(s.AnyOf) == 1 && s.Nullable {
		if ex != nil && ex.value == nil {
			return nil, nil
		}
		return r.generate(s.AnyOf[0], ex)
	}
	if len(s.AnyOf) != 0 {
		// stripe-mock drops the example here, not knowing which branch it
		// belongs to, and takes the first branch that is deleted exactly
		// when the request is a DELETE.
		branch := s.AnyOf[0]
		for _, b := range s.AnyOf {
			d, err := r.deref(b)
			if err != nil {
				return nil, err
			}
			if _, deleted := d.Properties["deleted"]; deleted == (r.method == "DELETE") {
				branch = d
				break
			}
		}
		return r.generate(branch, nil)
	}
	if kind := listKind(s); kind != "" {
		return r.list(s, ex, kind)
	}
	if s.Type == "string" && s.Format == "binary" {
		return "Stripe binary response", nil
	}
	if ex == nil {
		synthetic, err := r.synthesize(s)
		if err != nil {
			return nil, err
		}
		ex = &example{synthetic}
	}
	if ex.value == nil {
		return nil, nil
	}
	switch {
	case s.Type == "boolean", s.Type == "integer", s.Type == "number", s.Type == "string",
		s.Type == "array", s.Type == "object" && s.Properties == nil:
		// Plain values and free-form objects are the example as it is.
		return ex.value, nil
	case s.Type == "object":
		m, ok := ex.value.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("the schema is an object but the fixture has %T", ex.value)
		}
		// Only properties both the schema and the fixture have: the
		// fixtures lag the spec, with fields the API no longer returns.
		out := map[string]any{}
		for key, sub := range s.Properties {
			v, ok := m[key]
			if !ok {
				continue
			}
			gen, err := r.generate(sub, &example{v})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out[key] = gen
		}
		return out, nil
	}
	return nil, fmt.Errorf("no way to build a value of type %q", s.Type)
}

// listKind is "list" or "search_result" for the schemas stripe-mock answers
// as a page of one item, and "" for any other.
func listKind(s *schema) string {
	if s.Type != "object" || s.Properties == nil {
		return ""
	}
	object, data := s.Properties["object"], s.Properties["data"]
	if object == nil || len(object.Enum) == 0 || data == nil || data.Items == nil {
		return ""
	}
	if kind, _ := object.Enum[0].(string); kind == "list" || kind == "search_result" {
		return kind
	}
	return ""
}

// list is stripe-mock's generateListResource and
// generateSearchResultResource: whatever the example holds, the page has
// exactly one item, built from the item schema's own fixture.
func (r *request) list(s *schema, ex *example, kind string) (any, error) {
	item, err := r.generate(s.Properties["data"].Items, nil)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	out := map[string]any{}
	for key, sub := range s.Properties {
		switch key {
		case "data":
			out[key] = []any{item}
		case "has_more":
			out[key] = false
		case "object":
			out[key] = kind
		case "total_count":
			out[key] = 1
		case "url":
			out[key] = r.listURL(sub, ex)
		case "next_page":
			if kind == "list" { // a last page of search results has none
				out[key] = nil
			}
		default:
			out[key] = nil
		}
	}
	return out, nil
}

// listURL is stripe-mock's generateURLForListableResource: the url
// property's pattern when it has one ("^/v1/customers"), else the example's
// url, else the request's path.
func (r *request) listURL(url *schema, ex *example) any {
	if pattern, ok := strings.CutPrefix(url.Pattern, "^"); ok {
		return strings.Replace(pattern, "[^/]+", "id_123", 1)
	}
	if ex != nil {
		if m, ok := ex.value.(map[string]any); ok {
			return m["url"]
		}
	}
	return r.path
}

// synthesize is stripe-mock's generateSyntheticFixture without expansions:
// the least value the schema allows, for objects no fixture covers.
func (r *request) synthesize(s *schema) (any, error) {
	s, err := r.deref(s)
	if err != nil {
		return nil, err
	}
	if s.Nullable {
		return nil, nil
	}
	if len(s.Enum) > 0 {
		return s.Enum[0], nil
	}
	if len(s.AnyOf) > 0 {
		// The first inline branch, else the first referenced one.
		for _, b := range s.AnyOf {
			if b.Ref == "" {
				return r.synthesize(b)
			}
		}
		return r.synthesize(s.AnyOf[0])
	}
	switch s.Type {
	case "array":
		return []any{}, nil
	case "boolean":
		return true, nil
	case "integer", "number":
		return 0, nil
	case "string":
		return "", nil
	case "object":
		out := map[string]any{}
		for _, key := range s.Required {
			if sub, ok := s.Properties[key]; ok {
				v, err := r.synthesize(sub)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				out[key] = v
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot synthesize a value of type %q", s.Type)
}

// deref resolves a reference to a schema of components/schemas, the only
// kind stripe-mock's spec uses.
func (r *request) deref(s *schema) (*schema, error) {
	if s.Ref == "" {
		return s, nil
	}
	name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
	if d := r.definitions[name]; ok && d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("cannot resolve %s", s.Ref)
}

// copyJSON deep-copies a decoded JSON value.
func copyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, sub := range v {
			out[k] = copyJSON(sub)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, sub := range v {
			out[i] = copyJSON(sub)
		}
		return out
	}
	return v
}
