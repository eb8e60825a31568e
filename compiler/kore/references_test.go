package kore

import (
	"strings"
	"testing"
)

// TestCheckReferencesFires breaks the structs of a correct export in one
// way at a time, as a writer bug would, and expects checkReferences to name
// the problem before anything is encoded.
func TestCheckReferencesFires(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(def *botDefinition)
		want    string
	}{
		{"componentId names no component", func(def *botDefinition) { def.Dialogs[0].Nodes[1].ComponentID = "dc-missing" }, "componentId dc-missing names no component"},
		{"node type differs", func(def *botDefinition) { def.Dialogs[0].Nodes[1].Type = "message" }, `node type "message" differs from its component's type "entity"`},
		{"intent of another dialog", func(def *botDefinition) { def.DialogComponents[0].DialogID = "dg-other" }, "intent component's dialogId dg-other"},
		{"duplicate component ids", func(def *botDefinition) { def.DialogComponents[1].ID = def.DialogComponents[0].ID }, "two components have the _id"},
		{"idp names no profile", func(def *botDefinition) { def.IdpConfigurations = nil }, `idp "stripe_end_user" names no idpConfiguration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := sampleBot()
			e := &encoder{ids: ids{label: b.Label}, lang: "en"}
			def := e.buildDefinition(b)
			if problems := checkReferences(def); len(problems) > 0 {
				t.Fatalf("the sample fails before it is broken: %v", problems)
			}
			tt.breakIt(def)
			problems := strings.Join(checkReferences(def), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("checkReferences = %q, want a problem mentioning %q", problems, tt.want)
			}
		})
	}
}
