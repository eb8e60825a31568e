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

// flowchart writes a dialog's nodes and transitions as a block, a fenced
// Mermaid flowchart: one statement per node (its shape says its type),
// then one edge per transition, labelled with its condition. Three
// backticks always fence it, since ids and labels never hold a backtick
// or a line break (see safeID and writeMermaidString). The lines go
// straight into the page.
func flowchart(p *page, d ir.Dialog, g *graph) {
	p.block("```mermaid", "flowchart TD")
	for i, n := range d.Nodes {
		open, close := shape(n.Type)
		writeAll(p, "    ", g.ids[i], open)
		writeMermaidString(p, nodeLabel(n))
		writeAll(p, close, "\n")
	}
	for _, m := range g.missing {
		writeAll(p, "    ", m.id, "[")
		writeMermaidString(p, "missing: "+m.name)
		p.WriteString("]\n")
	}
	if g.hasEnd {
		writeAll(p, "    ", endID, `(("End"))`, "\n")
	}
	for i, n := range d.Nodes {
		conditional := hasConditional(n)
		for _, t := range n.Transitions {
			writeAll(p, "    ", g.ids[i])
			if label := transitionLabel(n, t, conditional); label != "" {
				p.WriteString(" -->|")
				writeMermaidString(p, label)
				p.WriteString("| ")
			} else {
				p.WriteString(" --> ")
			}
			writeAll(p, g.target(t.To), "\n")
		}
	}
	p.WriteString("```\n")
}

// writeAll writes parts one after the other, without first joining them
// into a string of their own.
func writeAll(p *page, parts ...string) {
	for _, s := range parts {
		p.WriteString(s)
	}
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
	g := &graph{ids: make([]string, 0, len(d.Nodes)), byName: make(map[string]int, len(d.Nodes))}
	used := make(map[string]bool, len(d.Nodes)+1)
	used[endID] = true
	for i, n := range d.Nodes {
		g.ids = append(g.ids, uniqueID(safeID("n_", n.Name), used))
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
			g.missing = append(g.missing, missingNode{name: t.To, id: uniqueID(safeID("missing_", t.To), used)})
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

// safeID is prefix followed by the ASCII letters, digits and underscores
// of a name, which Mermaid accepts in any id; anything else becomes "_".
func safeID(prefix, name string) string {
	var b strings.Builder
	b.Grow(len(prefix) + len(name))
	b.WriteString(prefix)
	for _, r := range name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			b.WriteByte(byte(r))
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
	case ir.NodeConfirm:
		return "{", "}" // rhombus: a question with two ways on
	}
	return "[", "]"
}

func nodeLabel(n ir.Node) string {
	switch n.Type {
	case "":
		return n.Name
	case ir.NodeConfirm:
		// The platform's "dialogAct" says less than what the node does.
		return "confirm: " + n.Name
	}
	return string(n.Type) + ": " + n.Name
}

// mermaidString quotes a label. Inside quotes Mermaid takes brackets and
// punctuation literally, but it still decodes "#…;" entity codes, reads
// "%%" as a comment or directive, a leading backtick as Markdown, and
// passes "<" and "&" to HTML; those characters become entity codes.
func mermaidString(s string) string {
	var p page
	writeMermaidString(&p, s)
	return p.String()
}

// writeMermaidString writes mermaidString(s) into the diagram itself.
func writeMermaidString(p *page, s string) {
	p.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			p.WriteString("#quot;")
		case '#':
			p.WriteString("#35;")
		case '<':
			p.WriteString("#lt;")
		case '>':
			p.WriteString("#gt;")
		case '&':
			p.WriteString("#amp;")
		case '%':
			p.WriteString("#37;")
		case '`':
			p.WriteString("#96;")
		default:
			if unicode.IsPrint(r) {
				p.WriteRune(r)
			} else {
				p.WriteByte(' ') // line breaks, tabs, control characters
			}
		}
	}
	p.WriteByte('"')
}
