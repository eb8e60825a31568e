package config

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Variable is a declared input variable.
type Variable struct {
	Name        string
	Type        cty.Type
	TypeSource  string // as written in the schema's terms: string, list(string), …
	Default     cty.Value
	Description string
	Sensitive   bool
	Validations []*VariableValidation

	DeclRange    hcl.Range
	DefaultRange *hcl.Range

	// KeyFrom names where a variable that is not sensitive got a value
	// that holds a Stripe key ("XOC_VAR_x", "--var x", a var file's
	// name), or is "": such a value is marked, and its uses are errors.
	KeyFrom string
}

// VariableValidation is a validation block of a variable.
type VariableValidation struct {
	Condition    hcl.Expression
	ErrorMessage string
	DeclRange    hcl.Range
}

// EnvPrefix is the prefix of environment variables that set variables.
const EnvPrefix = "XOC_VAR_"

// Inputs are the variable values given from outside the configuration, in
// precedence order lowest first: environment, var files, --var.
type Inputs struct {
	// Env holds XOC_VAR_<name> values, by name.
	Env map[string]string
	// Files are parsed --var-file files, in the order given.
	Files []*VarFile
	// Vars are --var name=value arguments, in the order given.
	Vars []VarArg
}

// VarArg is one --var name=value argument.
type VarArg struct{ Name, Value string }

// VarFile is a parsed --var-file.
type VarFile struct {
	Path  string
	Attrs hcl.Attributes
}

// InputsFromEnviron collects XOC_VAR_ values from an environment list.
func InputsFromEnviron(environ []string) map[string]string {
	out := map[string]string{}
	for _, kv := range environ {
		if !strings.HasPrefix(kv, EnvPrefix) {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimPrefix(kv, EnvPrefix), "=")
		if name != "" {
			out[name] = value
		}
	}
	return out
}

// ParseVarArg splits a --var argument.
func ParseVarArg(s string) (VarArg, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return VarArg{}, fmt.Errorf("invalid --var %q: want name=value", s)
	}
	return VarArg{Name: name, Value: value}, nil
}

// ParseVarFile reads a --var-file: HCL attributes (or HCL's JSON syntax for
// a .json file) whose values are constants.
func ParseVarFile(parser *hclparse.Parser, path string) (*VarFile, hcl.Diagnostics) {
	f, diags := parseSource(parser, path, readVarFile) // scanned and bounded as a bot's files
	if f == nil || diags.HasErrors() {
		return nil, diags
	}
	attrs, more := f.Body.JustAttributes()
	diags = append(diags, more...)
	return &VarFile{Path: path, Attrs: attrs}, diags
}

