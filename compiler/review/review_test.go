package review

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.md")

const testKey = "sk_test_51HxQoXKlw8uMiA6ZuEpB7vKqT3tG9aLzR0cYwVn2"

func TestGolden(t *testing.T) {
	for _, name := range []string{"pre_authorized", "user_authorized", "tricky"} {
		t.Run(name, func(t *testing.T) {
			got := Render(samples()[name])
			path := filepath.Join("testdata", name+".golden.md")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./compiler/review -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendered page (run go test ./compiler/review -update and review the diff)", path)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for name, bot := range samples() {
		first := Render(bot)
		for range 5 {
			if again := Render(samples()[name]); !bytes.Equal(first, again) {
				t.Fatalf("%s: two renders differ", name)
			}
		}
		if !bytes.HasSuffix(first, []byte("\n")) || bytes.HasSuffix(first, []byte("\n\n")) {
			t.Errorf("%s: the page must end with exactly one newline", name)
		}
	}
}

// TestConcurrentRenders checks that pages rendered at once, as a build
// renders its bots, are the pages rendered one at a time: Render shares
// nothing between calls but the package's compiled patterns.
func TestConcurrentRenders(t *testing.T) {
	names := []string{"pre_authorized", "user_authorized", "tricky"}
	want := map[string][]byte{}
	for _, name := range names {
		want[name] = Render(samples()[name])
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, name := range names {
			wg.Go(func() {
				if got := Render(samples()[name]); !bytes.Equal(got, want[name]) {
					t.Errorf("%s: a concurrent render differs from a sequential one", name)
				}
			})
		}
	}
	wg.Wait()
}

func TestRendersAnyBot(t *testing.T) {
	// Nothing here may panic.
	Render(nil)
	Render(&ir.Bot{})
	Render(&ir.Bot{Dialogs: []ir.Dialog{{Nodes: []ir.Node{
		{Type: ir.NodeService},
		{Type: ir.NodeEntity},
		{Type: ir.NodeMessage, Transitions: []ir.Transition{{If: &ir.Condition{}}}},
	}}}})
}

func TestAuthorizationModes(t *testing.T) {
	pre := string(Render(preAuthorizedSample()))
	for _, want := range []string{"**Pre-authorized.**", "`stripe_api_key` (secured)", "| `Authorization` | `Bearer {{env.stripe_api_key}}` |"} {
		if !strings.Contains(pre, want) {
			t.Errorf("pre-authorized page lacks %q", want)
		}
	}
	user := string(Render(userAuthorizedSample()))
	for _, want := range []string{
		"**User-authorized.**",
		"| `stripe_end_user` | `https://api.stripe.com` | `https://api.stripe.com/v1/balance` | no |",
		"auth profile `stripe_end_user`.",
	} {
		if !strings.Contains(user, want) {
			t.Errorf("user-authorized page lacks %q", want)
		}
	}
	if strings.Contains(user, "Pre-authorized") {
		t.Error("user-authorized page claims a pre-authorized key")
	}
}

func TestSecuredValuesNeverAppear(t *testing.T) {
	b := preAuthorizedSample()
	b.EnvVars[0].Value = testKey // as --embed-secrets builds it
	// And the key written out where it should have been {{env.…}}.
	svc := b.Dialogs[0].Nodes[4].Service
	svc.Headers = append(svc.Headers, ir.Header{Name: "X-Key", Value: "Bearer " + testKey})
	svc.URL += "?key=" + testKey
	b.Dialogs[0].Nodes[5].Message = "Your key is " + testKey
	b.Dialogs[0].Nodes[3].Script += "var k = '" + testKey + "';\n"
	b.EnvVars = append(b.EnvVars, ir.EnvVar{Key: "mirror", Value: "copy of " + testKey})
	b.Dialogs[3].Nodes[3].Confirmation += " Key: " + testKey

	page := Render(b)
	for _, fragment := range []string{testKey, testKey[8:], testKey[len(testKey)-12:]} {
		if bytes.Contains(page, []byte(fragment)) {
			t.Errorf("the page shows %q of a secured value", fragment)
		}
	}
	if !bytes.Contains(page, []byte("| `stripe_api_key` | "+SecuredValue+" |")) {
		t.Error("the secured variable is not shown as secured")
	}
	if !bytes.Contains(page, []byte("(secured value of env.stripe_api_key)")) {
		t.Error("a scrubbed value is not marked")
	}
	// What is scrubbed is still shown: the confirmation's question and
	// where its answers lead.
	for _, want := range []string{
		"> Delete customer `{{context.entities.customer}}`? This cannot be undone. Key: (secured value of env.stripe_api_key)",
		"Next: if answer = yes: `deleteCustomerService`; if answer = no: `deleteCustomerCancelledMessage`.",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the scrubbed page lacks %q", want)
		}
	}
	// The IR itself is left alone.
	if b.EnvVars[0].Value != testKey {
		t.Error("Render changed its input")
	}
}

var (
	mermaidBlock = regexp.MustCompile("(?ms)^```mermaid\n(.*?)^```$")
	nodeLine     = regexp.MustCompile(`^    ([A-Za-z0-9_]+)(\(\[|\[/|\[\[|\{\{|\{|\(\(|\(|\[)"([^"]*)"(\]\)|/\]|\]\]|\}\}|\}|\)\)|\)|\])$`)
	edgeLine     = regexp.MustCompile(`^    ([A-Za-z0-9_]+) -->(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$`)
	entityCode   = regexp.MustCompile(`#(quot|lt|gt|amp|[0-9]+);`)
)

// decodeLabel undoes Mermaid's entity codes, as Mermaid does when it draws.
func decodeLabel(s string) string {
	return entityCode.ReplaceAllStringFunc(s, func(m string) string {
		switch m {
		case "#quot;":
			return `"`
		case "#lt;":
			return "<"
		case "#gt;":
			return ">"
		case "#amp;":
			return "&"
		}
		var n int
		for _, c := range m[1 : len(m)-1] {
			n = n*10 + int(c-'0')
		}
		return string(rune(n))
	})
}

type diagram struct {
	labels map[string]string // id → decoded label
	edges  map[string]bool   // "from label|edge label|to label"
	shapes map[string]string // decoded label → opening bracket
}

func parseDiagram(t *testing.T, source string) diagram {
	t.Helper()
	d := diagram{labels: map[string]string{}, edges: map[string]bool{}, shapes: map[string]string{}}
	lines := strings.Split(strings.TrimSuffix(source, "\n"), "\n")
	if lines[0] != "flowchart TD" {
		t.Fatalf("diagram starts with %q", lines[0])
	}
	var edges [][3]string
	for _, l := range lines[1:] {
		if m := nodeLine.FindStringSubmatch(l); m != nil {
			if _, dup := d.labels[m[1]]; dup {
				t.Errorf("id %s declared twice", m[1])
			}
			d.labels[m[1]] = decodeLabel(m[3])
			d.shapes[decodeLabel(m[3])] = m[2]
			continue
		}
		if m := edgeLine.FindStringSubmatch(l); m != nil {
			edges = append(edges, [3]string{m[1], decodeLabel(m[2]), m[3]})
			continue
		}
		t.Errorf("unexpected diagram line %q", l)
	}
	for _, e := range edges {
		from, ok1 := d.labels[e[0]]
		to, ok2 := d.labels[e[2]]
		if !ok1 || !ok2 {
			t.Errorf("edge %v joins undeclared ids", e)
		}
		d.edges[from+"|"+e[1]+"|"+to] = true
	}
	return d
}

// expectedLabel is a node's label as the reader sees it: line breaks and
// other unprintable characters turn into spaces.
func expectedLabel(n ir.Node) string {
	l := nodeLabel(n)
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(l)
}

func TestEveryNodeAndTransitionIsInItsDiagram(t *testing.T) {
	for name, bot := range samples() {
		page := string(Render(bot))
		blocks := mermaidBlock.FindAllStringSubmatch(page, -1)
		if len(blocks) != len(bot.Dialogs) {
			t.Fatalf("%s: %d Mermaid blocks for %d dialog tasks", name, len(blocks), len(bot.Dialogs))
		}
		for i, dlg := range bot.Dialogs {
			d := parseDiagram(t, blocks[i][1])
			names := map[string]bool{}
			for _, n := range dlg.Nodes {
				names[n.Name] = true
			}
			for _, n := range dlg.Nodes {
				label := expectedLabel(n)
				if _, ok := d.shapes[label]; !ok {
					t.Errorf("%s/%s: node %q is not in the diagram", name, dlg.Key, label)
				}
				conditional := hasConditional(n)
				for _, tr := range n.Transitions {
					to := "End"
					if tr.To != "" {
						to = "missing: " + tr.To
						for _, m := range dlg.Nodes {
							if m.Name == tr.To {
								to = expectedLabel(m)
								break
							}
						}
					}
					edge := label + "|" + transitionLabel(n, tr, conditional) + "|" + to
					if !d.edges[edge] {
						t.Errorf("%s/%s: no edge %q", name, dlg.Key, edge)
					}
				}
			}
		}
	}
}

func TestDiagramShapesAndLabels(t *testing.T) {
	page := string(Render(preAuthorizedSample()))
	d := parseDiagram(t, mermaidBlock.FindStringSubmatch(page)[1])
	want := map[string]string{
		"intent: createCustomer":                "([",
		"entity: name":                          "[/",
		"script: createCustomerScript":          "[[",
		"service: createCustomerService":        "{{",
		"message: createCustomerMessage":        "(",
		"End":                                   "((",
		"message: createCustomerFailureMessage": "(",
	}
	for label, open := range want {
		if d.shapes[label] != open {
			t.Errorf("%q has shape %q, want %q", label, d.shapes[label], open)
		}
	}
	for _, edge := range []string{
		"service: createCustomerService|statusCode = 200|message: createCustomerMessage",
		"service: createCustomerService|otherwise|message: createCustomerFailureMessage",
		"message: createCustomerMessage||End",
	} {
		if !d.edges[edge] {
			t.Errorf("no edge %q", edge)
		}
	}
}

func TestMermaidEscaping(t *testing.T) {
	for _, name := range trickyNames {
		s := mermaidString(name)
		inner := s[1 : len(s)-1]
		if strings.ContainsAny(inner, "\"<>&%`\n") {
			t.Errorf("%q: label %s keeps a character Mermaid would interpret", name, s)
		}
		// Every "#" must start one of our entity codes.
		if rest := entityCode.ReplaceAllString(inner, ""); strings.Contains(rest, "#") {
			t.Errorf("%q: label %s has a bare #", name, s)
		}
		if got, want := decodeLabel(inner), strings.ReplaceAll(name, "\n", " "); got != want {
			t.Errorf("%q: label decodes to %q", name, got)
		}
	}
	if got := mermaidString(`a "b" #c <d>`); got != `"a #quot;b#quot; #35;c #lt;d#gt;"` {
		t.Errorf("got %s", got)
	}
	// Names that sanitize alike still get distinct ids, and keywords are
	// never ids on their own.
	g := newGraph(trickySample().Dialogs[0])
	seen := map[string]bool{}
	for _, id := range g.ids {
		if seen[id] {
			t.Errorf("id %s used twice", id)
		}
		seen[id] = true
		if !strings.HasPrefix(id, "n_") {
			t.Errorf("id %s lacks the n_ prefix", id)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	for in, want := range map[string]string{
		"plain words, stripe_base_url":  "plain words, stripe_base_url",
		"Hi {{context.entities.name}}!": "Hi `{{context.entities.name}}`!",
		"*bold* _it_ <b> [x](y) a|b":    `\*bold\* \_it\_ \<b> \[x\](y) a\|b`,
		"# not a heading":               `\# not a heading`,
		"1. not a list":                 `1\. not a list`,
		"> not a quote":                 `\> not a quote`,
		"Q&A &amp; more":                `Q&A \&amp; more`,
		"two\nlines":                    "two<br>lines",
		"{{a}}{{b}}":                    "`{{a}}``{{b}}`",
		"{{x `y`}}":                     "``{{x `y`}}``",
		"unclosed {{x":                  "unclosed {{x",
		"$5":                            `\$5`,
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cell("{{a || b}}"); got != "`{{a \\|\\| b}}`" {
		t.Errorf("cell = %q", got)
	}
	if got := fenced("javascript", "var s = \"```\";"); !strings.HasPrefix(got, "````javascript\n") {
		t.Errorf("fence not lengthened: %q", got)
	}
}

func TestSlugs(t *testing.T) {
	var s slugger
	for _, c := range [][2]string{
		{"Create a Customer", "create-a-customer"},
		{"Entities", "entities"},
		{"Entities", "entities-1"},
		{"`createCustomerService`", "createcustomerservice"},
		{`Tricky "bot" <&>`, "tricky-bot-"},
		{"Café 😀 list_all", "café--list_all"},
	} {
		if got := s.number(slugBase(c[0])); got != c[1] {
			t.Errorf("anchor of %q = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestBodies(t *testing.T) {
	page := string(Render(preAuthorizedSample()))
	for _, want := range []string{
		"Body, a form of these fields:",
		"| `name` | `{{context.createCustomerName}}` | the script `createCustomerScript` |",
		"| `metadata[plan]` | `{{context.createCustomerPlan}}` | the script `createCustomerScript` |",
		"| `metadata[note]` | `Refund for order #42 \\| 100%` |  |",
		"| `metadata[by]` | `{{context.refundedBy}}` | **no script** of this dialog task |",
		"| `created[gt]` | `0` |",
		"| `email` | `a+b@example.com` |",
		"| `limit` | `{{context.entities.count}}` |",
		"The text is built by the script `listCustomersScript`.",
		"shown after `count` when context.entities.count > 100",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	tricky := string(Render(trickySample()))
	if !strings.Contains(tricky, "| `{{context.missingBody}}` | **no script** of this dialog task |") {
		t.Error("a body no script builds is not pointed out")
	}
}

// TestMermaidParses runs Mermaid's own parser over the rendered diagrams.
// It needs Node.js and the npm packages mermaid and jsdom; set
// XOC_MERMAID_MODULES to a directory where `npm install mermaid jsdom` ran.
// Without them it skips.
func TestMermaidParses(t *testing.T) {
	modules := os.Getenv("XOC_MERMAID_MODULES")
	if modules == "" {
		t.Skip("XOC_MERMAID_MODULES is not set")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	script, err := filepath.Abs(filepath.Join("testdata", "mermaid_check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	for name, bot := range samples() {
		path := filepath.Join(dir, name+".md")
		if err := os.WriteFile(path, Render(bot), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	// The committed review pages of the examples too: what reviewers see.
	committed, _ := filepath.Glob(filepath.Join("..", "..", "out", "*", "REVIEW.md"))
	files = append(files, committed...)
	cmd := exec.Command(node, append([]string{script}, files...)...)
	cmd.Env = append(os.Environ(), "XOC_MERMAID_MODULES="+modules)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skipf("mermaid or jsdom not found under %s: %s", modules, out)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
