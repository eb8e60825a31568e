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
	stripePath = regexp.MustCompile(`^/v1/[a-z_]+(/[a-z_]+)*$`)

	entityTypes = []string{"label", "number", "email", "phone_number", "person_name", "date", "list_of_values"}
	// The Stripe resources a restricted key grants permissions on.
	resourceNames = []string{"customers", "invoices", "invoiceitems", "payment_intents"}
)

const minUtterances = 5

// check holds a decoded template to the rules the lowering relies on, so
// that Lower cannot fail on catalog data, only on a bot's inputs.
func check(t *Template, rng hcl.Range) hcl.Diagnostics {
	var diags hcl.Diagnostics
	fail := func(format string, args ...any) {
		diags = append(diags, errAt(rng, "Invalid catalog template", "Template %q: %s.", t.Name, fmt.Sprintf(format, args...)))
	}
	if t.Title == "" || t.Description == "" {
		fail("title and description must not be empty")
	}
	if !nodeNameRe.MatchString(t.Intent) {
		fail("intent %q must be a camelCase word", t.Intent)
	}
	if len(t.Utterances) < minUtterances {
		fail("needs at least %d utterances, has %d", minUtterances, len(t.Utterances))
	}
	for i, u := range t.Utterances {
		if u == "" || slices.Contains(t.Utterances[:i], u) {
			fail("utterance %q is empty or repeated", u)
		}
	}
	for _, r := range t.Resources {
		if !slices.Contains(resourceNames, r) {
			fail("unknown Stripe resource %q (known: %s)", r, quoteList(resourceNames))
		}
	}
	for _, o := range t.Options {
		for _, msg := range checkOption(o) {
			fail("option %s: %s", o.Name, msg)
		}
	}
	for _, e := range t.Entities {
		switch {
		case !slices.Contains(entityTypes, e.Type):
			fail("entity %s: unknown type %q (known: %s)", e.Name, e.Type, quoteList(entityTypes))
		case (e.Type == "list_of_values") != (len(e.AllowedValues) > 0):
			fail("entity %s: allowed_values are required for list_of_values and only there", e.Name)
		case e.Prompt == "" || e.ErrorPrompt == "":
			fail("entity %s needs a prompt and an error_prompt", e.Name)
		}
	}
	seen := []string{t.Intent}
	name := func(n string) {
		if !nodeNameRe.MatchString(n) {
			fail("node name %q must be a camelCase word", n)
		}
		if slices.Contains(seen, n) {
			fail("node name %q is used twice", n)
		}
		seen = append(seen, n)
	}
	for _, n := range t.Nodes {
		name(n.Name)
		if n.Service != nil {
			name(n.Service.Failure)
			for _, msg := range checkService(n.Service) {
				fail("service %s: %s", n.Name, msg)
			}
		}
	}
	if len(t.Nodes) == 0 || t.Nodes[len(t.Nodes)-1].Type != ir.NodeMessage {
		fail("the last node must be the success message")
	}
	for _, msg := range checkExpressions(t) {
		fail("%s", msg)
	}
	return diags
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

func checkService(s *Service) []string {
	var msgs []string
	if !stripePath.MatchString(s.Path) {
		msgs = append(msgs, fmt.Sprintf("path %q must look like /v1/resource", s.Path))
	}
	switch s.Method {
	case "GET":
		if len(s.Form) > 0 {
			msgs = append(msgs, "a GET has no body")
		}
	case "POST":
		if len(s.Form) == 0 {
			msgs = append(msgs, "a POST needs a body: the form fields it sends")
		}
		if len(s.Query) > 0 {
			msgs = append(msgs, "a POST sends its parameters in the body, not in a query")
		}
	default:
		msgs = append(msgs, fmt.Sprintf("method must be GET or POST, not %q", s.Method))
	}
	return msgs
}

// checkExpressions makes sure every expression the lowering stage
// evaluates refers only to declared options and evaluates, with the
// default options, to what lowering expects.
func checkExpressions(t *Template) []string {
	var msgs []string
	opts, errs := t.OptionValues(nil)
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	ctx := EvalContext(opts)
	str := func(what string, expr hcl.Expression) string {
		for _, tr := range expr.Variables() {
			if !t.refersToOption(tr) {
				msgs = append(msgs, fmt.Sprintf("%s: only option.<name> of a declared option may be used, not %s", what, traversalString(tr)))
				return ""
			}
		}
		v, err := EvalString(expr, ctx)
		if err != nil {
			msgs = append(msgs, fmt.Sprintf("%s: %v", what, err))
		}
		return v
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
		case ir.NodeService:
			s := n.Service
			if s.FailureText != nil {
				str("message "+s.Failure, s.FailureText)
			}
			for _, f := range s.Form {
				what := "form field " + f.Name + " of " + n.Name
				if msg := checkFormValue(str(what, f.Value), set); msg != "" {
					msgs = append(msgs, what+": "+msg)
				}
			}
			for _, q := range s.Query {
				str("query parameter "+q.Name+" of "+n.Name, q.Value)
			}
		}
	}
	return msgs
}

// contextAssignment finds "context.x =" in a script: the variables a
// script sets for later nodes.
var contextAssignment = regexp.MustCompile(`\bcontext\.([A-Za-z_$][A-Za-z0-9_$]*)\s*=[^=]`)

// formReference is the one shape of runtime value a form field may have:
// {{context.x}}, a variable an earlier script prepared.
var formReference = regexp.MustCompile(`^\{\{context\.([A-Za-z_$][A-Za-z0-9_$]*)\}\}$`)

// checkFormValue holds a form field's value to what survives the
// platform's textual substitution into the JSON body: a literal, or a
// reference to a variable an earlier script set (which the script escapes
// for a JSON string; see templates/README.md). An entity or a response
// field put in directly would break the body on a value with a quote.
func checkFormValue(v string, set map[string]bool) string {
	if m := formReference.FindStringSubmatch(v); m != nil {
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
