package lower

import (
	"github.com/xoc-dev/xoc/compiler/catalog"

	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
)

func TestGraphIsSound(t *testing.T) {
	for _, tpl := range catalog.All() {
		d, err := lowerTemplate(tpl, preAuth, overrides{})
		if err != nil {
			t.Fatalf("%s: %v", tpl.Name, err)
		}
		byName := map[string]ir.Node{}
		for _, n := range d.Nodes {
			if _, dup := byName[n.Name]; dup {
				t.Errorf("%s: node %s twice", tpl.Name, n.Name)
			}
			byName[n.Name] = n
		}
		if d.Nodes[0].Type != ir.NodeIntent || d.Nodes[0].Name != tpl.Intent {
			t.Errorf("%s: first node %+v is not the intent", tpl.Name, d.Nodes[0])
		}
		// Walk from the intent: every node reachable, every target exists,
		// the unconditional transition comes last and exactly once.
		reached := map[string]bool{}
		var walk func(string)
		walk = func(name string) {
			if name == "" || reached[name] {
				return
			}
			reached[name] = true
			n, ok := byName[name]
			if !ok {
				t.Errorf("%s: transition to missing node %q", tpl.Name, name)
				return
			}
			for i, tr := range n.Transitions {
				switch {
				case n.Type == ir.NodeConfirm:
					// A confirmation branches on the answer alone: yes, then no.
					if tr.If == nil || tr.If.DialogAct != []string{ir.DialogActYes, ir.DialogActNo}[min(i, 1)] || len(n.Transitions) != 2 {
						t.Errorf("%s: confirmation %s: transitions %+v, want yes then no", tpl.Name, name, n.Transitions)
					}
				case (tr.If == nil) != (i == len(n.Transitions)-1):
					t.Errorf("%s: node %s: the unconditional transition must come last, once", tpl.Name, name)
				}
				walk(tr.To)
			}
		}
		walk(d.Nodes[0].Name)
		for _, n := range d.Nodes {
			if !reached[n.Name] {
				t.Errorf("%s: node %s is unreachable", tpl.Name, n.Name)
			}
			if n.Type == ir.NodeEntity && (n.Entity.Prompt == "" || n.Entity.ErrorPrompt == "") {
				t.Errorf("%s: entity %s lacks a prompt or error prompt", tpl.Name, n.Name)
			}
		}
	}
}

// A failed call ends the dialog at a message quoting Stripe's error, so no
// later call is made.
func TestFailureEndsDialog(t *testing.T) {
	for _, tpl := range catalog.All() {
		d, _ := lowerTemplate(tpl, preAuth, overrides{})
		byName := map[string]ir.Node{}
		for _, n := range d.Nodes {
			byName[n.Name] = n
		}
		for _, n := range d.Nodes {
			if n.Type != ir.NodeService {
				continue
			}
			tr := n.Transitions
			if len(tr) != 2 || tr[0].If == nil || *tr[0].If != (ir.Condition{Context: "context." + n.Name + ".response.statusCode", Op: "eq", Value: "200"}) {
				t.Errorf("%s: %s transitions %+v, want 200 → next, default → failure", tpl.Name, n.Name, tr)
				continue
			}
			fail := byName[tr[1].To]
			want := "{{context." + n.Name + ".response.body.error.message}}"
			if fail.Type != ir.NodeMessage || !strings.Contains(fail.Message, want) {
				t.Errorf("%s: failure node of %s is %+v, want a message showing %s", tpl.Name, n.Name, fail, want)
			}
			if len(fail.Transitions) != 1 || fail.Transitions[0] != (ir.Transition{}) {
				t.Errorf("%s: failure node %s must end the dialog, has %+v", tpl.Name, fail.Name, fail.Transitions)
			}
		}
	}
}

var contextRef = regexp.MustCompile(`context\.(entities\.)?([A-Za-z_][A-Za-z0-9_]*)`)

// Every context.entities.X names an entity of the template, every entity is
// used, and every other context.X is set by an earlier node.
func TestContextReferences(t *testing.T) {
	for _, tpl := range catalog.All() {
		d, _ := lowerTemplate(tpl, preAuth, overrides{})
		used := map[string]bool{}
		var earlier []string // service nodes and context keys set so far
		for _, n := range d.Nodes {
			texts := []string{n.Script, n.Message, n.Confirmation}
			if n.Service != nil {
				texts = append(texts, n.Service.URL)
				for _, f := range n.Service.Form {
					texts = append(texts, f.Value)
				}
			}
			for _, text := range texts {
				for _, m := range contextRef.FindAllStringSubmatch(text, -1) {
					name := m[2]
					switch {
					case m[1] != "":
						used[name] = true
						if _, ok := tpl.Entity(name); !ok {
							t.Errorf("%s: node %s refers to context.entities.%s, which is no entity of the template", tpl.Name, n.Name, name)
						}
					case strings.Contains(text, "context."+name+" =") && n.Type == ir.NodeScript:
						earlier = append(earlier, name)
					case !slices.Contains(earlier, name) && name != "entities":
						t.Errorf("%s: node %s reads context.%s before anything sets it", tpl.Name, n.Name, name)
					}
				}
			}
			if n.Type == ir.NodeService {
				earlier = append(earlier, n.Name)
			}
		}
		for _, e := range tpl.Entities {
			if !used[e.Name] {
				t.Errorf("%s: entity %s is asked for but never used", tpl.Name, e.Name)
			}
		}
	}
}
