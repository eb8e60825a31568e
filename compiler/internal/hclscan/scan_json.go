package hclscan

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// json scans a text in HCL's JSON syntax, token by token as hcl's JSON
// scanner reads it: arrays and objects nest (one level each), numbers are
// checked, and a string that may hold a template is decoded and scanned
// as the template hcl parses it into when it evaluates it, from the depth
// the string is at.
func (s *scanner) json() {
	s.stack = []frame{{kind: frameBody}}
	src := s.src
	for i := 0; i < len(src) && !s.stopped; {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '[' || c == '{':
			kind := frameBracket
			if c == '{' {
				kind = frameBrace
			}
			s.push(kind, 1, i, 1)
			i++
		case c == ']':
			s.closeIf(frameBracket)
			i++
		case c == '}':
			s.closeIf(frameBrace)
			i++
		case c == ',' || c == ':' || c == '=':
			i++
		case c == '"':
			i = s.jsonString(i)
		case c == '-' || c == '+' || c == '.' || '0' <= c && c <= '9':
			end := i + 1
			for end < len(src) && isJSONNumberByte(src[end]) {
				end++
			}
			s.number(i, end)
			i = end
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			for i++; i < len(src) && ('a' <= src[i] && src[i] <= 'z' || 'A' <= src[i] && src[i] <= 'Z' || src[i] == '_'); i++ {
			}
		default:
			return // hcl's scanner stops at a byte it does not know
		}
	}
}

// JSONText checks a JSON text that jsondecode decodes, as JSON checks a
// file but for templates, which it does not read: cty's decoder descends
// a call per level too, and reads numbers as hcl does.
func JSONText(text string) error {
	s := &scanner{file: []byte(text), filename: "jsondecode", src: []byte(text), plainJSON: true}
	s.json()
	if len(s.diags) == 0 {
		return nil
	}
	d := s.diags[0]
	return fmt.Errorf("the JSON text at line %d, column %d: %s: %s", d.Subject.Start.Line, d.Subject.Start.Column, strings.ToLower(d.Summary), strings.TrimSuffix(d.Detail, "."))
}

func isJSONNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// jsonString scans the string token at i, as hcl's JSON scanner ends one
// (at a quote not escaped, or before a control character), and returns
// the offset after it.
func (s *scanner) jsonString(i int) int {
	src := s.src
	j, escaping, template := i+1, false, false
	for ; j < len(src); j++ {
		c := src[j]
		if c < 0x20 {
			break
		}
		if c == '"' && !escaping {
			j++
			break
		}
		// A template needs a $ or a %, possibly written as an escape.
		template = template || c == '$' || c == '%' || escaping && c == 'u'
		escaping = c == '\\' && !escaping
	}
	if template && !s.plainJSON {
		content := src[i+1 : j]
		if len(content) > 0 && content[len(content)-1] == '"' {
			content = content[:len(content)-1]
		}
		if text, offsets, ok := decodeJSONString(content, i+1); ok {
			s.templateText(text, offsets)
		}
	}
	return j
}

// templateText scans a JSON string's decoded text as a template nested
// at the current depth.
func (s *scanner) templateText(text []byte, offsets []int) {
	t := &scanner{file: s.file, filename: s.filename, src: text, offsets: offsets, noCommentEnd: -1}
	t.stack = []frame{{kind: frameBare, base: s.depth}}
	t.depth = s.depth
	t.run()
	s.deepest = max(s.deepest, t.deepest)
	s.diags = append(s.diags, t.diags...)
	if t.stopped || len(s.diags) >= maxScanDiagnostics {
		s.stopped = true
	}
}

// decodeJSONString decodes the content of a JSON string that starts at
// offset from in the file, and maps each decoded byte to the file offset
// of the character or escape it comes from. ok is false for a content
// that hcl's parser rejects, which is then not scanned.
func decodeJSONString(content []byte, from int) (text []byte, offsets []int, ok bool) {
	text = make([]byte, 0, len(content))
	offsets = make([]int, 0, len(content))
	add := func(b []byte, at int) {
		text = append(text, b...)
		for range b {
			offsets = append(offsets, from+at)
		}
	}
	for k := 0; k < len(content); {
		c := content[k]
		if c != '\\' {
			add(content[k:k+1], k)
			k++
			continue
		}
		if k+1 >= len(content) {
			return nil, nil, false
		}
		switch e := content[k+1]; e {
		case '"', '\\', '/':
			add([]byte{e}, k)
		case 'b':
			add([]byte{'\b'}, k)
		case 'f':
			add([]byte{'\f'}, k)
		case 'n':
			add([]byte{'\n'}, k)
		case 'r':
			add([]byte{'\r'}, k)
		case 't':
			add([]byte{'\t'}, k)
		case 'u':
			r, width := jsonEscapedRune(content[k:])
			if width == 0 {
				return nil, nil, false
			}
			add(utf8.AppendRune(nil, r), k)
			k += width
			continue
		default:
			return nil, nil, false
		}
		k += 2
	}
	return text, offsets, true
}

// jsonEscapedRune decodes the \uXXXX escape at the start of b, and the
// low surrogate escape that follows a high one; width 0 if it is none.
func jsonEscapedRune(b []byte) (rune, int) {
	hex := func(b []byte) (rune, bool) {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(b[2:6]), 16, 32)
		return rune(n), err == nil
	}
	r, ok := hex(b)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if low, ok := hex(b[6:]); ok {
			if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
				return pair, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}
