package kore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"
)

// checkReader reads botDefinition.json for Check in one pass: it checks
// the syntax, fills in the parts Check verifies (checkedDefinition), and
// collects the env variables that string values use. Check runs on every
// export xoc writes, so this replaces what used to be two full decodes
// (one into the typed struct, one into map[string]any for the env
// variables) and regular expressions over every string: profiled, the
// self-check was half the CPU time of a build.
//
// It decodes as encoding/json would into checkedDefinition (unknown keys
// ignored, null leaves a field as it is, the last of duplicate keys
// wins, a value of the wrong type is an error), except that keys match
// exactly rather than case-insensitively.
type checkReader struct {
	data  []byte
	pos   int
	depth int
	err   error
	// used collects the names of the env variables the strings use.
	used map[string]bool
	// envHints are the offsets, ascending, where "env" or a
	// percent-encoded letter of it starts (see envHints); next is the
	// first one not yet behind the reader.
	envHints []int
	next     int
}

// maxCheckDepth bounds nesting, as encoding/json does.
const maxCheckDepth = 10000

func readDefinition(data []byte) (*checkedDefinition, map[string]bool, error) {
	r := &checkReader{data: data, used: map[string]bool{}, envHints: envHints(data)}
	def := &checkedDefinition{}
	r.object("", func(name string) bool {
		switch name {
		case "dialogs":
			def.Dialogs = def.Dialogs[:0]
			return r.array(name, func() {
				def.Dialogs = append(def.Dialogs, checkedDialog{})
				r.dialog(&def.Dialogs[len(def.Dialogs)-1])
			})
		case "dialogComponents":
			def.DialogComponents = def.DialogComponents[:0]
			return r.array(name, func() {
				def.DialogComponents = append(def.DialogComponents, checkedComponent{})
				r.component(&def.DialogComponents[len(def.DialogComponents)-1])
			})
		case "idpConfigurations":
			def.IdpConfigurations = def.IdpConfigurations[:0]
			return r.array(name, func() {
				def.IdpConfigurations = append(def.IdpConfigurations, checkedProfile{})
				p := &def.IdpConfigurations[len(def.IdpConfigurations)-1]
				r.object(name, func(field string) bool {
					if field == "name" {
						return r.stringField(field, &p.Name)
					}
					return false
				})
			})
		}
		return false
	})
	r.skipSpace()
	if r.err == nil && r.pos < len(r.data) {
		r.fail("invalid character %s after top-level value", quoteChar(r.data[r.pos]))
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return def, r.used, nil
}

func (r *checkReader) dialog(d *checkedDialog) {
	r.object("dialogs", func(name string) bool {
		switch name {
		case "_id":
			return r.stringField(name, &d.ID)
		case "lname":
			return r.stringField(name, &d.Lname)
		case "nodes":
			d.Nodes = d.Nodes[:0]
			return r.array(name, func() {
				d.Nodes = append(d.Nodes, checkedNode{})
				r.node(&d.Nodes[len(d.Nodes)-1])
			})
		}
		return false
	})
}

func (r *checkReader) node(n *checkedNode) {
	r.object("nodes", func(name string) bool {
		switch name {
		case "nodeId":
			return r.stringField(name, &n.NodeID)
		case "type":
			return r.stringField(name, &n.Type)
		case "componentId":
			return r.stringField(name, &n.ComponentID)
		case "transitions":
			n.Transitions = n.Transitions[:0]
			return r.array(name, func() {
				n.Transitions = append(n.Transitions, checkedTransition{})
				t := &n.Transitions[len(n.Transitions)-1]
				r.object(name, func(field string) bool {
					switch field {
					case "if":
						// Any value, null included, is a condition
						// (json.RawMessage keeps even null).
						t.If = true
						return false
					case "then":
						return r.optionalString(field, &t.Then)
					case "default":
						return r.optionalString(field, &t.Default)
					}
					return false
				})
			})
		}
		return false
	})
}

func (r *checkReader) component(c *checkedComponent) {
	r.object("dialogComponents", func(name string) bool {
		switch name {
		case "_id":
			return r.stringField(name, &c.ID)
		case "name":
			return r.stringField(name, &c.Name)
		case "type":
			return r.stringField(name, &c.Type)
		case "idp":
			return r.stringField(name, &c.Idp)
		case "dialogId":
			return r.stringField(name, &c.DialogID)
		}
		return false
	})
}

func (r *checkReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format+" (offset %d)", append(args, r.pos)...)
	}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := fmt.Sprintf("%q", c)
	return "'" + s[1:len(s)-1] + "'"
}

func (r *checkReader) skipSpace() {
	d, i := r.data, r.pos
	for i < len(d) && d[i] <= ' ' && isSpace[d[i]] {
		i++
	}
	r.pos = i
}

