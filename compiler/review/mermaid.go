package review

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// endID is the Mermaid id of a dialog's end. Node ids all start with "n_"
// and ids of missing targets with "missing_", so none can take it; Mermaid
// reserves the lower-case "end", not "END".
const endID = "END"

// flowchart renders a dialog's nodes and transitions as a Mermaid
// flowchart: one statement per node (its shape says its type), then one
// edge per transition, labelled with its condition.
func flowchart(d ir.Dialog) string {
	g := newGraph(d)
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	for i, n := range d.Nodes {
		open, close := shape(n.Type)
		b.WriteString("    " + g.ids[i] + open + mermaidString(nodeLabel(n)) + close + "\n")
	}
	for _, m := range g.missing {
		b.WriteString("    " + m.id + "[" + mermaidString("missing: "+m.name) + "]\n")
	}
	if g.hasEnd {
		b.WriteString("    " + endID + "((" + mermaidString("End") + "))\n")
	}
	for i, n := range d.Nodes {
		conditional := hasConditional(n)
		for _, t := range n.Transitions {
			arrow := " --> "
			if label := transitionLabel(n, t, conditional); label != "" {
				arrow = " -->|" + mermaidString(label) + "| "
			}
			b.WriteString("    " + g.ids[i] + arrow + g.target(t.To) + "\n")
		}
	}
	return b.String()
}

// graph holds the Mermaid ids of a dialog's nodes.
type graph struct {
	ids     []string       // by node index
	byName  map[string]int // node name → index of its first node
	missing []missingNode  // transition targets no node has, in order of appearance
	hasEnd  bool
}

type missingNode struct{ name, id string }

func newGraph(d ir.Dialog) *graph {
	g := &graph{byName: map[string]int{}}
	used := map[string]bool{endID: true}
	for i, n := range d.Nodes {
		g.ids = append(g.ids, uniqueID("n_"+safeID(n.Name), used))
		if _, dup := g.byName[n.Name]; !dup {
			g.byName[n.Name] = i
		}
	}
	for _, n := range d.Nodes {
		for _, t := range n.Transitions {
			if t.To == "" {
				g.hasEnd = true
				continue
			}
			if _, ok := g.byName[t.To]; ok || g.missingID(t.To) != "" {
				continue
			}
			g.missing = append(g.missing, missingNode{name: t.To, id: uniqueID("missing_"+safeID(t.To), used)})
		}
	}
	return g
}

func (g *graph) missingID(name string) string {
	for _, m := range g.missing {
		if m.name == name {
			return m.id
		}
	}
	return ""
}

func (g *graph) target(to string) string {
	if to == "" {
		return endID
	}
	if i, ok := g.byName[to]; ok {
		return g.ids[i]
	}
	return g.missingID(to)
}

// safeID keeps the ASCII letters, digits and underscores of a name, which
// Mermaid accepts in any id; anything else becomes "_".
func safeID(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// uniqueID numbers an id that another name already turned into.
func uniqueID(id string, used map[string]bool) string {
	candidate := id
	for n := 2; used[candidate]; n++ {
		candidate = id + "_" + strconv.Itoa(n)
	}
	used[candidate] = true
	return candidate
}

// shape returns the brackets of a node type's Mermaid shape.
func shape(t ir.NodeType) (open, close string) {
	switch t {
	case ir.NodeIntent:
		return "([", "])" // stadium
	case ir.NodeEntity:
		return "[/", "/]" // parallelogram
	case ir.NodeScript:
		return "[[", "]]" // subroutine
	case ir.NodeService:
		return "{{", "}}" // hexagon
	case ir.NodeMessage:
		return "(", ")" // rounded
	}
	return "[", "]"
}

func nodeLabel(n ir.Node) string {
	if n.Type == "" {
		return n.Name
	}
	return string(n.Type) + ": " + n.Name
}

// mermaidString quotes a label. Inside quotes Mermaid takes brackets and
// punctuation literally, but it still decodes "#…;" entity codes, reads
// "%%" as a comment or directive, a leading backtick as Markdown, and
// passes "<" and "&" to HTML; those characters become entity codes.
func mermaidString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '%':
			b.WriteString("#37;")
		case '`':
			b.WriteString("#96;")
		default:
			if unicode.IsPrint(r) {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ') // line breaks, tabs, control characters
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
