package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja/parser"
	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// The checks of a user's template file, beyond the catalog's (check.go):
// those that follow what the dialog sets and reads as it runs, node after
// node on its happy path, and the JavaScript it holds. Each is an error at
// the line of the file that is wrong.
//
// What sets a context value, as the XO runtime runs a dialog: an entity
// node sets context.entities.<its name>; a script node sets what it
// assigns (context.x = …); a service node sets context.<its name>, the
// call's request and response. A text's {{context.x}} reads x when the
// node that holds it runs, so x must be set by a node before it, or, in a
// call's failure message, by the call. A script's context.entities.x and
// context.<service>.response… are held to the same order; the script's
// other reads are its own business.

// maxScriptNesting bounds the brackets of a script (or of a {{…}}
// expression) open at once. goja's parser descends once per level, so an
// unbounded nesting could exhaust the stack; the catalog's scripts nest 4
// deep.
const maxScriptNesting = 500

// entityPrompts finds the prompt attributes of the template's entity
// blocks, by entity name: the catalog decodes prompts as strings, which
// keep no range of their own.
func entityPrompts(block *hcl.Block) map[string]hcl.Attributes {
	out := map[string]hcl.Attributes{}
	content, _, _ := block.Body.PartialContent(templateSchema)
	for _, b := range content.Blocks {
		if b.Type != "entity" || len(b.Labels) == 0 {
			continue
		}
		c, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "prompt"}, {Name: "error_prompt"}}})
		out[b.Labels[0]] = c.Attributes
	}
	return out
}

// userChecker walks a template's happy path, knowing what each node
// sets.
type userChecker struct {
	t       *Template
	src     []byte
	prompts map[string]hcl.Attributes
	ctx     *hcl.EvalContext
	diags   hcl.Diagnostics

	// asked are the entities asked so far; set, the context values set so
	// far, by the node that sets them; setBy, every value any node sets.
	asked map[string]bool
	set   map[string]string
	setBy map[string]string
	// services are the names of the service nodes, in order.
	services []string
}

// checkUser runs the checks of a user's file on a template that passed
// the catalog's check. block is the template's block, src the file.
func checkUser(t *Template, block *hcl.Block, src []byte) hcl.Diagnostics {
	opts, _ := t.OptionValues(nil) // check reports bad defaults
	c := &userChecker{t: t, src: src, prompts: entityPrompts(block), ctx: EvalContext(opts),
		asked: map[string]bool{}, set: map[string]string{}, setBy: map[string]string{}}
	for _, n := range t.Nodes {
		switch n.Type {
		case ir.NodeScript:
			code, _ := EvalString(n.Code, c.ctx)
			for _, m := range contextAssignment.FindAllStringSubmatch(code, -1) {
				if _, seen := c.setBy[m[1]]; !seen {
					c.setBy[m[1]] = n.Name
				}
			}
		case ir.NodeService:
			c.setBy[n.Name] = n.Name
			c.services = append(c.services, n.Name)
		}
	}
	for _, n := range t.Nodes {
		c.node(n)
	}
	return c.diags
}

// node checks one node, then records what it sets. The path and form
// fields of a call hold only {{context.x}} of an earlier script, which
// the catalog's check sees to.
func (c *userChecker) node(n Node) {
	switch n.Type {
	case ir.NodeEntity:
		e := c.t.Entities[n.Entity]
		c.text(e.Prompt, c.promptRange(n.Name, "prompt"), n.Name)
		c.text(e.ErrorPrompt, c.promptRange(n.Name, "error_prompt"), n.Name)
		c.asked[n.Name] = true
	case ir.NodeScript:
		code, err := EvalString(n.Code, c.ctx)
		if err != nil {
			return // check reports it
		}
		if strings.TrimSpace(code) == "" {
			c.empty(n, "script", "code")
			return
		}
		c.script(code, n.Code.Range(), n.Name)
		for _, m := range contextAssignment.FindAllStringSubmatch(code, -1) {
			c.set[m[1]] = n.Name
		}
	case ir.NodeMessage:
		if v, err := EvalString(n.Text, c.ctx); err == nil && strings.TrimSpace(v) == "" {
			c.empty(n, "message", "text")
			return
		}
		c.expression(n.Text, n.Name)
	case ir.NodeConfirm:
		c.expression(n.Confirm.Prompt, n.Name)
		c.expression(n.Confirm.NoText, n.Confirm.No)
	case ir.NodeService:
		s := n.Service
		for _, q := range s.Query {
			c.expression(q.Value, n.Name)
		}
		// The failure message runs after the call: it may read it.
		c.set[n.Name] = n.Name
		c.expression(s.FailureText, s.Failure)
	}
}

// empty reports a script without code or a message without text.
func (c *userChecker) empty(n Node, kind, attr string) {
	rng := n.DeclRange
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Empty " + kind,
		Detail:   fmt.Sprintf("The %s %s needs a %s that is not empty.", kind, n.Name, attr),
		Subject:  &rng,
	})
}

