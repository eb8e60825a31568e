package stripeapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// This file derives api.json from stripe-mock's spec3.json. It runs at
// `go generate` time and in the freshness test, never in xoc itself.
//
// The derivation fails on any construct of the spec it does not know (a
// $ref in a request schema, a keyword such as "pattern", query parameters on
// a POST): a new stripe-mock that uses one must be looked at, not summarized
// wrongly.

// openAPISchema is the part of a request's OpenAPI schema the summary
// keeps, as requestSchema reads it.
type openAPISchema struct {
	Type, Format string
	Enum         []string
	MaxLength    int
	Required     []string
	Properties   map[string]*openAPISchema
	// Values is additionalProperties when it is a schema. It is false or
	// absent on every object of a request but the free-keyed ones
	// (metadata), and Stripe refuses unknown keys in either case, so only a
	// schema opens an object to other keys.
	Values *openAPISchema
	Items  *openAPISchema
	AnyOf  []*openAPISchema
}

// ignoredKeywords carry nothing a build-time check uses: prose, and the
// x-stripeBypassValidation hint, which stripe-mock ignores too (it checks
// such enums all the same).
var ignoredKeywords = []string{"title", "description", "deprecated", "x-stripeBypassValidation"}

// responseSchema is the part of a response's schema that names its
// resource. The properties stay undecoded: resource reads at most two.
type responseSchema struct {
	Ref         string                     `json:"$ref"`
	Type        string                     `json:"type"`
	Properties  map[string]json.RawMessage `json:"properties"`
	AnyOf       []*responseSchema          `json:"anyOf"`
	XResourceID string                     `json:"x-resourceId"`
}

