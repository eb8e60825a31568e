package config

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
)

// Numbers in cty are big.Float values with 512 bits of mantissa and an
// exponent that may reach 2³¹, so 1e9999999 is a number, and writing it
// out as text (a template, tostring, format, jsonencode, the document the
// schema checks) takes time that grows faster than its exponent: 21 s for
// that one. Reading a number of many digits takes time that grows with
// the square of their count: 38 s for four million. So every number a
// configuration writes or computes is kept within the range of float64,
// where the platform's JSON numbers live, and every text read as a number
// is short (hclscan.NumberText says how):
//
//   - number literals, in both syntaxes and in templates, are checked
//     before parsing (see hclscan);
//   - every function checks, before it runs, the numbers and the number
//     texts it is given (and jsondecode its text, as a JSON file is
//     checked), and checks the number it returns;
//   - the arithmetic operators check the number they compute;
//   - the values of variables are checked once resolved.
//
// Within these bounds, writing a number takes microseconds.

func init() { boundOperations() }

// checkNumber returns hclscan.ErrNumberRange for a known number out of
// range, whatever its marks, and nil for any other value.
func checkNumber(v cty.Value) error {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return nil
	}
	if !hclscan.NumberInRange(v.AsBigFloat()) {
		return hclscan.ErrNumberRange
	}
	return nil
}

// checkValueNumbers checks every number in v, however deep.
func checkValueNumbers(v cty.Value) error {
	var found error
	v, _ = v.UnmarkDeep()
	cty.Walk(v, func(_ cty.Path, e cty.Value) (bool, error) {
		if found == nil {
			found = checkNumber(e)
		}
		return found == nil, nil
	})
	return found
}

// numberTextArguments names the functions that read string arguments as
// numbers in their implementation, where no parameter type says so:
// tonumber and parseint their first, format and formatlist the values of
// their verbs (and formatlist the elements of the lists it is given).
var numberTextArguments = map[string]bool{
	"tonumber":   true,
	"parseint":   true,
	"format":     true,
	"formatlist": true,
}

// boundFunctions wraps every function so that it checks its arguments
// before it runs and its result after (see boundFunction).
func boundFunctions(fns map[string]function.Function) map[string]function.Function {
	out := make(map[string]function.Function, len(fns))
	for name, f := range fns {
		out[name] = boundFunction(name, f)
	}
	return out
}

// boundFunction returns f with the same parameters, except that each takes
// any value: the wrapper converts each argument to its parameter's type
// itself, as hcl would, after checking it. A string converted to a number
// is read before the function runs, so this is the only place to refuse
// one too long to read, or one out of range, before it costs anything.
// Type errors keep hcl's words: a function.ArgError names the parameter.
func boundFunction(name string, f function.Function) function.Function {
	params := f.Params()
	open := make([]function.Parameter, len(params))
	for i, p := range params {
		open[i] = anyValue(p)
	}
	var varParam *function.Parameter
	if vp := f.VarParam(); vp != nil {
		p := anyValue(*vp)
		varParam = &p
	}
	paramOf := func(i int) function.Parameter {
		if i < len(params) {
			return params[i]
		}
		return *f.VarParam()
	}
	convertArgs := func(args []cty.Value) ([]cty.Value, error) {
		out := make([]cty.Value, len(args))
		for i, arg := range args {
			err := checkArgument(arg, paramOf(i).Type, numberTextArguments[name])
			if err == nil {
				err = checkPadding(name, i, arg)
			}
			if text, _ := arg.Unmark(); err == nil && text.IsKnown() && !text.IsNull() && text.Type() == cty.String {
				switch {
				case name == "jsondecode":
					err = hclscan.JSONText(text.AsString())
				case name == "parseint" && len(text.AsString()) > hclscan.MaxNumberText:
					// In a base up to 62, any letter is a digit.
					err = hclscan.ErrNumberText
				}
			}
			if err != nil {
				return nil, function.NewArgError(i, err)
			}
			conv, err := convert.Convert(arg, paramOf(i).Type)
			if err != nil {
				return nil, function.NewArgError(i, err)
			}
			out[i] = conv
		}
		return out, nil
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      open,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			conv, err := convertArgs(args)
			if err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(conv)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			conv, err := convertArgs(args)
			if err != nil {
				return cty.NilVal, err
			}
			ret, err := f.Call(conv)
			if err != nil {
				return ret, err
			}
			if err := checkNumber(ret); err != nil {
				return cty.NilVal, fmt.Errorf("the result of %s: %w", name, err)
			}
			if err := checkValueSize(ret); err != nil {
				return cty.NilVal, fmt.Errorf("the result of %s: %w", name, err)
			}
			return ret, nil
		},
	})
}

