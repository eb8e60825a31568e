// Package docgen renders the language reference of the README from
// schema/config.schema.json, so that the reference and the validator can
// never disagree. `go generate ./...` rewrites the README section between
// the markers; a test fails when the committed README is stale.
//
// SpliceSection is shared with the other generated sections of the
// README (cmd/xoc renders the command list from its own definitions), and
// the package's tests hold the README's hand-written recipes to the facts
// they depend on: the CI workflow, the pinned stripe-mock.
package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/xoc-dev/xoc/schema"
)

// Markers delimit the generated section of the README.
const (
	BeginMarker = "<!-- BEGIN GENERATED REFERENCE: go generate ./internal/docgen; do not edit -->"
	EndMarker   = "<!-- END GENERATED REFERENCE -->"
)

// Splice replaces the generated section of a README with the reference.
func Splice(readme []byte) ([]byte, error) {
	return SpliceSection(readme, BeginMarker, EndMarker, Reference())
}

// SpliceSection replaces what lies between the line holding begin and the
// line holding end with content. Each generated section of the README
// has markers of its own, and the generator that owns it calls this.
func SpliceSection(readme []byte, begin, end string, content []byte) ([]byte, error) {
	b := bytes.Index(readme, []byte(begin))
	e := bytes.Index(readme, []byte(end))
	if b < 0 || e < b+len(begin) {
		return nil, fmt.Errorf("docgen: the README lacks the markers %q and %q, in that order", begin, end)
	}
	if bytes.Count(readme, []byte(begin)) != 1 || bytes.Count(readme, []byte(end)) != 1 {
		return nil, fmt.Errorf("docgen: the README has the markers %q and %q more than once", begin, end)
	}
	var out bytes.Buffer
	out.Write(readme[:b+len(begin)])
	out.WriteString("\n")
	out.Write(content)
	out.Write(readme[e:])
	return out.Bytes(), nil
}

// Reference renders the language reference as Markdown.
func Reference() []byte {
	var b bytes.Buffer
	root := schema.Raw()
	props, _ := root["properties"].(map[string]any)
	for _, name := range []string{"bot", "variable", "locals", "auth_profile", "action", "template_source"} {
		p, ok := props[name].(map[string]any)
		if !ok {
			continue
		}
		renderBlock(&b, "###", name, schema.Deref(p))
	}
	// The language of the template files that template_source names.
	if p, ok := schema.Lookup("/$defs/template_file/properties/template"); ok {
		b.WriteString("### Template files\n\n")
		b.WriteString("A template file (`*.xotemplate.hcl`, or `*.xotemplate.json` in HCL's JSON syntax) holds one `template` block, " +
			"in the language of the catalog's templates. [`schema/template.schema.json`](schema/template.schema.json) is its schema for editors.\n\n")
		renderBlock(&b, "####", "template", schema.Deref(p.(map[string]any)))
	}
	return b.Bytes()
}

// renderBlock writes one block type: header, description, example,
// attributes and nested blocks.
func renderBlock(b *bytes.Buffer, level, name string, prop map[string]any) {
	hb, _ := prop["x-hcl-block"].(map[string]any)
	labels := labelsOf(hb)
	header := name
	for _, l := range labels {
		header += fmt.Sprintf(` "<%s>"`, l)
	}
	fmt.Fprintf(b, "%s `%s`\n\n", level, header)
	if d, _ := prop["description"].(string); d != "" {
		fmt.Fprintf(b, "%s\n\n", d)
	}
	if repeat, _ := hb["repeat"].(bool); repeat {
		b.WriteString("May appear more than once.\n\n")
	}
	if ex, _ := prop["x-example"].(string); ex != "" {
		fmt.Fprintf(b, "```hcl\n%s\n```\n\n", ex)
	}
	body := blockBody(prop, labels, hb)
	if name == "action" {
		// The action's body depends on its label: one section per type.
		ps, _ := prop["properties"].(map[string]any)
		for _, typ := range sortedKeys(ps) {
			s, _ := ps[typ].(map[string]any)
			s = schema.Deref(s)
			fmt.Fprintf(b, "#### `action \"%s\"`\n\n", typ)
			if d, _ := s["description"].(string); d != "" {
				fmt.Fprintf(b, "%s\n\n", d)
			}
			renderBody(b, "####", s)
		}
		return
	}
	if hb["attributes"] == "any" {
		b.WriteString("Takes any attribute names; each value is an expression.\n\n")
		return
	}
	renderBody(b, level+"#", body)
}

