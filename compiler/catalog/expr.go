package catalog

import (
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// EvalContext is what catalog expressions see: the bot's option values as
// `option`, and jsonencode to write an option into a script as a JS literal.
func EvalContext(options cty.Value) *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{"option": options},
		Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc},
	}
}

// EvalString evaluates a text expression; null is "".
func EvalString(expr hcl.Expression, ctx *hcl.EvalContext) (string, error) {
	v, err := EvalValue(expr, ctx)
	if err != nil || v == nil {
		return "", err
	}
	return *v, nil
}

// EvalValue evaluates an expression to a string; nil means null.
func EvalValue(expr hcl.Expression, ctx *hcl.EvalContext) (*string, error) {
	if expr == nil {
		return nil, nil
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	if v.IsNull() {
		return nil, nil
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || !s.IsKnown() {
		return nil, fmt.Errorf("must be a string, number or bool, not %s", v.Type().FriendlyName())
	}
	str := s.AsString()
	return &str, nil
}
