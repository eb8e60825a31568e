package exportdiff

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xoc-dev/xoc/compiler/format"
)

// Where returns where a change is, as a path a person reads:
// `dialog "Add a customer" › node "name" (entity) › prompt`.
func (c Change) Where() string {
	var parts []string
	switch c.Kind {
	case KindBot:
		parts = append(parts, "bot")
	case KindEnvVariable, KindAuthProfile:
		parts = append(parts, fmt.Sprintf("%s %q", c.Kind, c.Name))
	default:
		parts = append(parts, fmt.Sprintf("dialog %q", c.Dialog))
		switch c.Kind {
		case KindNode:
			parts = append(parts, fmt.Sprintf("node %q (%s)", c.Node, c.NodeType))
		case KindUtterance:
			parts = append(parts, fmt.Sprintf("utterance %q", c.Name))
		}
	}
	if c.Field != "" {
		parts = append(parts, c.Field)
	}
	return strings.Join(parts, " › ")
}

// Format renders changes as text: one line per change, marked as diff
// marks lines (+ only in the build, - only in the live bot, ~ different),
// followed by the values, a multi-line one as a unified diff of its
// lines. Control characters from the export are dropped.
func Format(changes []Change) string {
	var b strings.Builder
	for _, c := range changes {
		mark := map[Op]string{Added: "+", Removed: "-", Changed: "~"}[c.Op]
		fmt.Fprintf(&b, "%s %s\n", mark, safe(c.Where()))
		switch {
		case c.Live != nil && c.Built != nil && (strings.Contains(*c.Live, "\n") || strings.Contains(*c.Built, "\n")):
			diff := format.Diff("live", "build", []byte(safe(*c.Live)+"\n"), []byte(safe(*c.Built)+"\n"))
			lines := strings.Split(strings.TrimRight(string(diff), "\n"), "\n")
			for _, line := range lines[min(2, len(lines)):] {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		default:
			if c.Live != nil {
				fmt.Fprintf(&b, "    - %s\n", indent(safe(*c.Live)))
			}
			if c.Built != nil {
				fmt.Fprintf(&b, "    + %s\n", indent(safe(*c.Built)))
			}
		}
	}
	return b.String()
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

// safe drops the control characters of s but newlines and tabs, so text
// from an export cannot rewrite a terminal.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}