func labelsOf(hb map[string]any) []string {
	var out []string
	ls, _ := hb["labels"].([]any)
	for _, l := range ls {
		if s, ok := l.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func blockBody(prop map[string]any, labels []string, hb map[string]any) map[string]any {
	switch {
	case len(labels) > 0:
		if ap, ok := prop["additionalProperties"].(map[string]any); ok {
			return schema.Deref(ap)
		}
	case hb["repeat"] == true:
		if it, ok := prop["items"].(map[string]any); ok {
			return schema.Deref(it)
		}
	}
	return prop
}

// renderBody writes an attribute table, then nested blocks.
func renderBody(b *bytes.Buffer, level string, body map[string]any) {
	props, _ := body["properties"].(map[string]any)
	required := map[string]bool{}
	if rs, ok := body["required"].([]any); ok {
		for _, r := range rs {
			if s, ok := r.(string); ok {
				required[s] = true
			}
		}
	}
	rules := modeRules(body)
	var blocks []string
	var rows []string
	for _, name := range sortedKeys(props) {
		p, ok := props[name].(map[string]any)
		if !ok {
			continue
		}
		p = schema.Deref(p)
		if _, isBlock := p["x-hcl-block"]; isBlock {
			blocks = append(blocks, name)
			continue
		}
		need := "optional"
		if required[name] {
			need = "required"
		}
		if r := rules[name]; r != "" {
			need = r
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s | %s |", name, typeOf(p), need, cell(describe(p))))
	}
	if extra, ok := body["additionalProperties"].(map[string]any); ok && len(rows) > 0 {
		rows = append(rows, fmt.Sprintf("| *option* | %s | optional | %s |", typeOf(extra), cell(describe(extra))))
	}
	if len(rows) > 0 {
		b.WriteString("| attribute | type | | description |\n|---|---|---|---|\n")
		b.WriteString(strings.Join(rows, "\n"))
		b.WriteString("\n\n")
	}
	for _, name := range blocks {
		p := schema.Deref(props[name].(map[string]any))
		renderBlock(b, level, name, p)
	}
}

// modeRules reads the if/then rules of a block: which attributes are
// required or forbidden under which condition.
func modeRules(body map[string]any) map[string]string {
	out := map[string][]string{}
	var thens []map[string]any
	if t, ok := body["then"].(map[string]any); ok {
		thens = append(thens, t)
	}
	if all, ok := body["allOf"].([]any); ok {
		for _, a := range all {
			if m, ok := a.(map[string]any); ok {
				if t, ok := m["then"].(map[string]any); ok {
					thens = append(thens, t)
				}
			}
		}
	}
	for _, t := range thens {
		when, _ := t["x-when"].(string)
		if rs, ok := t["required"].([]any); ok {
			for _, r := range rs {
				if s, ok := r.(string); ok {
					out[s] = append(out[s], "required when "+when)
				}
			}
		}
		if ps, ok := t["properties"].(map[string]any); ok {
			for name, v := range ps {
				if v == false {
					out[name] = append(out[name], "not allowed when "+when)
				}
			}
		}
	}
	res := map[string]string{}
	for k, v := range out {
		sort.Strings(v)
		res[k] = cell(strings.Join(v, "; "))
	}
	return res
}

// typeOf names a property's type in the language's words.
func typeOf(p map[string]any) string {
	if enum, ok := p["enum"].([]any); ok {
		var vs []string
		for _, e := range enum {
			vs = append(vs, fmt.Sprintf("`%q`", e))
		}
		return strings.Join(vs, " or ")
	}
	switch t := p["type"].(type) {
	case string:
		switch t {
		case "boolean":
			return "bool"
		case "array":
			if it, ok := p["items"].(map[string]any); ok {
				return "list of " + typeOf(schema.Deref(it)) + "s"
			}
			return "list"
		case "string":
			if _, ok := p["pattern"]; ok && strings.Contains(fmt.Sprint(p["x-message"]), "https") {
				return "string (URL)"
			}
		}
		return t
	case []any:
		var ts []string
		for _, x := range t {
			ts = append(ts, typeOf(map[string]any{"type": x}))
		}
		return strings.Join(ts, ", ")
	}
	return "any"
}

// describe is a property's description plus its default and constraints.
func describe(p map[string]any) string {
	d, _ := p["description"].(string)
	if def, ok := p["default"]; ok {
		js, _ := json.Marshal(def)
		d += fmt.Sprintf(" Default: `%s`.", js)
	}
	return strings.TrimSpace(d)
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
