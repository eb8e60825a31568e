package stripeapi

import (
	"bytes"
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

// fileJSON is the layout of api.json: the stripe-mock version, one
// operation per line, then one schema per line. A schema refers to another
// by its index in Schemas; each schema is written once, and a child always
// comes before its parent, so the file holds no cycle.
type fileJSON struct {
	StripeMock string          `json:"stripe_mock"`
	Operations []operationJSON `json:"operations"`
	Schemas    []schemaJSON    `json:"schemas"`
}

type operationJSON struct {
	Method    string `json:"method"`
	Path      string `json:"path"`
	Params    int    `json:"params"`
	Multipart bool   `json:"multipart,omitempty"`
	Resource  string `json:"resource,omitempty"`
	ListOf    string `json:"list_of,omitempty"`
}

type schemaJSON struct {
	Type       string         `json:"type,omitempty"`
	Format     string         `json:"format,omitempty"`
	Enum       []string       `json:"enum,omitempty"`
	MaxLength  int            `json:"max_length,omitempty"`
	Required   []string       `json:"required,omitempty"`
	Properties map[string]int `json:"properties,omitempty"`
	Values     *int           `json:"values,omitempty"`
	Items      *int           `json:"items,omitempty"`
	AnyOf      []int          `json:"any_of,omitempty"`
}

// openAPISchema is the part of an OpenAPI schema the summary keeps, plus
// what it needs to recognize a response.
type openAPISchema struct {
	Ref                  string                    `json:"$ref"`
	Type                 string                    `json:"type"`
	Format               string                    `json:"format"`
	Enum                 []any                     `json:"enum"`
	MaxLength            int                       `json:"maxLength"`
	Required             []string                  `json:"required"`
	Properties           map[string]*openAPISchema `json:"properties"`
	AdditionalProperties json.RawMessage           `json:"additionalProperties"`
	Items                *openAPISchema            `json:"items"`
	AnyOf                []*openAPISchema          `json:"anyOf"`
	XResourceID          string                    `json:"x-resourceId"`

	raw map[string]json.RawMessage // every keyword, to refuse unknown ones
}

func (s *openAPISchema) UnmarshalJSON(b []byte) error {
	type plain openAPISchema
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	return json.Unmarshal(b, &s.raw)
}

// ignoredKeywords carry nothing a build-time check uses: prose, and the
// x-stripeBypassValidation hint, which stripe-mock ignores too (it checks
// such enums all the same).
var ignoredKeywords = []string{"title", "description", "deprecated", "x-stripeBypassValidation"}

var keptKeywords = []string{"type", "format", "enum", "maxLength", "required", "properties", "additionalProperties", "items", "anyOf"}

type openAPIOperation struct {
	Parameters []struct {
		Name     string         `json:"name"`
		In       string         `json:"in"`
		Required bool           `json:"required"`
		Schema   *openAPISchema `json:"schema"`
	} `json:"parameters"`
	RequestBody struct {
		Content map[string]struct {
			Schema *openAPISchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *openAPISchema `json:"schema"`
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
			Schemas map[string]*openAPISchema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, fmt.Errorf("spec3.json: %w", err)
	}
	d := &deriver{definitions: s.Components.Schemas, ids: map[string]int{}}
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

// encodeFile writes one operation or schema per line, so a new stripe-mock
// shows in a diff as the lines of what changed (and renumbered).
func encodeFile(file fileJSON) ([]byte, error) {
	var buf bytes.Buffer
	version, err := marshal(file.StripeMock)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(&buf, "{\"stripe_mock\":%s,\n\"operations\":[\n", version)
	for i, op := range file.Operations {
		if err := writeElement(&buf, op, i == len(file.Operations)-1); err != nil {
			return nil, err
		}
	}
	buf.WriteString("],\n\"schemas\":[\n")
	for i, s := range file.Schemas {
		if err := writeElement(&buf, s, i == len(file.Schemas)-1); err != nil {
			return nil, err
		}
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

func writeElement(buf *bytes.Buffer, v any, last bool) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	buf.Write(b)
	if !last {
		buf.WriteByte(',')
	}
	buf.WriteByte('\n')
	return nil
}

// marshal is json.Marshal without HTML escaping: "<" stays readable.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

type deriver struct {
	definitions map[string]*openAPISchema
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
			if p.Schema == nil {
				return out, fmt.Errorf("query parameter %s has no schema", p.Name)
			}
			params.Properties[p.Name] = p.Schema
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
			params = body
		}
	}
	id, err := d.intern(params, "")
	if err != nil {
		return out, err
	}
	out.Params = id
	out.Resource, out.ListOf, err = d.resource(method, op)
	return out, err
}

// intern writes s and every schema below it into the table, once each, and
// returns s's index. at names the schema in errors, as a bracketed key.
func (d *deriver) intern(s *openAPISchema, at string) (int, error) {
	for key := range s.raw {
		if !slices.Contains(keptKeywords, key) && !slices.Contains(ignoredKeywords, key) {
			return 0, fmt.Errorf("%s: the summary does not know the keyword %q", where(at), key)
		}
	}
	out := schemaJSON{Type: s.Type, Format: s.Format, MaxLength: s.MaxLength}
	for _, e := range s.Enum {
		str, ok := e.(string)
		if !ok {
			return 0, fmt.Errorf("%s: enum value %v is not a string", where(at), e)
		}
		out.Enum = append(out.Enum, str)
	}
	if len(s.Required) > 0 {
		out.Required = slices.Sorted(slices.Values(s.Required))
	}
	for _, name := range sortedKeys(s.Properties) {
		id, err := d.intern(s.Properties[name], childKey(at, name))
		if err != nil {
			return 0, err
		}
		if out.Properties == nil {
			out.Properties = map[string]int{}
		}
		out.Properties[name] = id
	}
	// additionalProperties is false or absent on every object of a request
	// but the free-keyed ones (metadata): Stripe refuses unknown keys in
	// either case, so only a schema here opens the object to other keys.
	if additional := bytes.TrimSpace(s.AdditionalProperties); len(additional) > 0 && additional[0] == '{' {
		var values openAPISchema
		if err := json.Unmarshal(additional, &values); err != nil {
			return 0, err
		}
		id, err := d.intern(&values, at+"[…]")
		if err != nil {
			return 0, err
		}
		out.Values = &id
	}
	if s.Items != nil {
		id, err := d.intern(s.Items, at+"[]")
		if err != nil {
			return 0, err
		}
		out.Items = &id
	}
	for _, alt := range s.AnyOf {
		id, err := d.intern(alt, at)
		if err != nil {
			return 0, err
		}
		out.AnyOf = append(out.AnyOf, id)
	}
	switch {
	case out.Type == "" && len(out.AnyOf) == 0:
		return 0, fmt.Errorf("%s: a schema with neither a type nor anyOf", where(at))
	case out.Type != "" && len(out.AnyOf) > 0:
		return 0, fmt.Errorf("%s: a schema with both a type and anyOf", where(at))
	case out.Type == "array" && out.Items == nil:
		return 0, fmt.Errorf("%s: an array without items", where(at))
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
	if kind := listKind(s); kind != "" {
		items, err := d.resources(method, s.Properties["data"].Items)
		return kind, items, err
	}
	resource, err = d.resources(method, s)
	return resource, "", err
}

func (d *deriver) resources(method string, s *openAPISchema) (string, error) {
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
	var all, kept []*openAPISchema
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

// listKind is "list" or "search_result" for a page of objects, as
// stripe-mock recognizes one, and "" otherwise.
func listKind(s *openAPISchema) string {
	if s.Type != "object" {
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

func (d *deriver) deref(s *openAPISchema) (*openAPISchema, error) {
	if s.Ref == "" {
		return s, nil
	}
	name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
	if def := d.definitions[name]; ok && def != nil {
		return def, nil
	}
	return nil, fmt.Errorf("cannot resolve %s", s.Ref)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
