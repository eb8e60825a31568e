package ir

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// textKind says how the platform reads a text: a script is JavaScript, any
// other text is shown or sent with its {{…}} templates filled in.
type textKind int

const (
	templateText textKind = iota
	scriptText
	// authorizationText is the value of a service's Authorization header:
	// a template, and the one place a secured env variable may be used.
	authorizationText
)

// forEachText calls f with every text of d that the platform fills in or
// runs, where it is (for a message) and how it is read.
func (d *Dialog) forEachText(f func(where, s string, kind textKind)) {
	at := "dialog " + strconv.Quote(d.Key)
	f(at+": name", d.Name, templateText)
	f(at+": description", d.Description, templateText)
	for _, u := range d.Utterances {
		f(at+": utterance", u, templateText)
	}
	for _, n := range d.Nodes {
		node := at + ": node " + strconv.Quote(n.Name)
		f(node+": script", n.Script, scriptText)
		f(node+": message", n.Message, templateText)
		f(node+": confirmation", n.Confirmation, templateText)
		if e := n.Entity; e != nil {
			f(node+": prompt", e.Prompt, templateText)
			f(node+": error prompt", e.ErrorPrompt, templateText)
			for _, v := range e.AllowedValues {
				f(node+": allowed value", v, templateText)
			}
		}
		if s := n.Service; s != nil {
			f(node+": URL", s.URL, templateText)
			for _, p := range s.Form {
				f(node+": form field name", p.Name, templateText)
				f(node+": form field "+strconv.Quote(p.Name), p.Value, templateText)
			}
			for _, h := range s.Headers {
				f(node+": header name", h.Name, templateText)
				kind := templateText
				if strings.EqualFold(h.Name, "Authorization") {
					kind = authorizationText
				}
				f(node+": header "+strconv.Quote(h.Name), h.Value, kind)
			}
		}
		for _, t := range n.Transitions {
			if c := t.If; c != nil {
				f(node+": transition condition", c.Context, templateText)
				f(node+": transition condition", c.Value, templateText)
			}
		}
	}
}

// addEnvRefs adds to used every env variable that d's texts use: in
// {{…}} templates of any text, and anywhere in a script.
func (d *Dialog) addEnvRefs(used map[string]bool) {
	d.forEachText(func(_, s string, kind textKind) { addEnvRefsOf(s, kind, used) })
}

func addEnvRefsOf(s string, kind textKind, used map[string]bool) {
	if kind == scriptText {
		AddScriptEnvRefs(s, used)
	} else {
		AddTemplateEnvRefs(s, used)
	}
}

// checkSecuredUses reports every use of a secured env variable outside
// the Authorization header of a service: the platform fills a template in
// before it shows or sends the text, and a script may message what it
// reads, so anywhere else the bot would tell the secret to whoever talks
// to it. The bot's own texts count too, though the platform is not known
// to fill them in: a secret has no business there either.
func (c *checker) checkSecuredUses(b *Bot) {
	secured := map[string]bool{}
	for _, v := range b.EnvVars {
		if v.Secured {
			secured[v.Key] = true
		}
	}
	if len(secured) == 0 {
		return
	}
	check := func(where, s string, kind textKind) {
		if kind == authorizationText || !strings.Contains(s, "env") {
			return
		}
		used := map[string]bool{}
		addEnvRefsOf(s, kind, used)
		for _, name := range slices.Sorted(maps.Keys(used)) {
			if secured[name] {
				c.report("%s: uses the secured env variable %s, which only a service's Authorization header may use", where, name)
			}
		}
	}
	check("bot name", b.Name, templateText)
	check("bot description", b.Description, templateText)
	for _, p := range b.AuthProfiles {
		at := "auth profile " + strconv.Quote(p.Name)
		check(at+": description", p.Description, templateText)
		check(at+": base URL", p.BaseURL, templateText)
		check(at+": authorization check URL", p.AuthorizationCheckURL, templateText)
	}
	for _, v := range b.EnvVars {
		if !v.Secured {
			check("env variable "+strconv.Quote(v.Key), v.Value, templateText)
		}
	}
	for i := range b.Dialogs {
		b.Dialogs[i].forEachText(check)
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

// AddScriptEnvRefs adds to used every env variable the JavaScript text s
// names: env.NAME, or env["NAME"] with any quotes and spaces, where no
// identifier character or "." comes before "env" (so not x.env.NAME or
// myenv.NAME).
func AddScriptEnvRefs(s string, used map[string]bool) {
	for i := 0; ; {
		k := strings.Index(s[i:], "env")
		if k < 0 {
			return
		}
		at := i + k
		i = at + len("env")
		if at > 0 && (isIdentChar(s[at-1]) || s[at-1] == '.') {
			continue
		}
		rest := strings.TrimLeft(s[i:], " \t\r\n")
		switch {
		case strings.HasPrefix(rest, "."):
			rest = strings.TrimLeft(rest[1:], " \t\r\n")
			end := 0
			for end < len(rest) && isIdentChar(rest[end]) {
				end++
			}
			if end > 0 && !isDigit(rest[0]) {
				used[rest[:end]] = true
			}
		case strings.HasPrefix(rest, "["):
			rest = strings.TrimLeft(rest[1:], " \t\r\n")
			if rest == "" || !strings.ContainsRune("\"'`", rune(rest[0])) {
				continue
			}
			quote := rest[0]
			if end := strings.IndexByte(rest[1:], quote); end > 0 {
				used[rest[1:1+end]] = true
			}
		}
	}
}

// isIdentChar reports whether c may appear in a JavaScript identifier
// (ASCII only, as env variable names are).
func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