// decodeVariableBlock decodes one variable block.
func decodeVariableBlock(block *hcl.Block, doc *document) (*Variable, hcl.Diagnostics) {
	v := &Variable{Name: block.Labels[0], Type: cty.DynamicPseudoType, TypeSource: "any", DeclRange: block.DefRange}
	obj, _ := doc.setBlock(block, "variable", v.Name)
	content, diags := block.Body.Content(lang().variable.hcl)

	if attr, ok := content.Attributes["type"]; ok {
		ty, more := typeexpr.TypeConstraint(attr.Expr)
		diags = append(diags, more...)
		if !more.HasErrors() {
			v.Type = ty
			v.TypeSource = typeexpr.TypeString(ty)
		}
		doc.places[pointer("variable", v.Name, "type")] = attrPlace(attr)
		obj["type"] = v.TypeSource
	}
	if attr, ok := content.Attributes["description"]; ok {
		val, more := constantValue(attr, "description")
		diags = append(diags, more...)
		doc.setValue(obj, pointer("variable", v.Name, "description"), "description", attr, val)
		if val.Type() == cty.String && val.IsKnown() && !val.IsNull() {
			v.Description = val.AsString()
		}
	}
	if attr, ok := content.Attributes["sensitive"]; ok {
		val, more := constantValue(attr, "sensitive")
		diags = append(diags, more...)
		doc.setValue(obj, pointer("variable", v.Name, "sensitive"), "sensitive", attr, val)
		if val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			v.Sensitive = val.True()
		}
	}
	if attr, ok := content.Attributes["default"]; ok {
		val, more := constantValue(attr, "default")
		diags = append(diags, more...)
		if !more.HasErrors() {
			conv, err := convert.Convert(val, v.Type)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid default value for variable",
					Detail:   fmt.Sprintf("The default of variable %q does not fit its type %s: %s.", v.Name, v.TypeSource, err),
					Subject:  attr.Expr.Range().Ptr(),
				})
			} else {
				v.Default = conv
			}
		}
		v.DefaultRange = attr.Expr.Range().Ptr()
		// The default itself is committed: it goes into the document as
		// written (the schema accepts any value there) so a secret in it is
		// found by the secret scan like anywhere else.
		doc.setValue(obj, pointer("variable", v.Name, "default"), "default", attr, val)
	}

	var validations []any
	for i, vb := range content.Blocks {
		vv, item, more := decodeValidationBlock(vb, v, doc, i)
		diags = append(diags, more...)
		if vv != nil {
			v.Validations = append(v.Validations, vv)
		}
		validations = append(validations, item)
	}
	if len(validations) > 0 {
		obj["validation"] = validations
	}
	return v, diags
}

// decodeValidationBlock decodes one validation block of a variable. The
// condition goes into the document as its source text: its value depends
// on the variable's value, which the document does not hold.
func decodeValidationBlock(block *hcl.Block, v *Variable, doc *document, index int) (*VariableValidation, map[string]any, hcl.Diagnostics) {
	item := map[string]any{}
	ptr := pointer("variable", v.Name, "validation", strconv.Itoa(index))
	doc.places[ptr] = blockPlace(block)
	content, diags := block.Body.Content(lang().validation.hcl)
	vv := &VariableValidation{DeclRange: block.DefRange}
	badReference := false
	if attr, ok := content.Attributes["condition"]; ok {
		vv.Condition = attr.Expr
		doc.places[ptr+"/condition"] = attrPlace(attr)
		item["condition"] = string(attr.Expr.Range().SliceBytes(doc.sources[attr.Expr.Range().Filename]))
		for _, tr := range attr.Expr.Variables() {
			ok := tr.RootName() == rootVar && len(tr) >= 2
			if ok {
				step, isAttr := tr[1].(hcl.TraverseAttr)
				ok = isAttr && step.Name == v.Name
			}
			if !ok {
				badReference = true
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid reference in variable validation",
					Detail:   fmt.Sprintf("The condition of a validation of variable %q may only refer to var.%s.", v.Name, v.Name),
					Subject:  tr.SourceRange().Ptr(),
				})
			}
		}
	}
	if attr, ok := content.Attributes["error_message"]; ok {
		val, more := constantValue(attr, "error_message")
		diags = append(diags, more...)
		doc.setValue(item, ptr+"/error_message", "error_message", attr, val)
		if val.Type() == cty.String && val.IsKnown() && !val.IsNull() {
			vv.ErrorMessage = val.AsString()
		}
	}
	if vv.Condition == nil || badReference {
		// Nothing to run, or a condition that cannot run: its reference
		// is reported above, and evaluating it would report it again.
		return nil, item, diags
	}
	return vv, item, diags
}

// constantValue evaluates an attribute that may not refer to anything.
func constantValue(attr *hcl.Attribute, what string) (cty.Value, hcl.Diagnostics) {
	if vars, _ := references(attr.Expr); len(vars) > 0 {
		return cty.DynamicVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Reference not allowed here",
			Detail:   fmt.Sprintf("A variable's %s must be a constant: it cannot refer to variables, locals or profiles.", what),
			Subject:  vars[0].SourceRange().Ptr(),
		}}
	}
	return attr.Expr.Value(&hcl.EvalContext{Functions: functions})
}

