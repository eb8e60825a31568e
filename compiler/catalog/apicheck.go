package catalog

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/catalog/internal/stripeapi"
)

// This file holds a template's calls to Stripe's API, as the summary in
// internal/stripeapi describes it: the path and method exist, every
// parameter sent is one the call takes, every literal value one the
// parameter takes, and every parameter the call requires is sent. Stripe
// would answer 400 (or 404) to any of these at the first run; here they
// are errors at build time, at the line that makes them. A value only the
// dialog knows ({{context.x}}) is checked when the dialog runs.

// sentParam is a query parameter or form field with its value under the
// default options: nil for null (left out); known is false when the
// value could not be evaluated or is not one lowering takes (reported).
type sentParam struct {
	QueryParam
	value *string
	known bool
}

// checkCall checks the call of service node n, whose parameters are sent
// with the values given. A call whose method or path breaks the rules of
// checkService is reported there and not looked up.
func (c *checker) checkCall(n Node, sent []sentParam) {
	s := n.Service
	if !slices.Contains([]string{"GET", "POST", "DELETE"}, s.Method) || !stripePath.MatchString(s.Path) {
		return
	}
	fail := func(rng hcl.Range, format string, args ...any) {
		c.failAt(rng, "service %s: %s", n.Name, fmt.Sprintf(format, args...))
	}
	call := s.Method + " " + s.Path
	op, ok := stripeapi.Lookup(s.Method, s.Path)
	if !ok {
		methods := stripeapi.Methods(s.Path)
		if len(methods) == 0 {
			fail(s.PathRange, "%s is not a Stripe API path", call)
			return
		}
		verb := "exists"
		if len(methods) > 1 {
			verb = "exist"
		}
		fail(s.MethodRange, "%s is not in Stripe's API: %s %s %s, %s does not", call, andList(methods), s.Path, verb, s.Method)
		return
	}
	if op.Multipart {
		fail(s.PathRange, "%s takes a multipart upload, which a service node cannot send", call)
		return
	}
	kind := "form field"
	if s.Method == "GET" {
		kind = "query parameter"
	}
	sentNames := map[string]bool{} // top-level names sent whatever the options
	for _, p := range sent {
		param, ok := op.Param(p.Name)
		if !ok {
			fail(p.NameRange, "%s takes no %s %q%s", call, kind, p.Name, suggestParam(op, p.Name))
			continue
		}
		if p.value != nil || !p.known {
			sentNames[topName(p.Name)] = true
		}
		if !p.known || p.value == nil || strings.Contains(*p.value, "{{") {
			continue
		}
		if msg := stripeapi.CheckValue(param, *p.value); msg != "" {
			fail(p.ValueRange, "%s %s: %q %s", kind, p.Name, *p.value, msg)
		}
	}
	for _, name := range op.Params.Required {
		if sentNames[name] {
			continue
		}
		rng := n.DeclRange
		if s.Method == "GET" && s.QueryRange.Filename != "" {
			rng = s.QueryRange
		} else if s.Method != "GET" && s.BodyRange.Filename != "" {
			rng = s.BodyRange
		}
		if slices.ContainsFunc(sent, func(p sentParam) bool { return topName(p.Name) == name }) {
			fail(rng, "%s requires the %s %q, which is left out when its value is null, as it is with the default options", call, kind, name)
			continue
		}
		fail(rng, "%s requires the %s %q", call, kind, name)
	}
}

// suggestParam is " (did you mean …?)" for a name op does not take, when
// a name it does take is near: a top-level parameter, or a key next to
// the misspelt one ("invoice_settings[footer]" for
// "invoice_settings[footr]").
func suggestParam(op *stripeapi.Operation, name string) string {
	i := strings.LastIndexByte(name, '[')
	if i < 0 {
		return closest(name, slices.Collect(maps.Keys(op.Params.Properties)), "")
	}
	parent, key := name[:i], strings.TrimSuffix(name[i+1:], "]")
	p, ok := op.Param(parent)
	if !ok {
		return "" // the misspelling is further up: say no more than "no"
	}
	var keys []string
	for _, s := range append([]*stripeapi.Schema{p.Schema}, p.AnyOf...) {
		keys = append(keys, slices.Collect(maps.Keys(s.Properties))...)
	}
	return closest(key, keys, parent)
}

// topName is the parameter a form or query name is in: "metadata" for
// "metadata[order]".
func topName(name string) string {
	top, _, _ := strings.Cut(name, "[")
	return top
}

// closest is " (did you mean "x"?)" for the candidate nearest to given, if
// one is near enough to be a misspelling of it, or "". A candidate is a
// key of the object parent when parent is not "".
func closest(given string, candidates []string, parent string) string {
	slices.Sort(candidates) // the first of equally near ones, whatever the map order
	best, bestDist := "", 0
	for _, c := range candidates {
		d := levenshtein.Distance(strings.ToLower(given), strings.ToLower(c), nil)
		if d <= max(2, len(given)/3) && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	if parent != "" {
		best = parent + "[" + best + "]"
	}
	return " (did you mean " + strconv.Quote(best) + "?)"
}

// andList joins words as a sentence does: "GET", "GET and POST",
// "DELETE, GET and POST".
func andList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
