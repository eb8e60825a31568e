package docgen

import (
	"fmt"
	"strings"
	"testing"
)

// parseYAML reads the block-style subset of YAML that a GitHub Actions
// workflow is written in: mappings and sequences by indentation, "- "
// items whose first key shares the dash's line, comments, and scalars,
// which it keeps as their text (a flow mapping such as
// { go-version: "1.26" } stays a string too). It is not a YAML parser:
// it is enough to read the README's recipe without a YAML dependency,
// and it fails on anything it does not understand rather than guess.
func parseYAML(src string) (map[string]any, error) {
	var lines []yamlLine
	for i, text := range strings.Split(src, "\n") {
		text = strings.TrimRight(stripComment(text), " \t")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if strings.Contains(text, "\t") {
			return nil, fmt.Errorf("line %d: a tab", i+1)
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		lines = append(lines, yamlLine{no: i + 1, indent: indent, text: text[indent:]})
	}
	p := &yamlParser{lines: lines}
	m, err := p.mapping(0)
	if err == nil && p.pos < len(p.lines) {
		err = fmt.Errorf("line %d: unexpected %q", p.lines[p.pos].no, p.lines[p.pos].text)
	}
	return m, err
}

type yamlLine struct {
	no, indent int
	text       string
}

type yamlParser struct {
	lines []yamlLine
	pos   int
}

// mapping reads the "key: value" lines at indent.
func (p *yamlParser) mapping(indent int) (map[string]any, error) {
	m := map[string]any{}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent || strings.HasPrefix(l.text, "- ") {
			return nil, fmt.Errorf("line %d: %q is not a key of the mapping at column %d", l.no, l.text, indent+1)
		}
		key, value, ok := strings.Cut(l.text, ":")
		if !ok || (value != "" && value[0] != ' ') {
			return nil, fmt.Errorf("line %d: %q is not key: value", l.no, l.text)
		}
		key = unquote(strings.TrimSpace(key))
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("line %d: key %q twice", l.no, key)
		}
		p.pos++
		if value = strings.TrimSpace(value); value != "" {
			m[key] = unquote(value)
			continue
		}
		child, err := p.block(indent)
		if err != nil {
			return nil, err
		}
		m[key] = child
	}
	return m, nil
}

// block reads the value of a key whose line ends at its colon: a
// sequence or a mapping indented further (a sequence may also start at
// the key's own indent), or nothing.
func (p *yamlParser) block(parent int) (any, error) {
	if p.pos >= len(p.lines) {
		return nil, nil
	}
	l := p.lines[p.pos]
	switch {
	case strings.HasPrefix(l.text, "- ") && l.indent >= parent:
		return p.sequence(l.indent)
	case l.indent > parent:
		return p.mapping(l.indent)
	}
	return nil, nil
}

// sequence reads the "- " items at indent. An item that starts with
// "key:" is a mapping whose keys sit two columns right of the dash.
func (p *yamlParser) sequence(indent int) ([]any, error) {
	var items []any
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent != indent || !strings.HasPrefix(l.text, "- ") {
			break
		}
		rest := strings.TrimLeft(l.text[2:], " ")
		itemIndent := indent + len(l.text) - len(rest)
		if k, _, isKey := strings.Cut(rest, ":"); isKey && !strings.ContainsAny(k, `"'{[ `) {
			// Read the item as the mapping it is, its first key on the
			// dash's line.
			p.lines[p.pos] = yamlLine{no: l.no, indent: itemIndent, text: rest}
			m, err := p.mapping(itemIndent)
			if err != nil {
				return nil, err
			}
			items = append(items, m)
			continue
		}
		items = append(items, unquote(rest))
		p.pos++
	}
	return items, nil
}

// stripComment drops a # comment: a # at the start of the line or after
// a space, outside quotes.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' '):
			return line[:i]
		}
	}
	return line
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

func TestParseYAML(t *testing.T) {
	got, err := parseYAML(`name: ci   # a comment
on: [push]
env:
  A: "1"
jobs:
  build:
    env:
      B: ${{ secrets.X != '' }}
    steps:
      - uses: actions/checkout@v4
      - run: echo "# not a comment"
        if: env.B == 'true'
        env:
          C: c
      - plain
`)
	if err != nil {
		t.Fatal(err)
	}
	job := mapAt(mapAt(got, "jobs"), "build")
	steps, _ := job["steps"].([]any)
	if got["name"] != "ci" || got["on"] != "[push]" || mapAt(got, "env")["A"] != "1" ||
		mapAt(job, "env")["B"] != "${{ secrets.X != '' }}" || len(steps) != 3 {
		t.Fatalf("parsed %#v", got)
	}
	second, _ := steps[1].(map[string]any)
	if second["run"] != `echo "# not a comment"` || second["if"] != "env.B == 'true'" || mapAt(second, "env")["C"] != "c" || steps[2] != "plain" {
		t.Errorf("steps %#v", steps)
	}
	for _, bad := range []string{"a:\n  - b\n  c: d\n", "a: 1\na: 2\n", "a\n", "a:\n\tb: 1\n"} {
		if _, err := parseYAML(bad); err == nil {
			t.Errorf("parseYAML(%q) succeeded", bad)
		}
	}
}
