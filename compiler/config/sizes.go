package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Sizes of computed values. A file is at most a few MiB (hclscan), but a
// value computed from it need not be: each local of
//
//	a1 = "${local.a0}${local.a0}"
//
// doubles the last, and thirty of them ask for gigabytes. hcl offers no
// hook inside a template, so the bound is kept where values come out: every
// function's result and every attribute's value is measured, and one over
// maxValueBytes is an error, so a chain of locals stops at the first local
// past the bound, having built at most twice it. (range makes at most
// 1,024 elements by itself.) What no check sees is a value built inside
// one expression, such as a for expression inside another: cmd/xoc's
// memory guard is the backstop for those.
const (
	// maxValueBytes bounds a value: the bytes of its strings plus 8 per
	// number, bool, null and element. The platform takes a definition of at
	// most 500 kB whole, so no one value of a working bot comes near it.
	maxValueBytes = 1 << 20
)

var errValueTooLarge = fmt.Errorf("the value is larger than %d kB, more than a bot's whole definition may be", maxValueBytes>>10)

// checkValueSize returns errValueTooLarge for a value over maxValueBytes.
// It stops counting at the bound, so the check costs at most that.
func checkValueSize(v cty.Value) error {
	size := 0
	var count func(v cty.Value) bool // false once over the bound
	count = func(v cty.Value) bool {
		v, _ = v.Unmark()
		size += 8
		switch {
		case !v.IsKnown() || v.IsNull():
		case v.Type() == cty.String:
			size += len(v.AsString())
		case v.CanIterateElements():
			for it := v.ElementIterator(); it.Next() && size <= maxValueBytes; {
				k, e := it.Element()
				if v.Type().IsMapType() || v.Type().IsObjectType() {
					size += len(k.AsString())
				}
				if !count(e) {
					return false
				}
			}
		}
		return size <= maxValueBytes
	}
	if !count(v) {
		return errValueTooLarge
	}
	return nil
}

// valueTooLarge returns the diagnostic for an expression whose value is
// over maxValueBytes, or nil.
func valueTooLarge(expr hcl.Expression, val cty.Value) *hcl.Diagnostic {
	err := checkValueSize(val)
	if err == nil {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Value too large",
		Detail:   "This expression makes a value too large to go into an export: " + err.Error() + ".",
		Subject:  expr.Range().Ptr(),
	}
}
