package review

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// This file holds the string helpers of the page: reading {{…}}
// templates, URLs and form bodies as the platform would, so that the page
// shows them decoded, and the small phrasings the page repeats.

var envRefPattern = regexp.MustCompile(`\{\{\s*env\.([A-Za-z0-9_$]+)\s*\}\}`)

// envRefs lists the env variables a template names, in order.
func envRefs(s string) []string {
	var out []string
	for _, m := range envRefPattern.FindAllStringSubmatch(s, -1) {
		out = appendUnique(out, m[1])
	}
	return out
}

var contextVarPattern = regexp.MustCompile(`^\{\{\s*context\.([A-Za-z_$][A-Za-z0-9_$]*)\s*\}\}$`)

// contextVar reports whether s is exactly one {{context.x}} template.
func contextVar(s string) (string, bool) {
	m := contextVarPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// contextAssignment finds assignments to a context variable in a script:
// context.x = … or context["x"] = … (not a comparison, ==).
var contextAssignment = regexp.MustCompile(`context\s*(?:\.\s*([A-Za-z_$][A-Za-z0-9_$]*)|\[\s*["']([^"']+)["']\s*\])\s*=(?:[^=]|$)`)

// assigners lists the script nodes of d that set context.<v>: a body or
// message that is a single template is only as good as the script that
// fills it in.
func assigners(d ir.Dialog, v string) []string {
	var out []string
	for _, n := range d.Nodes {
		// A match names v only if v is in the script: most scripts are
		// skipped without running the pattern.
		if n.Type == ir.NodeScript && strings.Contains(n.Script, v) && assigns(n.Script, v) {
			out = append(out, n.Name)
		}
	}
	return out
}

// assigns reports whether script sets context.<v>, v a name (never ""). It
// takes the matches of contextAssignment left to right, as FindAll would,
// but stops at the first that names v.
func assigns(script, v string) bool {
	for {
		m := contextAssignment.FindStringSubmatchIndex(script)
		if m == nil {
			return false
		}
		// Groups 1 and 2 are the name after "." or inside [""].
		if m[2] >= 0 && script[m[2]:m[3]] == v || m[4] >= 0 && script[m[4]:m[5]] == v {
			return true
		}
		// The pattern looks behind nothing, so the rest of the script
		// matches as it would in place.
		script = script[m[1]:]
	}
}

// shortURL drops a leading base-URL template, for the summary table:
// "{{env.stripe_base_url}}/v1/customers" → "/v1/customers".
func shortURL(u string) string {
	if strings.HasPrefix(u, "{{") {
		if end := strings.Index(u, "}}"); end >= 0 && strings.HasPrefix(u[end+2:], "/") {
			return u[end+2:]
		}
	}
	return u
}

// queryParams splits a URL's query into decoded name/value pairs, in
// order. Separators inside {{…}} templates do not count.
func queryParams(u string) [][2]string {
	i := indexOutsideTemplates(u, "?")
	if i < 0 {
		return nil
	}
	query := u[i+1:]
	if j := indexOutsideTemplates(query, "#"); j >= 0 {
		query = query[:j]
	}
	return splitForm(query)
}

// splitForm splits "a=1&b=x%20y" into decoded pairs. A part that does not
// decode is shown raw rather than dropped.
func splitForm(s string) [][2]string {
	var out [][2]string
	for _, part := range splitOutsideTemplates(s, '&') {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		out = append(out, [2]string{decodeForm(name), decodeForm(value)})
	}
	return out
}

func decodeForm(s string) string {
	if strings.Contains(s, "{{") {
		return s // a template; "+" in it is JavaScript, not a space
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// indexOutsideTemplates is strings.Index for a separator, skipping
// {{…}} templates, whose JavaScript may contain it.
func indexOutsideTemplates(s, sep string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			depth++
			i++
		case strings.HasPrefix(s[i:], "}}") && depth > 0:
			depth--
			i++
		case depth == 0 && strings.HasPrefix(s[i:], sep):
			return i
		}
	}
	return -1
}

func splitOutsideTemplates(s string, sep byte) []string {
	var parts []string
	for {
		i := indexOutsideTemplates(s, string(sep))
		if i < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i])
		s = s[i+1:]
	}
}

func joinCode(names []string) string {
	var out []string
	for _, n := range names {
		out = append(out, code(n))
	}
	return strings.Join(out, " and ")
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func orNotSet(s string) string {
	if s == "" {
		return "*(not set)*"
	}
	return cellCode(s)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
