package catalog

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// ValidateOption checks a value a bot gives for one of the template's
// options. The value is written as a string whatever the option's type
// ("25", "true"); the error speaks of the option, not of types.
func (t *Template) ValidateOption(name, value string) error {
	o, ok := t.Option(name)
	if !ok {
		return t.unknownOption(name)
	}
	return o.Validate(value)
}

// Validate checks a value for the option, given as a string.
func (o *Option) Validate(value string) error {
	switch o.Type {
	case "string":
		if strings.Contains(value, "{{") || strings.Contains(value, "}}") {
			// An option is fixed when the bot is built; braces would make
			// the platform evaluate part of it when the dialog runs.
			return fmt.Errorf("%s must not contain {{ or }}; got %q", o.Name, value)
		}
		if len(o.Allowed) == 0 || slices.Contains(o.Allowed, value) {
			return nil
		}
		msg := fmt.Sprintf("%s must be %s; got %q", o.Name, o.Expect(), value)
		if fixed := strings.ToLower(strings.TrimSpace(value)); fixed != value && slices.Contains(o.Allowed, fixed) {
			msg += fmt.Sprintf(" (did you mean %q?)", fixed)
		}
		return errors.New(msg)
	case "number":
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) ||
			(o.Integer && f != math.Trunc(f)) ||
			(o.Min != nil && f < *o.Min) || (o.Max != nil && f > *o.Max) {
			return fmt.Errorf("%s must be %s; got %q", o.Name, o.Expect(), value)
		}
		return nil
	case "bool":
		if value == "true" || value == "false" {
			return nil
		}
		return fmt.Errorf("%s must be true or false; got %q", o.Name, value)
	}
	return fmt.Errorf("option %s has an unknown type %q", o.Name, o.Type)
}

// Expect describes the values the option accepts, in words: "a whole number
// from 1 to 100", `one of "usd", "eur"`.
func (o *Option) Expect() string {
	switch o.Type {
	case "string":
		if len(o.Allowed) == 0 {
			return "a string"
		}
		return "one of " + quoteList(o.Allowed)
	case "bool":
		return "true or false"
	case "number":
		kind := "a number"
		if o.Integer {
			kind = "a whole number"
		}
		switch {
		case o.Min != nil && o.Max != nil:
			return fmt.Sprintf("%s from %s to %s", kind, fmtNum(*o.Min), fmtNum(*o.Max))
		case o.Min != nil:
			return fmt.Sprintf("%s of at least %s", kind, fmtNum(*o.Min))
		case o.Max != nil:
			return fmt.Sprintf("%s of at most %s", kind, fmtNum(*o.Max))
		}
		return kind
	}
	return "a value"
}

func (t *Template) unknownOption(name string) error {
	if len(t.Options) == 0 {
		return fmt.Errorf("template %q has no options; %q is not one", t.Name, name)
	}
	names := make([]string, len(t.Options))
	for i, o := range t.Options {
		names[i] = o.Name
	}
	return fmt.Errorf("template %q has no option %q; its options are %s", t.Name, name, quoteList(names))
}

// OptionValues merges the bot's option values over the defaults and returns
// them as the object the catalog files see as `option`.
func (t *Template) OptionValues(given map[string]string) (cty.Value, []error) {
	var errs []error
	names := make([]string, 0, len(given))
	for name := range given {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := t.ValidateOption(name, given[name]); err != nil {
			errs = append(errs, fmt.Errorf("template %q: %w", t.Name, err))
		}
	}
	attrs := make(map[string]cty.Value, len(t.Options))
	for _, o := range t.Options {
		value, ok := given[o.Name]
		if !ok {
			value = o.Default
		}
		v, err := o.ctyValue(value)
		if err != nil && ok {
			v = cty.NullVal(v.Type()) // already reported above
		} else if err != nil {
			errs = append(errs, fmt.Errorf("template %q: default of %w", t.Name, err))
		}
		attrs[o.Name] = v
	}
	if len(attrs) == 0 {
		return cty.EmptyObjectVal, errs
	}
	return cty.ObjectVal(attrs), errs
}

// ctyValue converts a string value to the option's type; "" is null (unset).
func (o *Option) ctyValue(value string) (cty.Value, error) {
	ty := map[string]cty.Type{"string": cty.String, "number": cty.Number, "bool": cty.Bool}[o.Type]
	if ty == cty.NilType {
		return cty.NullVal(cty.DynamicPseudoType), fmt.Errorf("option %s has an unknown type %q", o.Name, o.Type)
	}
	if value == "" {
		return cty.NullVal(ty), nil
	}
	if err := o.Validate(value); err != nil {
		return cty.NullVal(ty), err
	}
	switch o.Type {
	case "number":
		n, err := cty.ParseNumberVal(strings.TrimSpace(value))
		if err != nil {
			return cty.NullVal(ty), fmt.Errorf("%s must be %s; got %q", o.Name, o.Expect(), value)
		}
		return n, nil
	case "bool":
		return cty.BoolVal(value == "true"), nil
	}
	return cty.StringVal(value), nil
}

func quoteList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return strings.Join(quoted, ", ")
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
