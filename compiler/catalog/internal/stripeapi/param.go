package stripeapi

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Param resolves a parameter's name as a form or query string writes it:
// "email", "metadata[order]", "line_items[0][price_data][currency]",
// "expand[]". A bracketed key names a property of an object, any key of a
// free-keyed object (metadata), or an index of an array: "[]" or digits.
// ok is false for a name the call does not take, or a malformed one.
//
// Where the schema allows several shapes (metadata is an object, or "" to
// clear it), a key is resolved in each shape that takes it; the Param
// returned then has AnyOf set to what it resolved to in each.
func (op *Operation) Param(name string) (*Param, bool) {
	top, keys, ok := splitName(name)
	if !ok {
		return nil, false
	}
	s, found := op.Params.Properties[top]
	if !found {
		return nil, false
	}
	required := slices.Contains(op.Params.Required, top)
	for _, key := range keys {
		if s, required = s.child(key); s == nil {
			return nil, false
		}
	}
	return &Param{Name: name, Required: required, Schema: s}, true
}

// splitName splits "a[b][c]" into "a" and ["b", "c"]. Like Stripe's form
// parser, it wants a name first, then only bracketed keys.
func splitName(name string) (top string, keys []string, ok bool) {
	top, rest, _ := strings.Cut(name, "[")
	if top == "" || strings.Contains(top, "]") {
		return "", nil, false
	}
	if len(rest) > 0 {
		rest = "[" + rest
	}
	for rest != "" {
		key, after, closed := strings.Cut(rest[1:], "]")
		if rest[0] != '[' || !closed || strings.Contains(key, "[") {
			return "", nil, false
		}
		keys = append(keys, key)
		rest = after
	}
	return top, keys, true
}

// alternatives are the shapes a value may take: the AnyOf branches, or the
// schema itself.
func (s *Schema) alternatives() []*Schema {
	if len(s.AnyOf) == 0 {
		return []*Schema{s}
	}
	var out []*Schema
	for _, alt := range s.AnyOf {
		out = append(out, alt.alternatives()...)
	}
	return out
}

// child resolves one bracketed key below s, in every shape of s that takes
// it; nil when none does. required is whether every object that has the key
// requires it.
func (s *Schema) child(key string) (sub *Schema, required bool) {
	var found []*Schema
	required = true
	for _, alt := range s.alternatives() {
		switch alt.Type {
		case "object":
			if p, ok := alt.Properties[key]; ok {
				found = append(found, p)
				required = required && slices.Contains(alt.Required, key)
			} else if alt.Values != nil {
				found = append(found, alt.Values)
				required = false
			}
		case "array":
			if isIndex(key) {
				found = append(found, alt.Items)
				required = false
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, false
	case 1:
		return found[0], required
	}
	return &Schema{AnyOf: found}, required
}

// isIndex reports whether an array's key is one Stripe's form parser takes:
// "" (as in "expand[]") or a decimal index.
func isIndex(key string) bool {
	return key == "" || strings.Trim(key, "0123456789") == ""
}

// CheckValue checks a literal value against a parameter: integers,
// numbers, booleans, enums, lengths and formats, as the form encodes them
// (the text "42", "true"). It returns "" when Stripe takes the value, and
// otherwise what the parameter wants, in words for a diagnostic: "must be an
// integer", `must be one of "draft", "open" or "paid"`. An object or an
// array takes no literal: its fields are sent under bracketed names.
func CheckValue(p *Param, literal string) string {
	alts := p.Schema.alternatives()
	for _, s := range alts {
		if accepts(s, literal) {
			return ""
		}
	}
	// Plain values first: "an integer or an object, sent as …" reads
	// better than the other way round.
	var plain, nested []string
	for _, s := range alts {
		w := describe(s, p.Name)
		switch {
		case slices.Contains(plain, w) || slices.Contains(nested, w):
		case s.Type == "object" || s.Type == "array":
			nested = append(nested, w)
		default:
			plain = append(plain, w)
		}
	}
	return "must be " + orList(append(plain, nested...))
}

var (
	numberPattern  = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
	decimalPattern = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
)

func accepts(s *Schema, v string) bool {
	switch s.Type {
	case "integer":
		_, err := strconv.ParseInt(v, 10, 64)
		return err == nil
	case "number":
		// ParseFloat alone would take "NaN", "Inf" and "0x1p4" too.
		_, err := strconv.ParseFloat(v, 64)
		return err == nil && numberPattern.MatchString(v)
	case "boolean":
		return v == "true" || v == "false"
	case "string":
		if len(s.Enum) > 0 {
			return slices.Contains(s.Enum, v)
		}
		if s.MaxLength > 0 && utf8.RuneCountInString(v) > s.MaxLength {
			return false
		}
		switch s.Format {
		case "decimal":
			return decimalPattern.MatchString(v)
		case "currency":
			return len(v) == 3 && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
		}
		return true
	}
	return false // an object or an array
}

// describe says what a shape takes, for CheckValue's message.
func describe(s *Schema, name string) string {
	switch s.Type {
	case "integer":
		if s.Format == "unix-time" {
			return "an integer (a Unix time, in seconds)"
		}
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "string":
		switch {
		case len(s.Enum) == 1:
			return strconv.Quote(s.Enum[0])
		case len(s.Enum) > 10:
			return fmt.Sprintf("one of %d values such as %s, …", len(s.Enum), strings.Join(quoteAll(s.Enum[:5]), ", "))
		case len(s.Enum) > 0:
			return "one of " + orList(quoteAll(s.Enum))
		case s.Format == "decimal":
			return "a decimal number"
		case s.Format == "currency":
			return "a three-letter currency code"
		case s.MaxLength > 0:
			return fmt.Sprintf("a string of at most %d characters", s.MaxLength)
		}
		return "a string"
	case "object":
		return fmt.Sprintf("an object, sent as fields %s[…]", name)
	case "array":
		return fmt.Sprintf("a list, sent as items %s[0], %s[1], …", name, name)
	}
	return "a value of type " + s.Type
}

func quoteAll(values []string) []string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return quoted
}

// orList joins items as a sentence does: "a, b or c".
func orList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