// maxPadding bounds the padding a function makes: the width and
// precision of a format verb, indent's spaces. format("%01000000000d", 1)
// asked for a gigabyte.
const maxPadding = 1000

// checkPadding checks the argument of index i of the function name that
// says how much to pad: the specification of format and formatlist, the
// spaces of indent.
func checkPadding(name string, i int, arg cty.Value) error {
	arg, _ = arg.Unmark()
	if i != 0 || !arg.IsKnown() || arg.IsNull() {
		return nil
	}
	switch {
	case (name == "format" || name == "formatlist") && arg.Type() == cty.String:
		return checkFormatSpec(arg.AsString())
	case name == "indent" && arg.Type() == cty.Number:
		if arg.AsBigFloat().Cmp(big.NewFloat(maxPadding)) > 0 {
			return fmt.Errorf("xoc indents by at most %d spaces", maxPadding)
		}
	}
	return nil
}

// checkFormatSpec checks the widths and precisions of a format
// specification's verbs (and their argument numbers, [n], which need no
// more).
func checkFormatSpec(spec string) error {
	for i := 0; i < len(spec); i++ {
		if spec[i] != '%' {
			continue
		}
		if i++; i < len(spec) && spec[i] == '%' {
			continue
		}
		// Flags, argument number, width and precision run up to the
		// verb's letter.
		n := 0
		for ; i < len(spec) && strings.IndexByte("-+# []. 0123456789", spec[i]) >= 0; i++ {
			if c := spec[i]; '0' <= c && c <= '9' {
				if n = n*10 + int(c-'0'); n > maxPadding {
					return fmt.Errorf("xoc formats with widths and precisions of at most %d", maxPadding)
				}
			} else {
				n = 0
			}
		}
	}
	return nil
}

// anyValue is p taking any value, known or not, marked or not: the
// wrapped function applies p's own rules when it is called.
func anyValue(p function.Parameter) function.Parameter {
	return function.Parameter{
		Name:             p.Name,
		Description:      p.Description,
		Type:             cty.DynamicPseudoType,
		AllowNull:        true,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowMarked:      true,
	}
}

// checkArgument checks a function's argument: a number must be in range,
// and a string that becomes a number (for a parameter of type number, or
// anywhere in the arguments of a function that reads texts as numbers)
// must be one that can be read in bounded time and is in range. jsondecode's
// text is checked as a JSON file is, for its nesting and numbers.
func checkArgument(arg cty.Value, paramType cty.Type, readsNumberTexts bool) error {
	arg, _ = arg.Unmark()
	if !arg.IsKnown() || arg.IsNull() {
		return nil
	}
	switch ty := arg.Type(); {
	case ty == cty.Number:
		return checkNumber(arg)
	case ty == cty.String && (paramType == cty.Number || readsNumberTexts):
		return hclscan.NumberText(arg.AsString())
	case readsNumberTexts && (ty.IsListType() || ty.IsTupleType() || ty.IsSetType()):
		// formatlist reads the elements of the lists it is given.
		for it := arg.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if err := checkArgument(e, cty.DynamicPseudoType, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// boundOperations makes hcl's arithmetic operators check the number they
// compute. Repeated products reach any exponent (1e300 * 1e300 * …), and
// hcl evaluates an expression to its end before anything sees its value:
// a template would write the number out within the same expression. hcl
// gives no hook for its operators, but they are package variables so that
// their implementations may be replaced; JSON templates are parsed during
// evaluation, so a rewrite of the syntax tree could not reach them. The
// parameters stay the same, so hcl converts the operands and words its
// errors as before; only a result out of range is new.
func boundOperations() {
	for _, op := range []*hclsyntax.Operation{
		hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply,
		hclsyntax.OpDivide, hclsyntax.OpModulo, hclsyntax.OpNegate,
	} {
		op.Impl = boundOperation(op.Impl)
	}
}

func boundOperation(f function.Function) function.Function {
	// hcl reads only the parameters' types. Unknown and marked operands
	// go through to the operator, which deals with them as before.
	params := f.Params()
	for i := range params {
		params[i].AllowUnknown, params[i].AllowMarked = true, true
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		Type:        func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for _, arg := range args {
				if err := checkNumber(arg); err != nil {
					return cty.NilVal, err
				}
			}
			ret, err := f.Call(args)
			if err != nil {
				return ret, err
			}
			if err := checkNumber(ret); err != nil {
				return cty.NilVal, fmt.Errorf("the result: %w", err)
			}
			return ret, nil
		},
	})
}
