package stripeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

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

// parse reads api.json and links its schemas by pointer. A schema shared by
// many parameters (an address, metadata) is one *Schema.
func parse(src []byte) ([]*route, string, error) {
	var file fileJSON
	if err := json.Unmarshal(src, &file); err != nil {
		return nil, "", fmt.Errorf("api.json: %w", err)
	}
	schemas := make([]*Schema, len(file.Schemas))
	for i := range schemas {
		schemas[i] = &Schema{}
	}
	// A schema may refer only to an earlier one, as Derive writes them, so
	// a hand-edited file cannot make a cycle.
	link := func(from, to int) (*Schema, error) {
		if to < 0 || to >= from {
			return nil, fmt.Errorf("api.json: schema %d refers to schema %d", from, to)
		}
		return schemas[to], nil
	}
	var err error
	for i, sj := range file.Schemas {
		s := schemas[i]
		s.Type, s.Format, s.Enum, s.MaxLength, s.Required = sj.Type, sj.Format, sj.Enum, sj.MaxLength, sj.Required
		if len(sj.Properties) > 0 {
			s.Properties = make(map[string]*Schema, len(sj.Properties))
			for name, id := range sj.Properties {
				if s.Properties[name], err = link(i, id); err != nil {
					return nil, "", err
				}
			}
		}
		if sj.Values != nil {
			if s.Values, err = link(i, *sj.Values); err != nil {
				return nil, "", err
			}
		}
		if sj.Items != nil {
			if s.Items, err = link(i, *sj.Items); err != nil {
				return nil, "", err
			}
		}
		for _, id := range sj.AnyOf {
			alt, err := link(i, id)
			if err != nil {
				return nil, "", err
			}
			s.AnyOf = append(s.AnyOf, alt)
		}
	}
	var out []*route
	byPath := map[string]*route{}
	for _, oj := range file.Operations {
		params, err := link(len(schemas), oj.Params)
		if err != nil {
			return nil, "", fmt.Errorf("api.json: %s %s: %w", oj.Method, oj.Path, err)
		}
		if params.Type != "object" {
			return nil, "", fmt.Errorf("api.json: %s %s: the parameters are not an object", oj.Method, oj.Path)
		}
		op := &Operation{Method: oj.Method, Path: oj.Path, Params: params,
			Multipart: oj.Multipart, Resource: oj.Resource, ListOf: oj.ListOf}
		for _, seg := range strings.Split(oj.Path, "/") {
			if name, ok := pathParam(seg); ok {
				op.PathParams = append(op.PathParams, name)
			}
		}
		r := byPath[oj.Path]
		if r == nil {
			r = &route{segments: strings.Split(oj.Path, "/"), byMethod: map[string]*Operation{}}
			byPath[oj.Path] = r
			out = append(out, r)
		}
		if r.byMethod[oj.Method] != nil {
			return nil, "", fmt.Errorf("api.json: %s %s twice", oj.Method, oj.Path)
		}
		r.byMethod[oj.Method] = op
	}
	return out, file.StripeMock, nil
}

// pathParam reports whether a segment of a spec path is a parameter,
// "{customer}", and its name.
func pathParam(seg string) (string, bool) {
	name, ok := strings.CutPrefix(seg, "{")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(name, "}")
}
