package config

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// markSensitive is the cty mark carried by values of variables declared
// sensitive. Marks flow through functions and locals, so a value derived
// from a secret is still known to be one.
type markSensitive struct{}

var sensitiveMark = markSensitive{}

// functions are the pure cty standard functions: nothing that reads the
// clock, randomness, files or the network, so a build depends only on its
// inputs. Each checks the numbers it reads and makes (see numbers.go).
var functions = boundFunctions(map[string]function.Function{
	"abs":             stdlib.AbsoluteFunc,
	"ceil":            stdlib.CeilFunc,
	"chomp":           stdlib.ChompFunc,
	"chunklist":       stdlib.ChunklistFunc,
	"coalesce":        stdlib.CoalesceFunc,
	"coalescelist":    stdlib.CoalesceListFunc,
	"compact":         stdlib.CompactFunc,
	"concat":          stdlib.ConcatFunc,
	"contains":        stdlib.ContainsFunc,
	"csvdecode":       stdlib.CSVDecodeFunc,
	"distinct":        stdlib.DistinctFunc,
	"element":         stdlib.ElementFunc,
	"flatten":         stdlib.FlattenFunc,
	"floor":           stdlib.FloorFunc,
	"format":          stdlib.FormatFunc,
	"formatlist":      stdlib.FormatListFunc,
	"indent":          stdlib.IndentFunc,
	"join":            stdlib.JoinFunc,
	"jsondecode":      stdlib.JSONDecodeFunc,
	"jsonencode":      stdlib.JSONEncodeFunc,
	"keys":            stdlib.KeysFunc,
	"length":          lengthFunc,
	"lookup":          stdlib.LookupFunc,
	"lower":           stdlib.LowerFunc,
	"max":             stdlib.MaxFunc,
	"merge":           stdlib.MergeFunc,
	"min":             stdlib.MinFunc,
	"range":           stdlib.RangeFunc,
	"regex":           stdlib.RegexFunc,
	"regexall":        stdlib.RegexAllFunc,
	"regex_replace":   stdlib.RegexReplaceFunc,
	"replace":         stdlib.ReplaceFunc,
	"reverse":         stdlib.ReverseListFunc,
	"setunion":        stdlib.SetUnionFunc,
	"slice":           stdlib.SliceFunc,
	"sort":            stdlib.SortFunc,
	"split":           stdlib.SplitFunc,
	"strrev":          stdlib.ReverseFunc,
	"substr":          stdlib.SubstrFunc,
	"title":           stdlib.TitleFunc,
	"trim":            stdlib.TrimFunc,
	"trimprefix":      stdlib.TrimPrefixFunc,
	"trimspace":       stdlib.TrimSpaceFunc,
	"trimsuffix":      stdlib.TrimSuffixFunc,
	"upper":           stdlib.UpperFunc,
	"values":          stdlib.ValuesFunc,
	"zipmap":          stdlib.ZipmapFunc,
	"tostring":        stdlib.MakeToFunc(cty.String),
	"tonumber":        stdlib.MakeToFunc(cty.Number),
	"tobool":          stdlib.MakeToFunc(cty.Bool),
	"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"formatdate":      stdlib.FormatDateFunc,
	"byteslen":        stdlib.BytesLenFunc,
	"int":             stdlib.IntFunc,
	"parseint":        stdlib.ParseIntFunc,
	"log":             stdlib.LogFunc,
	"pow":             stdlib.PowFunc,
	"signum":          stdlib.SignumFunc,
	"setintersection": stdlib.SetIntersectionFunc,
	"setsubtract":     stdlib.SetSubtractFunc,
})

// lengthFunc is length() as Terraform users know it: the number of
// characters of a string, or the number of elements of a collection (cty's
// own length takes collections only).
var lengthFunc = function.New(&function.Spec{
	Description: "Returns the number of characters of a string, or of elements of a list, map or tuple.",
	Params: []function.Parameter{{
		Name:             "value",
		Type:             cty.DynamicPseudoType,
		AllowDynamicType: true,
		AllowUnknown:     true,
	}},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if v.Type() == cty.String {
			return stdlib.Strlen(v)
		}
		return stdlib.Length(v)
	},
})

// Reference roots an expression may use.
const (
	rootVar         = "var"
	rootLocal       = "local"
	rootAuthProfile = "auth_profile"
)

