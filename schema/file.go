package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// FileID is the $id of file.schema.json, the schema of one *.xo.json file
// that editors use.
const FileID = "https://github.com/xoc-dev/xoc/schema/file.schema.json"

// FileSchema derives file.schema.json from config.schema.json. The
// language's schema validates a whole bot: the files of its directory,
// merged, with every expression evaluated. An editor sees one file at a
// time, before evaluation, so the file schema differs in three ways:
//
//   - No block is required at the top: a bot may be split across files,
//     and only their union needs the bot block, which xoc checks when it
//     loads the directory.
//   - An attribute whose value the schema constrains (a type other than
//     string, an enum, a pattern) also accepts an expression, a string
//     holding ${…} or %{…}, since its value is known only when xoc
//     evaluates it.
//   - Each block body accepts a "//" property, which HCL's JSON syntax
//     reads as a comment.
//
// Everything else, descriptions included, is the language's schema as it
// is, so editors show the same help as the README's reference.
func FileSchema() ([]byte, error) {
	var root map[string]any
	dec := json.NewDecoder(bytes.NewReader(Source))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("schema: parsing config.schema.json: %w", err)
	}
	delete(root, "required")
	root["$id"] = FileID
	root["title"] = "xoc bot configuration file"
	root["description"] = "One *.xo.json file of a bot directory, in HCL's JSON syntax, for editors. " +
		"Generated from config.schema.json by go generate ./schema: do not edit. " +
		"It checks a file on its own: no block is required (a bot may be split across files, " +
		"and xoc checks that their union has the bot block), an attribute may be an expression " +
		"such as \"${var.name}\" wherever the language takes a value, and \"//\" properties are comments."
	defs := root["$defs"].(map[string]any)
	defs["expression"] = map[string]any{
		"description": "An expression in HCL's JSON syntax: a string holding a ${…} interpolation or a %{…} directive, " +
			"such as \"${var.brand}\". Its value is checked when xoc evaluates the bot.",
		"type":    "string",
		"pattern": `(^|[^$%])[$%]\{`,
	}
	d := deriver{defs: defs}
	d.walk(root)
	pruneDefs(root) // the template file's, which template.schema.json holds
	return encodeTopDown(root)
}

// topKeys is the order of the top-level keys in file.schema.json and
// template.schema.json, as in config.schema.json: what the document is
// first, its definitions last.
// encoding/json sorts the keys of every other object.
var topKeys = []string{"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "$defs"}

func encodeTopDown(root map[string]any) ([]byte, error) {
	for k := range root {
		if !slices.Contains(topKeys, k) {
			return nil, fmt.Errorf("schema: config.schema.json has top-level keys %v; file.go orders only %v", slices.Sorted(maps.Keys(root)), topKeys)
		}
	}
	var out bytes.Buffer
	out.WriteString("{\n")
	n := 0
	for _, k := range topKeys {
		v, ok := root[k]
		if !ok {
			continue
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{k: v}); err != nil {
			return nil, err
		}
		// {"k": v} is laid out as the document's member k would be:
		// keep the member's lines only.
		member := bytes.TrimSuffix(bytes.TrimPrefix(b.Bytes(), []byte("{\n")), []byte("\n}\n"))
		if n++; n > 1 {
			out.WriteString(",\n")
		}
		out.Write(member)
	}
	out.WriteString("\n}\n")
	return out.Bytes(), nil
}

type deriver struct {
	defs map[string]any
}

// walk rewrites every schema below node. It leaves "if" conditions alone:
// a condition such as mode = "pre_authorized" must not start to hold for
// an expression.
func (d deriver) walk(node any) {
	switch n := node.(type) {
	case []any:
		for _, v := range n {
			d.walk(v)
		}
	case map[string]any:
		if n["additionalProperties"] == false && !isLabelLevel(n) {
			props, _ := n["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
				n["properties"] = props
			}
			props["//"] = map[string]any{"description": "A comment: HCL's JSON syntax ignores a property named //."}
		}
		// The properties of a label level are blocks (action "stripe"),
		// not values.
		if props, ok := n["properties"].(map[string]any); ok && !isLabelLevel(n) {
			for name, p := range props {
				if ps, ok := p.(map[string]any); ok && d.constrainsValue(ps) {
					props[name] = orExpression(ps)
				}
			}
		}
		for k, v := range n {
			if k != "if" {
				d.walk(v)
			}
		}
	}
}

// isLabelLevel reports whether an object schema is the level of a block's
// labels (action "stripe"), whose keys are labels, not a body's
// attributes.
func isLabelLevel(s map[string]any) bool {
	hb, _ := s["x-hcl-block"].(map[string]any)
	labels, _ := hb["labels"].([]any)
	return len(labels) > 0
}

// constrainsValue reports whether an attribute's schema rejects some
// strings, so that an expression needs a way in. Blocks are not values.
func (d deriver) constrainsValue(s map[string]any) bool {
	if _, block := s["x-hcl-block"]; block {
		return false
	}
	if ref, ok := s["$ref"].(string); ok {
		if name, local := strings.CutPrefix(ref, "#/$defs/"); local {
			if target, ok := d.defs[name].(map[string]any); ok && d.constrainsValue(target) {
				return true
			}
		}
	}
	for _, k := range []string{"enum", "const", "pattern"} {
		if _, ok := s[k]; ok {
			return true
		}
	}
	switch t := s["type"].(type) {
	case string:
		return t != "string"
	case []any:
		for _, x := range t {
			if x == "string" {
				return false
			}
		}
		return true
	}
	return false
}

// orExpression lets an attribute take an expression besides the values
// the schema allows. The description and default stay at the top, where
// editors look for them.
func orExpression(s map[string]any) map[string]any {
	out := map[string]any{"anyOf": []any{s, map[string]any{"$ref": "#/$defs/expression"}}}
	for _, k := range []string{"description", "default"} {
		if v, ok := s[k]; ok {
			out[k] = v
		}
	}
	return out
}