// resolveValues computes every variable's value from, lowest precedence
// first, its default, XOC_VAR_<name>, var files and --var. A variable with
// no value gets an unknown value of its type, which is an error only where
// it is needed. Values of sensitive variables are marked.
//
// A variable whose value was rejected (a default or an input that does not
// fit its type) is reported once, where the value is written, and listed in
// rejected: it is unknown from then on, and its uses draw no further "No
// value for variable" errors. A valid value from a source of higher
// precedence takes its place.
func resolveValues(vars map[string]*Variable, in Inputs, _ string) (values map[string]cty.Value, rejected map[string]bool, diags hcl.Diagnostics) {
	values = map[string]cty.Value{}
	rejected = map[string]bool{}
	from := map[string]string{} // the input each value came from, if not the default
	set := func(name string, val cty.Value, ok bool, source string) {
		if ok {
			values[name] = val
			from[name] = source
			delete(rejected, name)
		} else {
			values[name] = cty.UnknownVal(vars[name].Type)
			delete(from, name)
			rejected[name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		v := vars[name]
		values[name] = cty.UnknownVal(v.Type)
		if v.Default != cty.NilVal {
			values[name] = v.Default
		} else if v.DefaultRange != nil {
			rejected[name] = true // the default is written but did not decode
		}
		if raw, ok := in.Env[name]; ok {
			parsed, more := parseRawValue(v, raw, EnvPrefix+name)
			diags = append(diags, more...)
			set(name, parsed, !more.HasErrors(), EnvPrefix+name)
		}
	}
	for _, f := range in.Files {
		for _, attrName := range slices.Sorted(maps.Keys(f.Attrs)) {
			attr := f.Attrs[attrName]
			v, declared := vars[attrName]
			if !declared {
				// A var file may serve many bots: an entry that no bot
				// of the run declares is the run's error (see build).
				continue
			}
			val, more := constantValue(attr, "value in a var file")
			diags = append(diags, more...)
			if more.HasErrors() {
				set(attrName, cty.NilVal, false, "")
				continue
			}
			conv, err := convert.Convert(val, v.Type)
			if err != nil {
				detail := fmt.Sprintf("The value for variable %q does not fit its type %s: %s.", attrName, v.TypeSource, err)
				if v.Sensitive {
					// As for --var: cty's reason may describe the value.
					detail = fmt.Sprintf("The value for variable %q does not fit its type %s.", attrName, v.TypeSource)
				}
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid value for variable",
					Detail:   detail,
					Subject:  attr.Expr.Range().Ptr(),
				})
				set(attrName, cty.NilVal, false, "")
				continue
			}
			set(attrName, conv, true, filepath.Base(f.Path))
		}
	}
	for _, a := range in.Vars {
		v, declared := vars[a.Name]
		if !declared {
			continue // reported by the caller, once for all bots of the run
		}
		parsed, more := parseRawValue(v, a.Value, "--var "+a.Name)
		diags = append(diags, more...)
		set(a.Name, parsed, !more.HasErrors(), "--var "+a.Name)
	}
	for name, v := range vars {
		if v.Sensitive {
			values[name] = values[name].Mark(sensitiveMark)
			continue
		}
		// A default is written in a file, and a key there is reported
		// where it is written (checkSecretsWritten). A key from outside,
		// as CI sets XOC_VAR_x, is marked, so that whatever is made of it
		// (upper(var.x), strrev(var.x)) is known to hold it still.
		if source := from[name]; source != "" {
			if marked, found := markKeys(values[name]); found {
				values[name], v.KeyFrom = marked, source
			}
		}
	}
	return values, rejected, diags
}

// markKeyShaped is the cty mark of a value that holds a Stripe key but
// was given to a variable that is not sensitive. Like the sensitive mark
// it flows through every expression and function, and no value that
// carries it may reach the export.
type markKeyShaped struct{}

var keyShapedMark = markKeyShaped{}