// isSpace marks JSON's whitespace bytes.
var isSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// peek returns the next non-space byte, or 0 at the end.
func (r *checkReader) peek() byte {
	r.skipSpace()
	if r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

// object reads an object (or null). member is called with each key, with
// the reader at the member's value; it reads the value and returns true,
// or returns false to have it read generically. key is the key the object
// is the value of, for the env scan of values member leaves alone.
func (r *checkReader) object(key string, member func(name string) bool) {
	if r.err != nil {
		return
	}
	switch r.peek() {
	case 'n':
		r.literal("null")
		return
	case '{':
	default:
		r.typeError("an object")
		return
	}
	if r.depth++; r.depth > maxCheckDepth {
		r.fail("exceeded max depth")
		return
	}
	defer func() { r.depth-- }()
	r.pos++
	if r.peek() == '}' {
		r.pos++
		return
	}
	for r.err == nil {
		if r.peek() != '"' {
			r.syntaxError("looking for beginning of object key string")
			return
		}
		name, ok := r.key()
		if !ok {
			return
		}
		if r.peek() != ':' {
			r.syntaxError("after object key")
			return
		}
		r.pos++
		if member == nil || !member(name) {
			r.value(name)
		}
		if r.err != nil {
			return
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return
		default:
			r.syntaxError("after object key:value pair")
			return
		}
	}
}

// array reads an array (or null), calling elem at each element, and
// returns true.
func (r *checkReader) array(key string, elem func()) bool {
	if r.err != nil {
		return true
	}
	switch r.peek() {
	case 'n':
		r.literal("null")
		return true
	case '[':
	default:
		r.typeError("an array")
		return true
	}
	if r.depth++; r.depth > maxCheckDepth {
		r.fail("exceeded max depth")
		return true
	}
	defer func() { r.depth-- }()
	r.pos++
	if r.peek() == ']' {
		r.pos++
		return true
	}
	for r.err == nil {
		if elem != nil {
			elem()
		} else {
			r.value(key)
		}
		if r.err != nil {
			return true
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return true
		default:
			r.syntaxError("after array element")
			return true
		}
	}
	return true
}

// value reads any value; strings in it are scanned for env variables
// under the nearest object key (arrays pass theirs on to their elements).
func (r *checkReader) value(key string) {
	if r.err != nil {
		return
	}
	switch c := r.peek(); {
	case c == '{':
		r.object(key, nil)
	case c == '[':
		r.array(key, nil)
	case c == '"':
		r.stringToken(key, true, false)
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		r.number()
	case c == 0:
		r.fail("unexpected end of JSON input")
	default:
		r.syntaxError("looking for beginning of value")
	}
}

// stringField reads a string (or null, which leaves *dst as it is) and
// returns true.
func (r *checkReader) stringField(key string, dst *string) bool {
	switch r.peek() {
	case '"':
		if s, ok := r.stringToken(key, true, true); ok {
			*dst = s
		}
	case 'n':
		r.literal("null")
	default:
		r.typeError("a string")
	}
	return true
}

// optionalString reads a string into a new *dst, or null into nil, and
// returns true.
func (r *checkReader) optionalString(key string, dst **string) bool {
	if r.peek() == 'n' {
		r.literal("null")
		*dst = nil
		return true
	}
	var s string
	r.stringField(key, &s)
	*dst = &s
	return true
}

func (r *checkReader) typeError(want string) {
	if r.pos >= len(r.data) {
		r.fail("unexpected end of JSON input")
		return
	}
	// Tell a value of the wrong type from a syntax error.
	start := r.pos
	r.value("")
	if r.err == nil {
		r.pos = start
		r.fail("cannot read a %s value as %s", jsonKind(r.data[start]), want)
	}
}

func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	default:
		return "number"
	}
}

func (r *checkReader) syntaxError(context string) {
	if r.pos >= len(r.data) {
		r.fail("unexpected end of JSON input")
		return
	}
	r.fail("invalid character %s %s", quoteChar(r.data[r.pos]), context)
}

func (r *checkReader) literal(word string) {
	if !bytes.HasPrefix(r.data[r.pos:], []byte(word)) {
		for i := 0; i < len(word); i++ {
			if r.pos+i >= len(r.data) {
				r.pos += i
				r.fail("unexpected end of JSON input")
				return
			}
			if r.data[r.pos+i] != word[i] {
				r.pos += i
				r.syntaxError("in literal " + word)
				return
			}
		}
	}
	r.pos += len(word)
}

func (r *checkReader) number() {
	d, i := r.data, r.pos
	digits := func() bool {
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		r.pos = i
		r.syntaxError("in numeric literal")
		return
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			r.pos = i
			r.syntaxError("after decimal point in numeric literal")
			return
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			r.pos = i
			r.syntaxError("in exponent of numeric literal")
			return
		}
	}
	r.pos = i
}

