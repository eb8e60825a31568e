package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// TemplateID is the $id of template.schema.json, the schema of one user
// template file (*.xotemplate.json) that editors use.
const TemplateID = "https://github.com/xoc-dev/xoc/schema/template.schema.json"

// TemplateSchema derives template.schema.json from config.schema.json,
// whose $defs/template_file describes a template file: the schema holds
// the template language once, beside the bot's, and the README's
// reference of both is generated from it. The derived document is that
// definition at the top, with the definitions it refers to, and a "//"
// property in each block body, which HCL's JSON syntax reads as a
// comment. Values are taken as written: a template's texts hold their
// ${option.x} as text, and its other attributes take no expressions.
func TemplateSchema() ([]byte, error) {
	var root map[string]any
	dec := json.NewDecoder(bytes.NewReader(Source))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("schema: parsing config.schema.json: %w", err)
	}
	defs, _ := root["$defs"].(map[string]any)
	file, ok := defs["template_file"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema: config.schema.json has no $defs/template_file")
	}
	out := map[string]any{
		"$schema": root["$schema"],
		"$id":     TemplateID,
		"title":   "xoc template file",
		"description": "One user template file (*.xotemplate.json, HCL's JSON syntax), for editors: " + fmt.Sprint(file["description"]) +
			" Generated from config.schema.json by go generate ./schema: do not edit. In HCL's JSON syntax the nodes keep the order of their properties: write a block type twice (\"entity\", then \"script\", then \"entity\" again) to interleave them. \"//\" properties are comments.",
		"type":                 "object",
		"properties":           file["properties"],
		"required":             file["required"],
		"additionalProperties": false,
		"$defs":                defs,
	}
	addComments(out)
	pruneDefs(out)
	return encodeTopDown(out)
}

// addComments lets every block body of a schema take a "//" property.
func addComments(node any) {
	switch n := node.(type) {
	case []any:
		for _, v := range n {
			addComments(v)
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
		for _, v := range n {
			addComments(v)
		}
	}
}

// pruneDefs removes the definitions of a derived schema that nothing in
// it refers to: a bot file's schema needs none of the template file's,
// and the other way round.
func pruneDefs(root map[string]any) {
	defs, _ := root["$defs"].(map[string]any)
	used := map[string]bool{}
	var visit func(node any)
	visit = func(node any) {
		switch n := node.(type) {
		case []any:
			for _, v := range n {
				visit(v)
			}
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				if name, local := strings.CutPrefix(ref, "#/$defs/"); local && !used[name] {
					used[name] = true
					visit(defs[name])
				}
			}
			for k, v := range n {
				if k != "$defs" {
					visit(v)
				}
			}
		}
	}
	visit(root)
	for name := range defs {
		if !used[name] {
			delete(defs, name)
		}
	}
}