// promptRange is where an entity's prompt is written.
func (c *userChecker) promptRange(entity, attr string) *hcl.Range {
	if a := c.prompts[entity][attr]; a != nil {
		return a.Expr.Range().Ptr()
	}
	return nil
}

// expression checks a text expression, evaluated with the options'
// defaults.
func (c *userChecker) expression(expr hcl.Expression, node string) {
	if expr == nil {
		return
	}
	v, err := EvalString(expr, c.ctx)
	if err != nil {
		return // check reports it
	}
	rng := expr.Range()
	c.text(v, &rng, node)
}

// templateExpr matches the XO runtime's {{…}} in a text; the expression
// may span lines, as the runner reads it.
var templateExpr = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)

// contextRef matches a read of context.<name>, or env.<name>, with the
// name after it when there is one: context.entities.amount,
// context.refundService.response. What precedes it must not be part of a
// longer name (a.context.x).
var contextRef = regexp.MustCompile(`(?:^|[^A-Za-z0-9_$.])((context|env)\.([A-Za-z_$][A-Za-z0-9_$]*)(?:\.([A-Za-z_$][A-Za-z0-9_$]*))?)`)

// text checks the {{…}} expressions of a text: each must be JavaScript,
// and every context value it reads set by then.
func (c *userChecker) text(text string, at *hcl.Range, node string) {
	for _, m := range templateExpr.FindAllStringSubmatch(text, -1) {
		expr := m[1]
		if problem := jsProblem("(" + expr + "\n)"); problem != "" {
			c.fail(at, m[0], "Expression is not JavaScript",
				"Node %s: {{%s}} is evaluated by the XO runtime as JavaScript, and it does not parse: %s.", node, strings.TrimSpace(expr), problem)
			continue
		}
		for _, r := range contextRef.FindAllStringSubmatch(expr, -1) {
			c.read(r[1], r[2], r[3], r[4], at, node, false)
		}
	}
}

// script checks a script node's code: it must parse, and its reads of
// entities and calls must come after them.
func (c *userChecker) script(code string, rng hcl.Range, node string) {
	if problem, line := jsProblemAt(code); problem != "" {
		c.diags = append(c.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Script is not JavaScript",
			Detail:   fmt.Sprintf("Script %s does not parse as JavaScript: %s.", node, problem),
			Subject:  c.scriptLine(code, line, rng).Ptr(),
		})
		return
	}
	for _, r := range contextRef.FindAllStringSubmatch(code, -1) {
		c.read(r[1], r[2], r[3], r[4], &rng, node, true)
	}
}

// read checks one reference, written ref, to root.name.next. A script's
// reads are checked only where they are of an entity or of a call's
// result (next is response or request): a script may read a value that
// it tests for.
func (c *userChecker) read(ref, root, name, next string, at *hcl.Range, node string, inScript bool) {
	if root == "env" {
		if !inScript {
			c.fail(at, ref, "Env variable in a template",
				"Node %s reads %s. A template's texts may not read the bot's env variables: xoc writes the Stripe URL and authorization of every call itself, and an env variable may hold the key.", node, ref)
		}
		return
	}
	if name == "entities" {
		c.entity(ref, next, at, node)
		return
	}
	callResult := next == "response" || next == "request"
	if inScript && !callResult {
		return
	}
	if _, ok := c.set[name]; ok {
		return
	}
	if by, later := c.setBy[name]; later && (!callResult || slices.Contains(c.services, name)) {
		c.fail(at, ref, "Context value set later",
			"Node %s reads %s, but %s sets it only later on the dialog's path: when %s runs, it is not set yet.", node, ref, by, node)
		return
	}
	if callResult {
		detail := fmt.Sprintf("Node %s reads %s, but the template has no service node %s, whose call it would be.", node, ref, name)
		if len(c.services) > 0 {
			detail += fmt.Sprintf(" Its service nodes are %s.%s", quoteList(c.services), suggestion(name, c.services))
		}
		c.fail(at, ref, "Unknown service node", "%s", detail)
		return
	}
	detail := fmt.Sprintf("Node %s reads context.%s, which no node of the template sets: a script sets what it assigns (context.%s = …), a service node context.<its name>, an entity node context.entities.<its name>.", node, name, name)
	if s := suggestion(name, sortedKeys(c.setBy)); s != "" {
		detail += s
	}
	c.fail(at, ref, "Unknown context value", "%s", detail)
}

// entity checks a read of context.entities.<name>.
func (c *userChecker) entity(ref, name string, at *hcl.Range, node string) {
	if name == "" || c.asked[name] {
		return
	}
	if _, ok := c.t.Entity(name); ok {
		c.fail(at, ref, "Entity used before it is asked",
			"Node %s reads %s, but the dialog asks for %s only later: entity nodes come in the order of the file, and %s comes after %s.", node, ref, name, name, node)
		return
	}
	var names []string
	for _, e := range c.t.Entities {
		names = append(names, e.Name)
	}
	detail := fmt.Sprintf("Node %s reads %s, but the template has no entity %s.", node, ref, name)
	if len(names) == 0 {
		detail += " It asks for nothing."
	} else if s := suggestion(name, names); s != "" {
		detail += s
	} else {
		detail += " Its entities are " + quoteList(names) + "."
	}
	c.fail(at, ref, "Unknown entity", "%s", detail)
}