type openAPIOperation struct {
	Parameters []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
		Schema   any    `json:"schema"` // see requestSchema
	} `json:"parameters"`
	RequestBody struct {
		Content map[string]struct {
			Schema any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *responseSchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

const (
	formMedia      = "application/x-www-form-urlencoded"
	multipartMedia = "multipart/form-data"
)

// Derive builds api.json from stripe-mock's spec3.json. The result is the
// same bytes for the same spec: operations sorted by path and method,
// schemas numbered in the order a walk of those operations first meets
// them, map keys sorted.
//
// It keeps the paths under /v1/ except /v1/test_helpers/: test helpers
// (advance a test clock, fund a test balance) answer only to test-mode keys,
// so a bot that calls one breaks the day it goes live, and xoc had better
// reject such a call at build time as unknown.
func Derive(spec []byte, version string) ([]byte, error) {
	var s struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			// Decoded only when a response refers to one: most describe
			// responses in a detail the summary does not keep.
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, fmt.Errorf("spec3.json: %w", err)
	}
	d := &deriver{definitions: s.Components.Schemas, decoded: map[string]*responseSchema{}, ids: map[string]int{}}
	file := fileJSON{StripeMock: version}
	var errs []error
	for _, path := range sortedKeys(s.Paths) {
		if !strings.HasPrefix(path, "/v1/") || strings.HasPrefix(path, "/v1/test_helpers/") {
			continue
		}
		for _, method := range sortedKeys(s.Paths[path]) {
			upper := strings.ToUpper(method)
			if upper != "GET" && upper != "POST" && upper != "DELETE" {
				continue // "parameters" and the like, not an operation
			}
			op, err := d.operation(upper, path, s.Paths[path][method])
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", upper, path, err))
				continue
			}
			file.Operations = append(file.Operations, op)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	file.Schemas = d.schemas
	return encodeFile(file)
}

type deriver struct {
	definitions map[string]json.RawMessage
	decoded     map[string]*responseSchema // the definitions decoded so far
	schemas     []schemaJSON
	ids         map[string]int // a schema's JSON to its index, to write it once
}

func (d *deriver) operation(method, path string, raw json.RawMessage) (operationJSON, error) {
	var op openAPIOperation
	if err := json.Unmarshal(raw, &op); err != nil {
		return operationJSON{}, err
	}
	out := operationJSON{Method: method, Path: path}
	params := &openAPISchema{Type: "object", Properties: map[string]*openAPISchema{}}
	for _, p := range op.Parameters {
		switch {
		case p.In == "path":
			if !strings.Contains(path, "{"+p.Name+"}") {
				return out, fmt.Errorf("path parameter %s is not in the path", p.Name)
			}
		case p.In == "query" && method == "GET":
			schema, err := requestSchema(p.Schema, p.Name)
			if err != nil {
				return out, err
			}
			params.Properties[p.Name] = schema
			if p.Required {
				params.Required = append(params.Required, p.Name)
			}
		default:
			// Stripe reads a POST's or DELETE's parameters from its body;
			// a spec that says otherwise needs a new field here.
			return out, fmt.Errorf("parameter %s in %s, which the summary does not record", p.Name, p.In)
		}
	}
	if method != "GET" {
		body := op.RequestBody.Content[formMedia].Schema
		if body == nil {
			body = op.RequestBody.Content[multipartMedia].Schema
			out.Multipart = body != nil
		}
		if body != nil {
			var err error
			if params, err = requestSchema(body, ""); err != nil {
				return out, err
			}
		}
	}
	if params.Type != "object" {
		return out, errors.New("the parameters are not an object")
	}
	id, err := d.intern(params)
	if err != nil {
		return out, err
	}
	out.Params = id
	out.Resource, out.ListOf, err = d.resource(method, op)
	return out, err
}

// requestSchema converts a request's schema, decoded as plain JSON values
// in one pass, and refuses a keyword it does not know. at names the schema
// in errors, as a bracketed key.
func requestSchema(v any, at string) (*openAPISchema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: the schema is not an object", where(at))
	}
	s := &openAPISchema{}
	var errs []error
	wrong := func(key, want string) {
		errs = append(errs, fmt.Errorf("%s: %s is not %s", where(at), key, want))
	}
	for key, value := range m {
		var ok bool
		switch key {
		case "type":
			s.Type, ok = value.(string)
		case "format":
			s.Format, ok = value.(string)
		case "maxLength":
			var f float64
			f, ok = value.(float64)
			s.MaxLength = int(f)
		case "enum", "required":
			var list []any
			list, ok = value.([]any)
			for _, item := range list {
				str, isString := item.(string)
				if !isString {
					errs = append(errs, fmt.Errorf("%s: %s value %v is not a string", where(at), key, item))
				}
				if key == "enum" {
					s.Enum = append(s.Enum, str)
				} else {
					s.Required = append(s.Required, str)
				}
			}
		case "properties":
			var props map[string]any
			props, ok = value.(map[string]any)
			s.Properties = map[string]*openAPISchema{}
			for name, sub := range props {
				prop, err := requestSchema(sub, childKey(at, name))
				if err != nil {
					errs = append(errs, err)
				}
				s.Properties[name] = prop
			}
		case "additionalProperties":
			if b, isBool := value.(bool); isBool && !b {
				ok = true
				break
			}
			var err error
			if s.Values, err = requestSchema(value, at+"[…]"); err != nil {
				errs = append(errs, err)
			}
			ok = true
		case "items":
			var err error
			if s.Items, err = requestSchema(value, at+"[]"); err != nil {
				errs = append(errs, err)
			}
			ok = true
		case "anyOf":
			var alts []any
			alts, ok = value.([]any)
			for _, alt := range alts {
				sub, err := requestSchema(alt, at)
				if err != nil {
					errs = append(errs, err)
				}
				s.AnyOf = append(s.AnyOf, sub)
			}
		default:
			if !slices.Contains(ignoredKeywords, key) {
				errs = append(errs, fmt.Errorf("%s: the summary does not know the keyword %q", where(at), key))
			}
			ok = true
		}
		if !ok {
			wrong(key, "of the type OpenAPI says")
		}
	}
	switch {
	case s.Type == "" && len(s.AnyOf) == 0:
		errs = append(errs, fmt.Errorf("%s: a schema with neither a type nor anyOf", where(at)))
	case s.Type != "" && len(s.AnyOf) > 0:
		errs = append(errs, fmt.Errorf("%s: a schema with both a type and anyOf", where(at)))
	case s.Type == "array" && s.Items == nil:
		errs = append(errs, fmt.Errorf("%s: an array without items", where(at)))
	}
	return s, errors.Join(errs...)
}

// intern writes s and every schema below it into the table, once each, and
// returns s's index.
func (d *deriver) intern(s *openAPISchema) (int, error) {
	out := schemaJSON{Type: s.Type, Format: s.Format, Enum: s.Enum, MaxLength: s.MaxLength}
	if len(s.Required) > 0 {
		out.Required = slices.Sorted(slices.Values(s.Required))
	}
	for _, name := range sortedKeys(s.Properties) {
		id, err := d.intern(s.Properties[name])
		if err != nil {
			return 0, err
		}
		if out.Properties == nil {
			out.Properties = map[string]int{}
		}
		out.Properties[name] = id
	}
	if s.Values != nil {
		id, err := d.intern(s.Values)
		if err != nil {
			return 0, err
		}
		out.Values = &id
	}
	if s.Items != nil {
		id, err := d.intern(s.Items)
		if err != nil {
			return 0, err
		}
		out.Items = &id
	}
	for _, alt := range s.AnyOf {
		id, err := d.intern(alt)
		if err != nil {
			return 0, err
		}
		out.AnyOf = append(out.AnyOf, id)
	}
	key, err := marshal(out)
	if err != nil {
		return 0, err
	}
	if id, ok := d.ids[string(key)]; ok {
		return id, nil
	}
	d.schemas = append(d.schemas, out)
	d.ids[string(key)] = len(d.schemas) - 1
	return len(d.schemas) - 1, nil
}

func childKey(at, name string) string {
	if at == "" {
		return name
	}
	return at + "[" + name + "]"
}

func where(at string) string {
	if at == "" {
		return "the parameters"
	}
	return at
}

// resource names what a 200 answer holds: the x-resourceId of its schema,
// or "list" or "search_result" and the x-resourceId of the items. Where the
// spec allows several resources, it keeps those stripe-mock answers with,
// the deleted ones for a DELETE and the others otherwise, joined by "|".
// A 200 answer that is not JSON (a quote's PDF) has no resource.
func (d *deriver) resource(method string, op openAPIOperation) (resource, listOf string, err error) {
	ok, found := op.Responses["200"]
	if !found {
		return "", "", errors.New("no 200 response")
	}
	body := ok.Content["application/json"].Schema
	if body == nil {
		return "", "", nil
	}
	s, err := d.deref(body)
	if err != nil {
		return "", "", err
	}
	kind, items, err := listKind(s)
	if err != nil {
		return "", "", err
	}
	if kind != "" {
		listOf, err := d.resources(method, items)
		return kind, listOf, err
	}
	resource, err = d.resources(method, s)
	return resource, "", err
}

func (d *deriver) resources(method string, s *responseSchema) (string, error) {
	s, err := d.deref(s)
	if err != nil {
		return "", err
	}
	if s.XResourceID != "" {
		return s.XResourceID, nil
	}
	if len(s.AnyOf) == 0 {
		return "", errors.New("the 200 answer is neither a list nor a resource with an x-resourceId")
	}
	var all, kept []*responseSchema
	for _, b := range s.AnyOf {
		b, err := d.deref(b)
		if err != nil {
			return "", err
		}
		all = append(all, b)
		if _, deleted := b.Properties["deleted"]; deleted == (method == "DELETE") {
			kept = append(kept, b)
		}
	}
	if len(kept) == 0 {
		kept = all
	}
	var names []string
	for _, b := range kept {
		name, err := d.resources(method, b)
		if err != nil {
			return "", err
		}
		names = append(names, name)
	}
	return strings.Join(names, "|"), nil
}

// listKind is "list" or "search_result" and the items' schema for a page of
// objects, as stripe-mock recognizes one, and "" otherwise.
func listKind(s *responseSchema) (string, *responseSchema, error) {
	if s.Type != "object" || s.Properties["object"] == nil || s.Properties["data"] == nil {
		return "", nil, nil
	}
	var object struct {
		Enum []any `json:"enum"`
	}
	var data struct {
		Items *responseSchema `json:"items"`
	}
	if err := json.Unmarshal(s.Properties["object"], &object); err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(s.Properties["data"], &data); err != nil {
		return "", nil, err
	}
	if len(object.Enum) == 0 || data.Items == nil {
		return "", nil, nil
	}
	if kind, _ := object.Enum[0].(string); kind == "list" || kind == "search_result" {
		return kind, data.Items, nil
	}
	return "", nil, nil
}

func (d *deriver) deref(s *responseSchema) (*responseSchema, error) {
	if s.Ref == "" {
		return s, nil
	}
	name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
	if def := d.decoded[name]; ok && def != nil {
		return def, nil
	}
	raw := d.definitions[name]
	if !ok || raw == nil {
		return nil, fmt.Errorf("cannot resolve %s", s.Ref)
	}
	def := &responseSchema{}
	if err := json.Unmarshal(raw, def); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Ref, err)
	}
	d.decoded[name] = def
	return def, nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