// scope is what expressions of one bot directory can refer to.
type scope struct {
	variables map[string]*Variable
	values    map[string]cty.Value // variable values, marked and possibly unknown
	// rejected variables had a value that was reported as invalid; they
	// are unknown, and their uses are not reported again.
	rejected     map[string]bool
	locals       map[string]cty.Value
	localDecls   map[string]*hcl.Attribute
	authProfiles map[string]cty.Value
	profileDecls map[string]*hcl.Block

	// names holds the sorted declared names of each reference root, for
	// suggestions, and compared counts the names suggestions compared.
	names    map[string][]string
	compared int
}

// setValues sets the variables' values.
func (s *scope) setValues(values map[string]cty.Value, rejected map[string]bool) {
	s.values, s.rejected = values, rejected
}

// setLocal sets a local value.
func (s *scope) setLocal(name string, val cty.Value) {
	s.locals[name] = val
}

// setAuthProfile sets what auth_profile.<name> evaluates to.
func (s *scope) setAuthProfile(name string, val cty.Value) {
	s.authProfiles[name] = val
}

// contextFor returns the context to evaluate an expression in whose
// references are refs: it holds the values refs name, and no other. An
// expression can reach no value it does not name, so this is the full
// context as far as the expression can tell, and building it costs what
// the expression is long. A context of every value, rebuilt whenever one
// is set, made a bot's locals cost the square of their number (issue 13:
// 40,000 locals took 194 s).
//
// A name without a value yet (a profile decoded after the expression) is
// left out, and evaluation reports it as missing.
func (s *scope) contextFor(refs []hcl.Traversal) *hcl.EvalContext {
	var byRoot map[string]map[string]cty.Value
	for _, tr := range refs {
		if len(tr) < 2 {
			continue
		}
		step, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		root := tr.RootName()
		var from map[string]cty.Value
		switch root {
		case rootVar:
			from = s.values
		case rootLocal:
			from = s.locals
		case rootAuthProfile:
			from = s.authProfiles
		default:
			continue
		}
		val, ok := from[step.Name]
		if !ok {
			continue
		}
		if byRoot == nil {
			byRoot = map[string]map[string]cty.Value{}
		}
		if byRoot[root] == nil {
			byRoot[root] = map[string]cty.Value{}
		}
		byRoot[root][step.Name] = val
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: functions}
	for _, root := range []string{rootVar, rootLocal, rootAuthProfile} {
		ctx.Variables[root] = objectOf(byRoot[root])
	}
	return ctx
}

// workHook, when set (by a test), is told of work whose amount must grow
// no faster than the input: the values put into each evaluation context,
// and the names sorted and compared to suggest one.
var workHook func(n int)

func objectOf(m map[string]cty.Value) cty.Value {
	if workHook != nil {
		workHook(len(m))
	}
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// references returns the references of expr, as expr.Variables() does,
// and the value of an expression that is a literal, which refers to
// nothing (cty.NilVal for any other). Most attributes are literals: for
// them hcl would walk the expression to find no reference, then evaluate
// it through a buffer or, in the JSON syntax, parse each string as a
// template twice.
func references(expr hcl.Expression) ([]hcl.Traversal, cty.Value) {
	if e, native := expr.(hclsyntax.Expression); native {
		if val, ok := nativeLiteral(e); ok {
			return nil, val
		}
	} else if val, ok := jsonLiteral(expr); ok {
		return nil, val
	}
	return expr.Variables(), cty.NilVal
}

// nativeLiteral returns the value of a native-syntax expression that is a
// value, a quoted string without interpolation or a list of them: the
// value its Value method returns in any context.
func nativeLiteral(expr hclsyntax.Expression) (cty.Value, bool) {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return e.Val, true
	case *hclsyntax.TemplateExpr:
		// A template of one known string is that string.
		if len(e.Parts) != 1 {
			return cty.NilVal, false
		}
		lit, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.IsMarked() || !lit.Val.IsKnown() || lit.Val.IsNull() || lit.Val.Type() != cty.String {
			return cty.NilVal, false
		}
		return lit.Val, true
	case *hclsyntax.TupleConsExpr:
		vals := make([]cty.Value, len(e.Exprs))
		for i, x := range e.Exprs {
			val, ok := nativeLiteral(x)
			if !ok {
				return cty.NilVal, false
			}
			vals[i] = val
		}
		return cty.TupleVal(vals), true
	}
	return cty.NilVal, false
}

