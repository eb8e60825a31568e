package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/ir"
)

var (
	// Kore's own template names are camelCase words: createCustomerService.
	nodeNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
	// A path is /v1/, a resource, then words or references to a variable
	// an earlier script prepares: /v1/customers/{{context.customerId}}.
	stripePath = regexp.MustCompile(`^/v1/[a-z_]+(/([a-z_]+|\{\{context\.[A-Za-z_$][A-Za-z0-9_$]*\}\}))*$`)

	entityTypes = []string{"label", "number", "email", "phone_number", "person_name", "date", "list_of_values"}
	// The Stripe resources a restricted key grants permissions on, named
	// as their list endpoints under /v1/, which live.Checker probes.
	resourceNames = []string{"customers", "invoices", "invoiceitems", "payment_intents", "refunds", "payouts", "balance", "checkout/sessions"}
)

const minUtterances = 5

// checker gathers the problems check finds in one template, each at the
// place in the file it is about.
type checker struct {
	t     *Template
	rng   hcl.Range // the template block's, where nothing more precise is known
	diags hcl.Diagnostics
}

// failAt reports a problem at rng, or at the template block when rng is
// unknown (a template not read from a file).
func (c *checker) failAt(rng hcl.Range, format string, args ...any) {
	if rng.Filename == "" {
		rng = c.rng
	}
	c.diags = append(c.diags, errAt(rng, "Invalid catalog template", "Template %q: %s.", c.t.Name, fmt.Sprintf(format, args...)))
}

// check holds a decoded template to the rules the lowering relies on, so
// that Lower cannot fail on catalog data, only on a bot's inputs, and its
// calls to Stripe's API (see apicheck.go). Each problem is reported where
// it is written; rng, the template block's range, stands in where a part
// has no range of its own.
func check(t *Template, rng hcl.Range) hcl.Diagnostics {
	c := &checker{t: t, rng: rng}
	r := t.ranges
	if t.Title == "" {
		c.failAt(r.title, "title must not be empty")
	}
	if t.Description == "" {
		c.failAt(r.description, "description must not be empty")
	}
	if !nodeNameRe.MatchString(t.Intent) {
		c.failAt(r.intent, "intent %q must be a camelCase word", t.Intent)
	}
	if len(t.Utterances) < minUtterances {
		c.failAt(r.utterances, "needs at least %d utterances, has %d", minUtterances, len(t.Utterances))
	}
	for i, u := range t.Utterances {
		if u == "" || slices.Contains(t.Utterances[:i], u) {
			c.failAt(r.utterances, "utterance %q is empty or repeated", u)
		}
	}
	for _, res := range t.Resources {
		if !slices.Contains(resourceNames, res) {
			c.failAt(r.resources, "unknown Stripe resource %q (known: %s)", res, quoteList(resourceNames))
		}
	}
	for _, o := range t.Options {
		for _, msg := range checkOption(o) {
			c.failAt(o.DeclRange, "option %s: %s", o.Name, msg)
		}
	}
	for _, e := range t.Entities {
		switch {
		case !slices.Contains(entityTypes, e.Type):
			c.failAt(e.DeclRange, "entity %s: unknown type %q (known: %s)", e.Name, e.Type, quoteList(entityTypes))
		case (e.Type == "list_of_values") != (len(e.AllowedValues) > 0):
			c.failAt(e.DeclRange, "entity %s: allowed_values are required for list_of_values and only there", e.Name)
		case e.Prompt == "" || e.ErrorPrompt == "":
			c.failAt(e.DeclRange, "entity %s needs a prompt and an error_prompt", e.Name)
		}
	}
	c.checkNames()
	for _, n := range t.Nodes {
		if n.Service != nil {
			c.checkService(n)
		}
	}
	if len(t.Nodes) == 0 {
		c.failAt(rng, "the last node must be the success message")
	} else if last := t.Nodes[len(t.Nodes)-1]; last.Type != ir.NodeMessage {
		c.failAt(last.DeclRange, "the last node must be the success message")
	}
	c.checkExpressions()
	return c.diags
}

