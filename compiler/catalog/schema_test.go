package catalog

import (
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/xoc-dev/xoc/schema"
)

// TestSchemaDescribesTheDecoder holds schema/config.schema.json's
// template language ($defs/template_file and what it refers to), from
// which template.schema.json and the README's reference are made, to the
// decoder: every block body has the attributes and blocks the decoder
// reads, no more and no fewer, and the same ones required.
func TestSchemaDescribesTheDecoder(t *testing.T) {
	withOverrides := *templateSchema
	withOverrides.Attributes = append(slices.Clone(templateSchema.Attributes), overridesSchema.Attributes...)
	bodies := []struct {
		def  string
		body *hcl.BodySchema
	}{
		{"template_definition", &withOverrides},
		{"template_option", impliedSchema(t, &optionBlock{})},
		{"template_entity", impliedSchema(t, &entityBlock{})},
		{"template_script", impliedSchema(t, &scriptBlock{})},
		{"template_message", impliedSchema(t, &messageBlock{})},
		{"template_service", serviceSchema},
		{"template_confirm", confirmSchema},
	}
	for _, b := range bodies {
		node, ok := schema.Lookup("/$defs/" + b.def)
		if !ok {
			t.Errorf("config.schema.json has no $defs/%s", b.def)
			continue
		}
		def := node.(map[string]any)
		props, _ := def["properties"].(map[string]any)
		var required []string
		for _, r := range def["required"].([]any) {
			required = append(required, r.(string))
		}
		var decoded, decodedRequired []string
		for _, a := range b.body.Attributes {
			decoded = append(decoded, a.Name)
			if a.Required {
				decodedRequired = append(decodedRequired, a.Name)
			}
		}
		for _, bl := range b.body.Blocks {
			decoded = append(decoded, bl.Type)
			p := schema.Deref(props[bl.Type].(map[string]any))
			if _, isBlock := p["x-hcl-block"]; !isBlock {
				t.Errorf("$defs/%s: %s is a block to the decoder, not to the schema", b.def, bl.Type)
			}
		}
		// A service's on_failure and a confirmation's on_no are required
		// by the decoder's own check, not by hcl.
		// A script's code and a message's text are hcl.Expressions, which
		// gohcl never requires: checkUser says a node without them is
		// empty.
		switch b.def {
		case "template_service":
			decodedRequired = append(decodedRequired, "on_failure")
		case "template_confirm":
			decodedRequired = append(decodedRequired, "on_no")
		case "template_script":
			decodedRequired = append(decodedRequired, "code")
		case "template_message":
			decodedRequired = append(decodedRequired, "text")
		}
		if got, want := slices.Sorted(maps.Keys(props)), slices.Sorted(slices.Values(decoded)); !slices.Equal(got, want) {
			t.Errorf("$defs/%s has %v; the decoder reads %v", b.def, got, want)
		}
		if got, want := slices.Sorted(slices.Values(required)), slices.Sorted(slices.Values(decodedRequired)); !slices.Equal(got, want) {
			t.Errorf("$defs/%s requires %v; the decoder %v", b.def, got, want)
		}
	}
}

func impliedSchema(t *testing.T, v any) *hcl.BodySchema {
	t.Helper()
	s, partial := gohcl.ImpliedBodySchema(v)
	if partial {
		t.Fatalf("%T: a partial schema", v)
	}
	return s
}
