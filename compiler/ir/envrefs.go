package ir

import "strings"

// addEnvRefs adds to used every env variable that d's texts use: in
// {{…}} templates of any text, and anywhere in a script.
func (d *Dialog) addEnvRefs(used map[string]bool) {
	texts := append([]string{d.Name, d.Description}, d.Utterances...)
	for _, n := range d.Nodes {
		AddScriptEnvRefs(n.Script, used)
		texts = append(texts, n.Message)
		if e := n.Entity; e != nil {
			texts = append(append(texts, e.Prompt, e.ErrorPrompt), e.AllowedValues...)
		}
		if s := n.Service; s != nil {
			texts = append(texts, s.URL)
			for _, f := range s.Form {
				texts = append(texts, f.Name, f.Value)
			}
			for _, h := range s.Headers {
				texts = append(texts, h.Name, h.Value)
			}
		}
	}
	for _, t := range texts {
		AddTemplateEnvRefs(t, used)
	}
}

// AddTemplateEnvRefs adds to used the name of every env variable that a
// {{…}} template of the text s uses.
func AddTemplateEnvRefs(s string, used map[string]bool) {
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			return
		}
		s = s[open+2:]
		end := strings.Index(s, "}}")
		if end < 0 {
			return
		}
		AddScriptEnvRefs(s[:end], used)
		s = s[end+2:]
	}
}

// AddScriptEnvRefs adds to used every env.NAME of the JavaScript text s:
// "env." where no identifier character or "." comes before it (so not
// x.env.NAME or myenv.NAME), followed by an identifier.
func AddScriptEnvRefs(s string, used map[string]bool) {
	for i := 0; ; {
		k := strings.Index(s[i:], "env.")
		if k < 0 {
			return
		}
		at := i + k
		i = at + len("env.")
		if at > 0 && (isIdentChar(s[at-1]) || s[at-1] == '.') {
			continue
		}
		end := i
		for end < len(s) && isIdentChar(s[end]) {
			end++
		}
		if end > i && !isDigit(s[i]) {
			used[s[i:end]] = true
		}
	}
}

// isIdentChar reports whether c may appear in a JavaScript identifier
// (ASCII only, as env variable names are).
func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