// checkNames checks that node names, those of the failure and "no"
// messages included, are camelCase words used once, the intent's too.
func (c *checker) checkNames() {
	seen := []string{c.t.Intent}
	name := func(n string, rng hcl.Range) {
		if !nodeNameRe.MatchString(n) {
			c.failAt(rng, "node name %q must be a camelCase word", n)
		}
		if slices.Contains(seen, n) {
			c.failAt(rng, "node name %q is used twice", n)
		}
		seen = append(seen, n)
	}
	for _, n := range c.t.Nodes {
		name(n.Name, n.DeclRange)
		if n.Service != nil {
			name(n.Service.Failure, n.Service.FailureRange)
		}
		if n.Confirm != nil {
			name(n.Confirm.No, n.Confirm.NoRange)
		}
	}
}

func checkOption(o Option) []string {
	var msgs []string
	switch o.Type {
	case "string", "number", "bool":
	default:
		return []string{fmt.Sprintf("type must be string, number or bool, not %q", o.Type)}
	}
	if len(o.Allowed) > 0 && o.Type != "string" {
		msgs = append(msgs, "allowed values are for string options")
	}
	if (o.Min != nil || o.Max != nil || o.Integer) && o.Type != "number" {
		msgs = append(msgs, "min, max and integer are for number options")
	}
	if o.Description == "" {
		msgs = append(msgs, "description must not be empty")
	}
	if o.Default != "" {
		if err := o.Validate(o.Default); err != nil {
			msgs = append(msgs, "default: "+err.Error())
		}
	}
	return msgs
}

// checkService checks a call's method, path and parameters for what the
// method allows.
func (c *checker) checkService(n Node) {
	s := n.Service
	fail := func(rng hcl.Range, format string, args ...any) {
		c.failAt(rng, "service %s: %s", n.Name, fmt.Sprintf(format, args...))
	}
	if !stripePath.MatchString(s.Path) {
		fail(s.PathRange, "path %q must look like /v1/resource, each further segment a word or exactly {{context.<name>}}, a variable an earlier script makes URL-safe", s.Path)
	}
	switch s.Method {
	case "GET":
		if len(s.Form) > 0 {
			fail(s.BodyRange, "a GET has no body")
		}
	case "POST":
		if len(s.Form) == 0 {
			fail(n.DeclRange, "a POST needs a body: the form fields it sends")
		}
		if len(s.Query) > 0 {
			fail(s.QueryRange, "a POST sends its parameters in the body, not in a query")
		}
	case "DELETE":
		// The path names what goes; the deletions a bot would make take
		// no parameters.
		if len(s.Form) > 0 {
			fail(s.BodyRange, "a DELETE has no body")
		}
		if len(s.Query) > 0 {
			fail(s.QueryRange, "a DELETE has no query")
		}
	default:
		fail(s.MethodRange, "method must be GET, POST or DELETE, not %q", s.Method)
	}
}