// fail reports a problem with the text needle, at its place in the
// value at when the file spells it out there, else at the value (and
// nowhere when at is nil).
func (c *userChecker) fail(at *hcl.Range, needle, summary, detailFormat string, args ...any) {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detailFormat, args...)}
	if at != nil {
		rng := c.find(*at, needle)
		d.Subject = &rng
	}
	for _, prev := range c.diags {
		if prev.Summary == d.Summary && prev.Detail == d.Detail && sameStart(prev.Subject, d.Subject) {
			return // the same reference, twice in one text
		}
	}
	c.diags = append(c.diags, d)
}

func sameStart(a, b *hcl.Range) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Start == b.Start && a.Filename == b.Filename)
}

// find returns the range of the first needle in the file's text within
// rng, or rng.
func (c *userChecker) find(rng hcl.Range, needle string) hcl.Range {
	if rng.End.Byte > len(c.src) || rng.Start.Byte > rng.End.Byte {
		return rng
	}
	i := bytes.Index(c.src[rng.Start.Byte:rng.End.Byte], []byte(needle))
	if i < 0 {
		return rng
	}
	start := rng.Start.Byte + i
	return rangeOfBytes(rng.Filename, c.src, start, start+len(needle))
}

// scriptLine finds the line of the file that holds line (counted from 1)
// of a script's code, as the code's text came from rng: a heredoc's
// lines are the file's from the line after its start, less their
// indentation; the line is looked for by its text from there on.
func (c *userChecker) scriptLine(code string, line int, rng hcl.Range) hcl.Range {
	lines := strings.Split(code, "\n")
	if line < 1 || line > len(lines) || strings.TrimSpace(lines[line-1]) == "" {
		return rng
	}
	want := strings.TrimSpace(lines[line-1])
	found := c.find(rng, want)
	// The same text may come earlier in the script: look from the line
	// it should be on.
	if from := lineStart(c.src, rng.Start.Byte, line); from > rng.Start.Byte && from < rng.End.Byte {
		if i := bytes.Index(c.src[from:rng.End.Byte], []byte(want)); i >= 0 {
			found = rangeOfBytes(rng.Filename, c.src, from+i, from+i+len(want))
		}
	}
	return found
}

// lineStart is the offset of the start of the line n lines after the one
// holding offset.
func lineStart(src []byte, offset, n int) int {
	for ; n > 0; n-- {
		i := bytes.IndexByte(src[offset:], '\n')
		if i < 0 {
			return len(src)
		}
		offset += i + 1
	}
	return offset
}

// jsProblem returns what keeps src from parsing as JavaScript, or "".
func jsProblem(src string) string {
	problem, _ := jsProblemAt(src)
	return problem
}

// jsProblemAt returns what keeps src from parsing as a JavaScript
// program, with goja's parser (the runner's engine), and the line of src
// it is on; "" when it parses.
func jsProblemAt(src string) (string, int) {
	if depth, line := nesting(src); depth > maxScriptNesting {
		return fmt.Sprintf("it nests brackets more than %d deep", maxScriptNesting), line
	}
	_, err := parser.ParseFile(nil, "", src, 0)
	if err == nil {
		return "", 0
	}
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Message, list[0].Position.Line
	}
	return err.Error(), 0
}

// nesting returns the deepest nesting of brackets in src, counted without
// regard to strings and comments (an over-count is harmless), and the
// line where it is deepest.
func nesting(src string) (int, int) {
	depth, deepest, line, at := 0, 0, 1, 1
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{':
			if depth++; depth > deepest {
				deepest, at = depth, line
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case '\n':
			line++
		}
	}
	return deepest, at
}

// rangeOfBytes is the range of src[start:end] in the file name, its
// columns counted in characters, as hcl counts them.
func rangeOfBytes(name string, src []byte, start, end int) hcl.Range {
	pos := func(offset int) hcl.Pos {
		lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
		return hcl.Pos{
			Line:   bytes.Count(src[:lineStart], []byte("\n")) + 1,
			Column: utf8.RuneCount(src[lineStart:offset]) + 1,
			Byte:   offset,
		}
	}
	return hcl.Range{Filename: name, Start: pos(start), End: pos(end)}
}

// suggestion is " Did you mean "x"?" for the name of names closest to
// name, or "" when none is close.
func suggestion(name string, names []string) string {
	best, bestDist := "", len(name)/3+2
	for _, n := range names {
		if d := editDistance(strings.ToLower(name), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" || best == name {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
