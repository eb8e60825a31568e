package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// runValues gathers the variable values a run gives the export's env, in
// the build's precedence, lowest first: XOC_VAR_<name>, each --var-file
// in order, each --var in order. Only names the export has an env
// variable for are kept: the platform's env is config.json's, no more.
// A var file entry that is not a string, number or bool cannot be an env
// value and is left out. The files come back, keys masked, for printing
// diagnostics about them.
func runValues(environ []string, varFiles []string, vars []config.VarArg, envNames []string) (map[string]string, map[string]*hcl.File, hcl.Diagnostics) {
	values := config.InputsFromEnviron(environ)
	parser := hclparse.NewParser()
	var diags hcl.Diagnostics
	for _, path := range varFiles {
		vf, more := config.ParseVarFile(parser, path)
		diags = append(diags, more...)
		if vf == nil {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(vf.Attrs)) {
			attr := vf.Attrs[name]
			v, more := attr.Expr.Value(nil)
			diags = append(diags, more...)
			if s, ok := envText(v); ok {
				values[name] = s
			}
		}
	}
	for _, v := range vars {
		values[v.Name] = v.Value
	}
	for name := range values {
		if !slices.Contains(envNames, name) {
			delete(values, name)
		}
	}
	files := map[string]*hcl.File{}
	for name, f := range parser.Files() {
		files[name] = &hcl.File{Bytes: secret.MaskKeys(f.Bytes)}
	}
	return values, files, diags
}

// envText renders a var file value as an env value: strings as they are,
// numbers and bools as HCL writes them.
func envText(v cty.Value) (string, bool) {
	if !v.IsWhollyKnown() || v.IsNull() || !v.Type().IsPrimitiveType() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false
	}
	return s.AsString(), true
}

// checkRunVars checks that each --var names an env variable of the export:
// a misspelt name would leave the key, say, unset without a word.
func checkRunVars(vars []config.VarArg, envNames []string) error {
	for _, v := range vars {
		if slices.Contains(envNames, v.Name) {
			continue
		}
		msg := fmt.Sprintf("--var %s: the export has no env variable %q", v.Name, v.Name)
		if s := config.Suggest(v.Name, envNames); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return usageError("%s", msg)
	}
	return nil
}