// checkExpressions makes sure every expression the lowering stage
// evaluates refers only to declared options and evaluates, with the
// default options, to what lowering expects; that the runtime references
// of paths and form bodies are to variables an earlier script sets; and
// that each call is one Stripe's API has, with what it sends.
func (c *checker) checkExpressions() {
	t := c.t
	opts, errs := t.OptionValues(nil)
	for _, err := range errs {
		c.failAt(c.rng, "%s", err.Error())
	}
	ctx := EvalContext(opts)
	// value evaluates expr; ok is false when it cannot be (reported), v
	// nil for null.
	value := func(what string, expr hcl.Expression) (v *string, ok bool) {
		for _, tr := range expr.Variables() {
			if !t.refersToOption(tr) {
				c.failAt(tr.SourceRange(), "%s: only option.<name> of a declared option may be used, not %s", what, traversalString(tr))
				return nil, false
			}
		}
		v, err := EvalValue(expr, ctx)
		if err != nil {
			c.failAt(expr.Range(), "%s: %v", what, err)
			return nil, false
		}
		return v, true
	}
	str := func(what string, expr hcl.Expression) string {
		if expr == nil {
			return ""
		}
		if v, ok := value(what, expr); ok && v != nil {
			return *v
		}
		return ""
	}
	set := map[string]bool{} // context variables the scripts so far set
	for _, n := range t.Nodes {
		switch n.Type {
		case ir.NodeScript:
			for _, m := range contextAssignment.FindAllStringSubmatch(str("script "+n.Name, n.Code), -1) {
				set[m[1]] = true
			}
		case ir.NodeMessage:
			str("message "+n.Name, n.Text)
		case ir.NodeConfirm:
			cf := n.Confirm
			if cf.Prompt != nil && strings.TrimSpace(str("confirmation "+n.Name, cf.Prompt)) == "" {
				c.failAt(cf.Prompt.Range(), "confirmation %s: the prompt must not be empty", n.Name)
			}
			str("message "+cf.No, cf.NoText)
		case ir.NodeService:
			s := n.Service
			str("message "+s.Failure, s.FailureText)
			for _, name := range pathReferences(s.Path) {
				if !set[name] {
					c.failAt(s.PathRange, "service %s: path: no earlier script sets context.%s", n.Name, name)
				}
			}
			sent := make([]sentParam, 0, len(s.Query)+len(s.Form))
			for _, f := range s.Form {
				what := "form field " + f.Name + " of " + n.Name
				v, ok := value(what, f.Value)
				if ok && v != nil {
					if msg := checkFormValue(*v, set); msg != "" {
						c.failAt(f.ValueRange, "%s: %s", what, msg)
						ok = false
					}
				}
				sent = append(sent, sentParam{QueryParam: f, value: v, known: ok})
			}
			for _, q := range s.Query {
				v, ok := value("query parameter "+q.Name+" of "+n.Name, q.Value)
				sent = append(sent, sentParam{QueryParam: q, value: v, known: ok})
			}
			c.checkCall(n, sent)
		}
	}
}

// contextAssignment finds "context.x =" in a script: the variables a
// script sets for later nodes.
var contextAssignment = regexp.MustCompile(`\bcontext\.([A-Za-z_$][A-Za-z0-9_$]*)\s*=[^=]`)

// contextReference is the one shape of runtime value a form field or a
// path segment may have: {{context.x}}, a variable an earlier script
// prepared.
var contextReference = regexp.MustCompile(`^\{\{context\.([A-Za-z_$][A-Za-z0-9_$]*)\}\}$`)

// pathReferences returns the variables the segments of a path refer to,
// in order.
func pathReferences(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if m := contextReference.FindStringSubmatch(seg); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// checkFormValue holds a form field's value to what survives the
// platform's textual substitution into the JSON body: a literal, or a
// reference to a variable an earlier script set (which the script escapes
// for a JSON string; see templates/README.md). An entity or a response
// field put in directly would break the body on a value with a quote.
func checkFormValue(v string, set map[string]bool) string {
	if m := contextReference.FindStringSubmatch(v); m != nil {
		if !set[m[1]] {
			return fmt.Sprintf("no earlier script sets context.%s", m[1])
		}
		return ""
	}
	if strings.Contains(v, "{{") || strings.Contains(v, "}}") {
		return fmt.Sprintf("%q must be a literal or exactly {{context.<name>}}, a variable an earlier script prepares", v)
	}
	return ""
}

func (t *Template) refersToOption(tr hcl.Traversal) bool {
	if tr.RootName() != "option" || len(tr) < 2 {
		return false
	}
	attr, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return false
	}
	_, ok = t.Option(attr.Name)
	return ok
}

func traversalString(tr hcl.Traversal) string {
	s := tr.RootName()
	for _, step := range tr[1:] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			s += "." + a.Name
		} else {
			s += "[…]"
		}
	}
	return s
}
