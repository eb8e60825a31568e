package config

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// document is the JSON form of a bot directory, the instance that
// config.schema.json validates, together with where in the HCL every value
// came from.
type document struct {
	root map[string]any
	// places maps a JSON pointer to the source of the value at that pointer.
	places map[string]place
	// sensitive pointers hold placeholders instead of their values, and no
	// diagnostic may quote what is there.
	sensitive map[string]bool
	// skip holds pointers whose problems are already reported (the
	// attribute did not evaluate) or not yet knowable (no value yet).
	skip map[string]bool
	// sources holds the bytes of the parsed files, by filename.
	sources map[string][]byte
}

// place is where a document value was written: an attribute, a block or
// an element of a list. It keeps the syntax rather than its ranges, which
// only a diagnostic needs: most values draw none, and the document records
// the place of every value.
type place struct {
	attr  *hcl.Attribute
	block *hcl.Block
	elem  hcl.Expression
}

// subject is what a diagnostic about the value underlines: the value
// expression of an attribute, the header of a block.
func (p place) subject() hcl.Range {
	switch {
	case p.attr != nil:
		return p.attr.Expr.Range()
	case p.block != nil:
		return p.block.DefRange
	case p.elem != nil:
		return p.elem.Range()
	}
	return hcl.Range{}
}

// name is the attribute name or block type (and labels).
func (p place) name() hcl.Range {
	switch {
	case p.attr != nil:
		return p.attr.NameRange
	case p.block != nil:
		if n := len(p.block.LabelRanges); n > 0 {
			return hcl.RangeBetween(p.block.TypeRange, p.block.LabelRanges[n-1])
		}
		return p.block.TypeRange
	case p.elem != nil:
		return p.elem.Range()
	}
	return hcl.Range{}
}

// whole is the attribute as a whole, or the block header.
func (p place) whole() hcl.Range {
	switch {
	case p.attr != nil:
		return p.attr.Range
	case p.block != nil:
		return p.block.DefRange
	case p.elem != nil:
		return p.elem.Range()
	}
	return hcl.Range{}
}

// sensitivePlaceholder stands in for a sensitive value in the document: the
// schema checks its presence and type, never its content.
const sensitivePlaceholder = "(sensitive)"

func newDocument() *document {
	return &document{root: map[string]any{}, places: map[string]place{}, sensitive: map[string]bool{}, sources: map[string][]byte{}, skip: map[string]bool{}}
}

// pointer builds a JSON pointer from unescaped tokens.
func pointer(tokens ...string) string {
	n := 0
	for _, t := range tokens {
		n += 1 + len(t)
	}
	var b strings.Builder
	b.Grow(n) // the length unless a token needs escaping
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// child is pointer(append(tokens, token)...) for ptr = pointer(tokens...).
func child(ptr, token string) string {
	return ptr + "/" + escapeToken(token)
}

func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// object returns the object at the pointer tokens, creating the path.
func (d *document) object(tokens ...string) map[string]any {
	m := d.root
	for _, t := range tokens {
		next, ok := m[t].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[t] = next
		}
		m = next
	}
	return m
}

// setBlock records a block's place and returns its (new) body object and
// its pointer.
func (d *document) setBlock(block *hcl.Block, tokens ...string) (map[string]any, string) {
	obj := d.object(tokens...)
	ptr := pointer(tokens...)
	d.places[ptr] = blockPlace(block)
	return obj, ptr
}

func blockPlace(block *hcl.Block) place { return place{block: block} }

func attrPlace(attr *hcl.Attribute) place { return place{attr: attr} }

// setValue stores an evaluated attribute value at obj[name] and records
// where it came from, element by element where the expression allows.
// A value that holds a marked (sensitive) value anywhere becomes a
// placeholder as a whole.
func (d *document) setValue(obj map[string]any, ptr string, name string, attr *hcl.Attribute, val cty.Value) {
	if val.ContainsMarked() {
		d.setSensitive(obj, ptr, name, attr)
		return
	}
	d.setPlain(obj, ptr, name, attr, val)
}

// setSensitive records an attribute whose value holds a sensitive value:
// the document holds a placeholder for it.
func (d *document) setSensitive(obj map[string]any, ptr string, name string, attr *hcl.Attribute) {
	d.places[ptr] = attrPlace(attr)
	d.sensitive[ptr] = true
	obj[name] = sensitivePlaceholder
}

// setPlain stores an attribute value that holds no mark, as setValue does,
// and reports whether the value is wholly known.
func (d *document) setPlain(obj map[string]any, ptr string, name string, attr *hcl.Attribute, val cty.Value) bool {
	d.places[ptr] = attrPlace(attr)
	v, known := d.jsonValue(ptr, val, attr.Expr)
	obj[name] = v
	return known
}

// jsonValue converts an unmarked cty value to the generic JSON form
// jsonschema validates. Unknown values (variables without a value) become
// null so that the schema checks the shape of what is known. Element places
// are recorded for tuple and object constructor expressions so a bad list
// item is underlined precisely. It reports whether the value is wholly
// known (val.IsWhollyKnown()), which it finds out on the way.
func (d *document) jsonValue(ptr string, val cty.Value, expr hcl.Expression) (any, bool) {
	// A collection that is partly unknown is converted element by element,
	// so that the schema checks the parts that are known.
	if !val.IsKnown() {
		return nil, false
	}
	if val.IsNull() {
		return nil, true
	}
	ty := val.Type()
	switch {
	case ty == cty.String:
		return val.AsString(), true
	case ty == cty.Number:
		return numberJSON(val.AsBigFloat()), true
	case ty == cty.Bool:
		return val.True(), true
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		elems := elementExprs(expr)
		out := make([]any, 0, val.LengthInt())
		known := true
		i := 0
		for it := val.ElementIterator(); it.Next(); i++ {
			_, ev := it.Element()
			ep := ptr + "/" + strconv.Itoa(i)
			var sub hcl.Expression
			if i < len(elems) {
				sub = elems[i]
				d.places[ep] = place{elem: sub}
			}
			v, k := d.jsonValue(ep, ev, sub)
			out = append(out, v)
			known = known && k
		}
		return out, known
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		known := true
		for it := val.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			key := k.AsString()
			v, ok := d.jsonValue(child(ptr, key), ev, nil)
			out[key] = v
			known = known && ok
		}
		return out, known
	default:
		return nil, true
	}
}

func numberJSON(f *big.Float) any {
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return float64(i)
		}
	}
	v, _ := f.Float64()
	return v
}

// elementExprs returns the item expressions of a tuple constructor, or nil.
func elementExprs(expr hcl.Expression) []hcl.Expression {
	if expr == nil {
		return nil
	}
	items, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil
	}
	return items
}

// placeOf finds the place of the value at ptr, or of its nearest recorded
// ancestor, so every schema error can be located.
func (d *document) placeOf(ptr string) (place, bool) {
	for {
		if p, ok := d.places[ptr]; ok {
			return p, true
		}
		if ptr == "" {
			return place{}, false
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return place{}, false
		}
		ptr = ptr[:i]
	}
}