// key reads an object key. Only the keys Check reads, and "script"
// (for the env scan), matter; every other key reads as "", which saves
// making a string of each of the thousands of keys of an export.
func (r *checkReader) key() (string, bool) {
	start := r.pos
	if _, ok := r.stringToken("", false, false); !ok {
		return "", false
	}
	raw := r.data[start+1 : r.pos-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if err := json.Unmarshal(r.data[start:r.pos], &s); err != nil {
			r.fail("%v", err)
			return "", false
		}
		raw = []byte(s)
	}
	return knownKeys[string(raw)], true // no allocation: the compiler sees to that
}

// knownKeys are the keys key returns as themselves.
var knownKeys = map[string]string{}

func init() {
	for _, k := range []string{"dialogs", "dialogComponents", "idpConfigurations", "_id", "lname", "nodes",
		"nodeId", "type", "componentId", "transitions", "if", "then", "default", "name", "idp", "dialogId", "script"} {
		knownKeys[k] = k
	}
}

// stringToken reads a string at r.pos. With scan, the string is a value
// under key and is scanned for env variables. The Go string is only made
// when needed (need: a key or a typed field) or when it may use env.
func (r *checkReader) stringToken(key string, scan, need bool) (string, bool) {
	d := r.data
	start := r.pos + 1
	i := start
	escaped := false
	// Fast path, which most strings take: no escape up to the closing
	// quote, found with IndexByte, and no control character before it.
	if k := bytes.IndexByte(d[start:], '"'); k >= 0 && bytes.IndexByte(d[start:start+k], '\\') < 0 {
		i = start + k
		for j := start; j < i; j++ {
			if d[j] < 0x20 {
				r.pos = j
				r.syntaxError("in string literal")
				return "", false
			}
		}
	}
	for {
		if i >= len(d) {
			r.pos = i
			r.fail("unexpected end of JSON input")
			return "", false
		}
		c := d[i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			r.pos = i
			r.syntaxError("in string literal")
			return "", false
		}
		if c == '\\' {
			escaped = true
			if i+1 >= len(d) {
				r.pos = i + 1
				r.fail("unexpected end of JSON input")
				return "", false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(d) || !isHexDigit(d[i+k]) {
						r.pos = min(i+k, len(d))
						r.syntaxError("in \\u hexadecimal character escape")
						return "", false
					}
				}
				i += 6
			default:
				r.pos = i + 1
				r.syntaxError("in string escape code")
				return "", false
			}
			continue
		}
		i++
	}
	raw := d[start:i]
	r.pos = i + 1
	scan = scan && (escaped || r.hintWithin(start, i))
	if !need && !scan {
		return "", true
	}
	var s string
	if escaped || !utf8.Valid(raw) {
		// Rare in an export (quotes inside a header's JSON): let
		// encoding/json do the unescaping, surrogates and invalid UTF-8
		// included.
		if err := json.Unmarshal(d[start-1:i+1], &s); err != nil {
			r.fail("%v", err)
			return "", false
		}
	} else {
		s = string(raw)
	}
	if scan {
		scanEnvRefs(s, key, r.used)
	}
	return s, true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// envHints lists, ascending, the offsets in data where "env" starts or a
// letter of it is percent-encoded (e is %65, n is %6E, v is %76;
// DecodeURIComponent rejects overlong UTF-8, so no other bytes decode to
// them). A string value, or its URI-decoded form, can only use an env
// variable if one of these lies inside it (or if it has an escape, which
// may hide a letter: \u0065), so the reader decodes and scans only those
// strings, a handful per export, and finds them by looking up the next
// hint instead of searching every string.
func envHints(data []byte) []int {
	var hints []int
	add := func(pattern string, ok func(next byte) bool) {
		for off := 0; ; {
			k := bytes.Index(data[off:], []byte(pattern))
			if k < 0 {
				return
			}
			at := off + k
			if end := at + len(pattern); ok == nil || end < len(data) && ok(data[end]) {
				hints = append(hints, at)
			}
			off = at + 1
		}
	}
	add("env", nil)
	add("%6", func(c byte) bool { return c == '5' || c == 'E' || c == 'e' })
	add("%7", func(c byte) bool { return c == '6' })
	slices.Sort(hints)
	return hints
}

// hintWithin says whether an env hint lies in data[start:end]. Strings
// are read in order, so the hints behind start are passed for good.
func (r *checkReader) hintWithin(start, end int) bool {
	for r.next < len(r.envHints) && r.envHints[r.next] < start {
		r.next++
	}
	return r.next < len(r.envHints) && r.envHints[r.next] < end
}
