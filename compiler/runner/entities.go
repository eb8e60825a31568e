package runner

import (
	"fmt"
	"slices"

	"github.com/xoc-dev/xoc/compiler/config"
)

// UnknownEntityError is the error of an answer (Options.Entities) for an
// entity the dialog does not have: a misspelt name would otherwise leave
// the entity to its sample answer without a word.
type UnknownEntityError struct {
	Dialog string
	Name   string
	// Entities are the dialog's entity names, sorted.
	Entities []string
}

func (e *UnknownEntityError) Error() string {
	msg := fmt.Sprintf("dialog %q has no entity %q", e.Dialog, e.Name)
	if s := config.Suggest(e.Name, e.Entities); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	if len(e.Entities) == 0 {
		return msg + "; it asks for none"
	}
	return msg + "; its entities are " + quoteList(e.Entities)
}

// entityNames returns the names of the dialog's entity and confirmation
// components, the nodes Options.Entities answers, sorted.
func (m *machine) entityNames() []string {
	var names []string
	for _, n := range m.dlg.nodes {
		if c, ok := m.bot.components[n.ComponentID]; ok && (n.Type == "entity" || n.Type == "dialogAct") && !slices.Contains(names, c.Name) {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	return names
}

// checkEntities fails for an answer to an entity the dialog does not have.
func (m *machine) checkEntities() error {
	var known []string
	for _, name := range sortedKeys(m.opts.Entities) {
		if known == nil {
			known = m.entityNames()
		}
		if !slices.Contains(known, name) {
			return &UnknownEntityError{Dialog: m.dlg.name, Name: name, Entities: known}
		}
	}
	return nil
}
