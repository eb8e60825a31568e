package review

import (
	"strings"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// This file reads a dialog's transitions as words, the same words in the
// diagram's edge labels and in the sentences of a section, so that a
// reviewer can match one to the other.

// transitionLabel is the edge label of a transition: its condition, or
// "otherwise" for the default after conditions.
func transitionLabel(n ir.Node, t ir.Transition, conditional bool) string {
	if t.If != nil {
		return conditionText(n.Name, t.If)
	}
	if conditional {
		return "otherwise"
	}
	return ""
}

// hasConditional reports whether a node's transitions branch, which makes
// its unconditional transition the "otherwise".
func hasConditional(n ir.Node) bool {
	for _, t := range n.Transitions {
		if t.If != nil {
			return true
		}
	}
	return false
}

// conditionText reads a condition, e.g. "statusCode = 200" for
// context.<this service>.response.statusCode eq "200", and "answer = yes"
// for a confirmation's yes.
func conditionText(from string, c *ir.Condition) string {
	if c.DialogAct != "" {
		return "answer = " + c.DialogAct
	}
	path := strings.TrimPrefix(c.Context, "context."+from+".response.")
	value := c.Value
	if value == "" {
		value = `""`
	}
	switch c.Op {
	case "eq":
		return path + " = " + value
	case "neq":
		return path + " ≠ " + value
	case "cnt":
		return path + " contains " + value
	case "gt":
		return path + " > " + value
	case "gte":
		return path + " ≥ " + value
	case "lt":
		return path + " < " + value
	case "lte":
		return path + " ≤ " + value
	}
	return strings.TrimSpace(path + " " + c.Op + " " + value)
}

// incoming lists, per message name, when the flow reaches that message,
// e.g. "after `createCustomerService` when statusCode = 200". Only
// messages say so, so only transitions to them are put into words.
func incoming(d ir.Dialog) map[string][]string {
	in := map[string][]string{}
	for _, n := range d.Nodes {
		if n.Type == ir.NodeMessage {
			in[n.Name] = nil
		}
	}
	for _, n := range d.Nodes {
		conditional := hasConditional(n)
		for _, t := range n.Transitions {
			if _, ok := in[t.To]; !ok || t.To == "" {
				continue
			}
			reason := "after " + code(n.Name)
			if label := transitionLabel(n, t, conditional); label == "otherwise" {
				reason += " otherwise"
			} else if label != "" {
				reason += " when " + text(label)
			}
			in[t.To] = append(in[t.To], reason)
		}
	}
	return in
}

// nextSentence says where the flow goes after a node.
func nextSentence(n ir.Node) string {
	if len(n.Transitions) == 0 {
		return ""
	}
	conditional := hasConditional(n)
	parts := make([]string, 0, len(n.Transitions))
	for _, t := range n.Transitions {
		to := "the end of the dialog"
		if t.To != "" {
			to = code(t.To)
		}
		switch label := transitionLabel(n, t, conditional); label {
		case "":
			parts = append(parts, "then "+to)
		case "otherwise":
			parts = append(parts, "otherwise "+to)
		default:
			parts = append(parts, "if "+text(label)+": "+to)
		}
	}
	return "Next: " + strings.Join(parts, "; ") + "."
}

// flowNotes points out what a reviewer should not have to find in the
// diagram: transitions to nodes that do not exist and nodes nothing leads
// to. g, the task's diagram, already knows the names.
func flowNotes(d ir.Dialog, g *graph) []string {
	// reached is by the index of the first node of a name, as g.byName
	// gives it; "" is reached by every transition to the end.
	reached := make([]bool, len(d.Nodes))
	var notes []string
	for _, n := range d.Nodes {
		for _, t := range n.Transitions {
			if i, ok := g.byName[t.To]; ok {
				reached[i] = true
			} else if t.To != "" {
				notes = append(notes, "- **Warning:** "+code(n.Name)+" leads to "+code(t.To)+", which is not a node of this dialog task.")
			}
		}
	}
	for i, n := range d.Nodes {
		if i > 0 && !reached[g.byName[n.Name]] {
			notes = append(notes, "- **Warning:** no transition leads to "+code(n.Name)+".")
		}
	}
	return notes
}