// jsonLiteral returns the value of a JSON-syntax expression that holds no
// template. Without a context, a JSON expression evaluates to what is
// written, its strings and keys not parsed as templates, and one can be a
// template only if it holds "${" or "%{". An expression without one refers
// to nothing, and has that same value in any context: a string without
// them is its own template.
func jsonLiteral(expr hcl.Expression) (cty.Value, bool) {
	if !json.IsJSONExpression(expr) {
		return cty.NilVal, false
	}
	val, diags := expr.Value(nil)
	if len(diags) > 0 || hasTemplateSign(val) {
		return cty.NilVal, false
	}
	return val, true
}

// hasTemplateSign reports whether a string or object key in v holds a $ or
// a %, so that it may be a template.
func hasTemplateSign(v cty.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return strings.ContainsAny(v.AsString(), "$%")
	case ty.IsTupleType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsObjectType() && strings.ContainsAny(k.AsString(), "$%") || hasTemplateSign(e) {
				return true
			}
		}
	}
	return false
}

// checkReferences reports every reference in refs (an expression's
// references) to something that does not exist, in the language's words
// and with a suggestion, before HCL's evaluator would report it in its own
// terms. allowed lists the roots the expression may use; a root outside it
// gets the reason in notAllowed.
func (s *scope) checkReferences(refs []hcl.Traversal, allowed []string, notAllowed string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range refs {
		root := tr.RootName()
		rng := tr.SourceRange()
		if !contains(allowed, root) {
			if contains([]string{rootVar, rootLocal, rootAuthProfile}, root) {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Reference not allowed here",
					Detail:   notAllowed,
					Subject:  rng.Ptr(),
				})
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown reference",
				Detail: fmt.Sprintf("There is nothing named %q. References start with var. (a variable), local. (a local value) or auth_profile. (an auth profile).%s",
					root, didYouMean(root, allowed)),
				Subject: rng.Ptr(),
			})
			continue
		}
		if len(tr) < 2 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   fmt.Sprintf("A reference to %s needs a name after it, such as %s.example.", root, root),
				Subject:  rng.Ptr(),
			})
			continue
		}
		step, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   fmt.Sprintf("A reference to %s takes a name written as %s.name.", root, root),
				Subject:  rng.Ptr(),
			})
			continue
		}
		if !s.declared(root, step.Name) {
			what := map[string]string{rootVar: "variable", rootLocal: "local value", rootAuthProfile: "auth_profile"}[root]
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reference to undeclared " + what,
				Detail:   fmt.Sprintf("No %s named %q is declared in this bot's files.%s", what, step.Name, s.didYouMean(step.Name, root)),
				Subject:  rng.Ptr(),
			})
		}
	}
	return diags
}

// maxSuggestionComparisons bounds the names compared, in one load, to
// suggest what a reference to an undeclared name meant. A real bot
// compares a few dozen; a file of 40,000 locals that each refer to an
// undeclared one would compare 1.6 billion, and reporting the mistakes
// would take hours. Past the bound, references get no suggestion.
const maxSuggestionComparisons = 1_000_000

// didYouMean suggests a declared name of root for name.
func (s *scope) didYouMean(name, root string) string {
	decls := s.sortedNames(root)
	if s.compared+len(decls) > maxSuggestionComparisons {
		return ""
	}
	s.compared += len(decls)
	if workHook != nil {
		workHook(len(decls))
	}
	return didYouMean(name, decls)
}

// sortedNames returns the declared names of root, sorted. Everything is
// declared before anything is evaluated, so they are sorted once.
func (s *scope) sortedNames(root string) []string {
	var n int
	switch root {
	case rootVar:
		n = len(s.variables)
	case rootLocal:
		n = len(s.localDecls)
	case rootAuthProfile:
		n = len(s.profileDecls)
	}
	if cached, ok := s.names[root]; ok && len(cached) == n {
		return cached
	}
	var names []string
	switch root {
	case rootVar:
		names = slices.Sorted(maps.Keys(s.variables))
	case rootLocal:
		names = slices.Sorted(maps.Keys(s.localDecls))
	case rootAuthProfile:
		names = slices.Sorted(maps.Keys(s.profileDecls))
	}
	if workHook != nil {
		workHook(len(names))
	}
	if s.names == nil {
		s.names = map[string][]string{}
	}
	s.names[root] = names
	return names
}