// markKeys marks every string inside v that holds a Stripe key, and
// reports whether there was one. The mark is on the string, not on the
// whole of v: var.tags.team stays usable when var.tags.key is a key.
func markKeys(v cty.Value) (cty.Value, bool) {
	found := false
	out, _ := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		if x.Type() == cty.String && x.IsKnown() && !x.IsNull() && !x.IsMarked() && secretInText.MatchString(x.AsString()) {
			found = true
			return x.Mark(keyShapedMark), nil
		}
		return x, nil
	})
	return out, found
}

// parseRawValue turns a string from the command line or environment into a
// value of the variable's type: taken literally for primitive types, parsed
// as an HCL expression for lists, maps and objects (as Terraform does).
func parseRawValue(v *Variable, raw, source string) (cty.Value, hcl.Diagnostics) {
	var val cty.Value
	if problem := rawValueProblem(v, raw, source); problem != "" {
		return cty.DynamicVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("The value given by %s for variable %q %s.", source, v.Name, problem),
			Subject:  v.DeclRange.Ptr(),
		}}
	}
	if v.Type.IsPrimitiveType() || v.Type == cty.DynamicPseudoType {
		val = cty.StringVal(raw)
	} else {
		expr, diags := hclsyntax.ParseExpression([]byte(raw), source, hcl.InitialPos)
		if diags.HasErrors() {
			return cty.DynamicVal, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid value for variable",
				Detail:   fmt.Sprintf("The value given by %s for variable %q is not a valid %s expression.", source, v.Name, v.TypeSource),
				Subject:  v.DeclRange.Ptr(),
			}}
		}
		var more hcl.Diagnostics
		val, more = expr.Value(nil)
		if more.HasErrors() {
			return cty.DynamicVal, more
		}
	}
	conv, err := convert.Convert(val, v.Type)
	if err != nil {
		detail := fmt.Sprintf("The value given by %s for variable %q does not fit its type %s: %s.", source, v.Name, v.TypeSource, err)
		if v.Sensitive {
			detail = fmt.Sprintf("The value given by %s for variable %q does not fit its type %s.", source, v.Name, v.TypeSource)
		}
		return cty.DynamicVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   detail,
			Subject:  v.DeclRange.Ptr(),
		}}
	}
	return conv, nil
}

// checkValidations runs every variable's validation blocks on its value. A
// value that fails one is rejected as resolveValues rejects values: the
// validation's message is the one error about it, not every use after.
func checkValidations(vars map[string]*Variable, values map[string]cty.Value, rejected map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		v := vars[name]
		val := values[name]
		if !val.IsWhollyKnown() {
			continue // nothing to check until there is a value
		}
		ctx := &hcl.EvalContext{
			Variables: map[string]cty.Value{rootVar: cty.ObjectVal(map[string]cty.Value{name: val})},
			Functions: functions,
		}
		for _, vv := range v.Validations {
			result, more := vv.Condition.Value(ctx)
			if more.HasErrors() {
				if !v.Sensitive {
					diags = append(diags, more...)
				} else {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Invalid validation condition",
						Detail:   fmt.Sprintf("The validation condition of sensitive variable %q could not be evaluated.", name),
						Subject:  vv.Condition.Range().Ptr(),
					})
				}
				continue
			}
			result, _ = result.Unmark()
			result, err := convert.Convert(result, cty.Bool)
			if err != nil || result.IsNull() || !result.IsKnown() {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid validation condition",
					Detail:   "A validation condition must be true or false.",
					Subject:  vv.Condition.Range().Ptr(),
				})
				continue
			}
			if result.False() {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid value for variable",
					Detail:   fmt.Sprintf("Variable %q: %s", name, vv.ErrorMessage),
					Subject:  vv.Condition.Range().Ptr(),
				})
				rejected[name] = true
			}
		}
		if rejected[name] {
			unknown := cty.UnknownVal(v.Type)
			if v.Sensitive {
				unknown = unknown.Mark(sensitiveMark)
			}
			values[name] = unknown
		}
	}
	return diags
}
