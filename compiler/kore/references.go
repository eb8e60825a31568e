package kore

import (
	"fmt"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// checkReferences checks what the writer adds to a consistent IR (which
// ir.Bot.Check has checked): the ids. Every node's componentId names a
// component of the node's type, no two components share an _id, each
// intent component belongs to its dialog, and every service's idp names
// an auth profile of the export. It reads the structs about to be
// encoded, so nothing is written when it fails.
func checkReferences(def *botDefinition) (problems []string) {
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	profiles := make(map[string]bool, len(def.IdpConfigurations))
	for _, p := range def.IdpConfigurations {
		profiles[p.Name] = true
	}
	components := make(map[string]*component, len(def.DialogComponents))
	for _, c := range def.DialogComponents {
		if components[c.ID] != nil {
			report("two components have the _id %s", c.ID)
		}
		components[c.ID] = c
		if c.Type == ir.NodeService && c.Idp != ir.NoAuthProfile && !profiles[c.Idp] {
			report("component %s: idp %q names no idpConfiguration", c.Name, c.Idp)
		}
	}
	for _, d := range def.Dialogs {
		for i, n := range d.Nodes {
			at := fmt.Sprintf("dialog %q: node %s", d.Lname, n.NodeID)
			c := components[n.ComponentID]
			switch {
			case c == nil:
				report("%s: componentId %s names no component", at, n.ComponentID)
			case c.Type != n.Type:
				report("%s: node type %q differs from its component's type %q", at, n.Type, c.Type)
			case i == 0 && c.DialogID != d.ID:
				report("%s: intent component's dialogId %s is not the dialog's _id %s", at, c.DialogID, d.ID)
			}
		}
	}
	return problems
}