// declared reports whether root.name (var.x, local.y, auth_profile.z) is
// declared.
func (s *scope) declared(root, name string) bool {
	var ok bool
	switch root {
	case rootVar:
		_, ok = s.variables[name]
	case rootLocal:
		_, ok = s.localDecls[name]
	case rootAuthProfile:
		_, ok = s.profileDecls[name]
	}
	return ok
}

// evaluate evaluates an attribute's expression after checking its
// references, which it returns too. The value may be unknown where a
// variable has no value.
func (s *scope) evaluate(attr *hcl.Attribute) (cty.Value, []hcl.Traversal, hcl.Diagnostics) {
	refs, literal := references(attr.Expr)
	if literal != cty.NilVal {
		return literal, nil, nil
	}
	diags := s.checkReferences(refs, []string{rootVar, rootLocal, rootAuthProfile}, "")
	if diags.HasErrors() {
		return cty.DynamicVal, refs, diags
	}
	val, more := attr.Expr.Value(s.contextFor(refs))
	diags = append(diags, more...)
	if d := valueTooLarge(attr.Expr, val); d != nil {
		return cty.DynamicVal, refs, append(diags, d)
	}
	return val, refs, diags
}

// passesThrough reports whether expr is just the value of variable name,
// in whatever syntax (var.x, "${var.x}" in HCL or JSON): evaluated with
// the variable set to probe strings, it gives back each probe unchanged.
// refs are the expression's references.
func (s *scope) passesThrough(expr hcl.Expression, refs []hcl.Traversal, name string) bool {
	if len(refs) != 1 || refs[0].RootName() != rootVar {
		return false
	}
	ctx := s.contextFor(nil)
	for _, probe := range []string{" xoc Probe A ", "xoc-probe-b"} {
		ctx.Variables[rootVar] = cty.ObjectVal(map[string]cty.Value{name: cty.StringVal(probe)})
		val, diags := expr.Value(ctx)
		if diags.HasErrors() || !val.IsKnown() || val.IsNull() || !val.Type().Equals(cty.String) || val.AsString() != probe {
			return false
		}
	}
	return true
}

// missingValues reports, for a value that is not known, the variables the
// expression uses that have no value: a variable without a value is an
// error only where its value is needed.
func (s *scope) missingValues(attr *hcl.Attribute) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for _, name := range s.variablesUsed(attr.Expr, map[string]bool{}) {
		if seen[name] {
			continue
		}
		seen[name] = true
		if s.values[name].IsWhollyKnown() || s.rejected[name] {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "No value for variable",
			Detail:   fmt.Sprintf("%q needs the value of variable %q, which has none. %s", attr.Name, name, howToSet(name)),
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
	}
	return diags
}

// variablesUsed lists the variables an expression depends on, through
// locals too.
func (s *scope) variablesUsed(expr hcl.Expression, visiting map[string]bool) []string {
	var out []string
	refs, _ := references(expr)
	for _, tr := range refs {
		if len(tr) < 2 {
			continue
		}
		step, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		switch tr.RootName() {
		case rootVar:
			out = append(out, step.Name)
		case rootLocal:
			if decl, ok := s.localDecls[step.Name]; ok && !visiting[step.Name] {
				visiting[step.Name] = true
				out = append(out, s.variablesUsed(decl.Expr, visiting)...)
			}
		}
	}
	sort.Strings(out)
	return out
}

// howToSet names every way to give a variable a value.
func howToSet(name string) string {
	return fmt.Sprintf("Set it with --var %s=VALUE, in a --var-file, with the environment variable XOC_VAR_%s, or give the variable a default.", name, name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the candidate closest to given, if any is close enough
// to be what the author meant.
func Suggest(given string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := levenshtein.Distance(strings.ToLower(given), strings.ToLower(c), nil)
		if d <= max(2, len(given)/3) && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean is the " Did you mean …?" tail of a message, or "".
func didYouMean(given string, candidates []string) string {
	if s := Suggest(given, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}
