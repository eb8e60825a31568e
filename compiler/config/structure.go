package config

import (
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/schema"
)

// The HCL block structure of the language is not written down twice: it is
// derived from the JSON schema, where a property annotated with x-hcl-block
// is a block (with its label names) and every other property is an
// attribute. This keeps the schema the single source of truth while still
// letting hcl/v2 decode both native and JSON syntax, and report unknown
// names with its own "Did you mean" suggestions.

// blockSpec is what the schema says about one block type.
type blockSpec struct {
	labels []string
	// repeat blocks (variable's validation) become a JSON array.
	repeat bool
	// anyAttributes blocks (locals) take arbitrary attribute names.
	anyAttributes bool
	// prop is the schema of the property the block fills.
	prop map[string]any
}

// bodyFor returns the block's body schema for a block with the given labels:
// a labelled block whose property lists the label (action "stripe") uses
// that property's schema, other labelled blocks the additionalProperties
// schema, repeated blocks the items schema.
func (b blockSpec) bodyFor(labels []string) map[string]any {
	s := b.prop
	switch {
	case len(b.labels) > 0:
		if props, ok := s["properties"].(map[string]any); ok && len(labels) > 0 {
			if p, ok := props[labels[0]].(map[string]any); ok {
				return schema.Deref(p)
			}
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			return schema.Deref(ap)
		}
		return nil
	case b.repeat:
		if items, ok := s["items"].(map[string]any); ok {
			return schema.Deref(items)
		}
		return nil
	default:
		return s
	}
}

// bodyStructure is the derived structure of one object schema.
type bodyStructure struct {
	hcl    *hcl.BodySchema
	blocks map[string]blockSpec
	// attributes lists the schema's attribute names, sorted.
	attributes []string
}

func structureOf(obj map[string]any) bodyStructure {
	st := bodyStructure{hcl: &hcl.BodySchema{}, blocks: map[string]blockSpec{}}
	props, _ := obj["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p, ok := props[name].(map[string]any)
		if !ok {
			continue
		}
		p = schema.Deref(p)
		hb, isBlock := p["x-hcl-block"].(map[string]any)
		if !isBlock {
			st.hcl.Attributes = append(st.hcl.Attributes, hcl.AttributeSchema{Name: name})
			st.attributes = append(st.attributes, name)
			continue
		}
		spec := blockSpec{prop: p}
		if ls, ok := hb["labels"].([]any); ok {
			for _, l := range ls {
				if s, ok := l.(string); ok {
					spec.labels = append(spec.labels, s)
				}
			}
		}
		spec.repeat, _ = hb["repeat"].(bool)
		spec.anyAttributes = hb["attributes"] == "any"
		st.blocks[name] = spec
		st.hcl.Blocks = append(st.hcl.Blocks, hcl.BlockHeaderSchema{Type: name, LabelNames: spec.labels})
	}
	return st
}

// withAttributes returns a copy of the structure that also accepts the
// given attribute names (a template's own options, from the catalog).
func (st bodyStructure) withAttributes(extra []string) bodyStructure {
	if len(extra) == 0 {
		return st
	}
	out := st
	out.hcl = &hcl.BodySchema{Blocks: st.hcl.Blocks}
	out.hcl.Attributes = append(append([]hcl.AttributeSchema(nil), st.hcl.Attributes...), attributeSchemas(extra)...)
	return out
}

func attributeSchemas(names []string) []hcl.AttributeSchema {
	out := make([]hcl.AttributeSchema, len(names))
	for i, n := range names {
		out[i] = hcl.AttributeSchema{Name: n}
	}
	return out
}

// language holds the structures of the language's blocks.
type language struct {
	file, bot, deploy, variable, validation       bodyStructure
	authProfile                                   bodyStructure
	stripeAction, authorization, template, entity bodyStructure
	templateSource                                bodyStructure
}

// lang derives the structures once per process, on first use rather than
// at start-up, so that commands that load no bot (xoc version) do not pay
// for it.
var lang = sync.OnceValue(func() *language {
	l := &language{file: structureOf(schema.Raw())}
	l.bot = structureOf(l.file.blocks["bot"].bodyFor(nil))
	l.deploy = structureOf(l.bot.blocks["deploy"].bodyFor(nil))
	l.variable = structureOf(l.file.blocks["variable"].bodyFor(nil))
	l.validation = structureOf(l.variable.blocks["validation"].bodyFor(nil))
	l.authProfile = structureOf(l.file.blocks["auth_profile"].bodyFor(nil))
	l.stripeAction = structureOf(l.file.blocks["action"].bodyFor([]string{"stripe"}))
	l.authorization = structureOf(l.stripeAction.blocks["authorization"].bodyFor(nil))
	l.template = structureOf(l.stripeAction.blocks["template"].bodyFor(nil))
	l.entity = structureOf(l.template.blocks["entity"].bodyFor(nil))
	l.templateSource = structureOf(l.file.blocks["template_source"].bodyFor(nil))
	return l
})
