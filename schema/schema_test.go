package schema

import "testing"

func TestCompiles(t *testing.T) {
	if _, err := Compiled(); err != nil {
		t.Fatal(err)
	}
}

// TestEveryPropertyHasDescription holds the schema to its promise of
// describing every attribute and block: the README reference and editor
// tooltips are generated from these descriptions.
func TestEveryPropertyHasDescription(t *testing.T) {
	var walk func(path string, s map[string]any)
	walk = func(path string, s map[string]any) {
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			ps, ok := p.(map[string]any)
			if !ok {
				continue
			}
			ps = Deref(ps)
			if d, _ := ps["description"].(string); d == "" {
				t.Errorf("%s/%s has no description", path, name)
			}
			walk(path+"/"+name, ps)
			if ap, ok := ps["additionalProperties"].(map[string]any); ok {
				walk(path+"/"+name+"/*", Deref(ap))
			}
			if items, ok := ps["items"].(map[string]any); ok {
				walk(path+"/"+name+"[]", Deref(items))
			}
		}
	}
	walk("", Raw())
}

func TestLookup(t *testing.T) {
	v, ok := Lookup(ID + "#/$defs/authorization/properties/mode/enum")
	if !ok {
		t.Fatal("enum not found")
	}
	if got := len(v.([]any)); got != 2 {
		t.Errorf("mode enum has %d values, want 2", got)
	}
	if _, ok := Lookup("/nope/x"); ok {
		t.Error("lookup of a missing pointer succeeded")
	}
}
