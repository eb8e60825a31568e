// Package review renders a bot's export IR as REVIEW.md, the page a
// reviewer reads in a pull request instead of the URI-encoded JSON of
// botDefinition.json: who the bot is and how it authorizes, its env
// variables, and per dialog task its flow as a Mermaid diagram, the
// prompts, the HTTP calls, the scripts and the messages, all decoded.
//
// The page is GitHub-flavoured Markdown and deterministic: it depends only
// on the IR (slices, never maps, give every order), so an unchanged bot
// leaves it byte for byte unchanged. It never shows the value of a secured
// env variable, even when a build embeds one.
package review

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/kore"
)

// SecuredValue is what the page shows for a secured env variable.
const SecuredValue = "(secured, set on the platform)"

// Render returns the review page of b.
func Render(b *ir.Bot) []byte {
	return render(b, nil)
}

// A Renderer renders review pages as Render does, and remembers the
// section of every dialog task it renders, so that the next bot with the
// same task (the same template, settings and texts, in a bot whose env
// variables and auth profiles say the same of it) copies the section.
// It is safe for concurrent use and keeps every section for as long as it
// lives: use one per build.
type Renderer struct {
	mu       sync.Mutex
	sections map[string]*section
	// spare holds pages handed back by Recycle.
	spare chan []byte
}

// NewRenderer returns a Renderer that remembers nothing yet.
func NewRenderer() *Renderer {
	return &Renderer{sections: map[string]*section{}, spare: make(chan []byte, 8)}
}

// Recycle hands a page the Renderer rendered back to it, to write a later
// page into the same memory: a page is some 25 kB, garbage as soon as it
// is written out. Nothing may use the page afterwards.
func (rr *Renderer) Recycle(page []byte) {
	select {
	case rr.spare <- page[:0]:
	default: // enough kept already
	}
}

// buffer returns a recycled page of at least size bytes' capacity, or a
// new one.
func (rr *Renderer) buffer(size int) []byte {
	if rr != nil {
		select {
		case buf := <-rr.spare:
			if cap(buf) >= size {
				return buf
			}
		default:
		}
	}
	// Some room to spare, so that the page, once recycled, also holds a
	// slightly longer one.
	return make([]byte, 0, size+size/8)
}

// Render is Render with the Renderer's memory: the same bot gives the
// same bytes either way.
func (rr *Renderer) Render(b *ir.Bot) []byte {
	return render(b, rr)
}

// section is a dialog task's part of the page, and the anchors of the
// headings in it before they are numbered (see slugger), which the page's
// anchors count.
type section struct {
	markdown []byte
	slugs    []string
}

func render(b *ir.Bot, memory *Renderer) []byte {
	if b == nil {
		b = &ir.Bot{}
	}
	r := &renderer{bot: scrubSecrets(b), memory: memory}
	return r.render()
}

type renderer struct {
	bot     *ir.Bot
	anchors slugger
	// memory, when set, keeps dialog sections across bots; slugs
	// records the anchors of the section being rendered.
	memory *Renderer
	slugs  *[]string
	// context is what a section may say of the bot around its task, for
	// the section's key (see dialogSection).
	context string
}

// page accumulates Markdown blocks, separated by blank lines.
type page struct{ bytes.Buffer }

func (p *page) block(lines ...string) {
	if p.Len() > 0 {
		p.WriteByte('\n')
	}
	for _, l := range lines {
		p.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			p.WriteByte('\n')
		}
	}
}

func (r *renderer) heading(p *page, level int, plain, markdown string) string {
	p.block(strings.Repeat("#", level) + " " + markdown)
	base := slugBase(plain)
	if r.slugs != nil {
		*r.slugs = append(*r.slugs, base)
	}
	return r.anchors.number(base)
}

// dialogSection renders a dialog task's section on a page of its own, or
// copies it from memory when a bot rendered before had the same section.
// A section starts with a heading block, so it lacks only the blank line
// that separates it from what comes before.
func (r *renderer) dialogSection(i int, d ir.Dialog) (anchor string, markdown []byte) {
	if r.memory == nil {
		var own page
		anchor = r.dialog(&own, i, d)
		return anchor, own.Bytes()
	}
	key := r.sectionKey(i, d)
	r.memory.mu.Lock()
	s := r.memory.sections[key]
	r.memory.mu.Unlock()
	if s == nil {
		var own page
		s = &section{}
		r.slugs = &s.slugs
		anchor = r.dialog(&own, i, d)
		r.slugs = nil
		s.markdown = own.Bytes()
		r.memory.mu.Lock()
		if r.memory.sections[key] == nil {
			r.memory.sections[key] = s
		}
		r.memory.mu.Unlock()
		return anchor, s.markdown
	}
	for k, base := range s.slugs {
		if a := r.anchors.number(base); k == 0 {
			anchor = a
		}
	}
	return anchor, s.markdown
}

// sectionKey identifies all a dialog section depends on: the task (all
// of its IR), its title, and what the section says of the bot's env
// variables and auth profiles (envState, profileState).
func (r *renderer) sectionKey(i int, d ir.Dialog) string {
	if r.context == "" {
		var b strings.Builder
		for _, v := range r.bot.EnvVars {
			fmt.Fprintf(&b, "env %q %t\n", v.Key, v.Secured)
		}
		for _, a := range r.bot.AuthProfiles {
			fmt.Fprintf(&b, "profile %q\n", a.Name)
		}
		b.WriteString("\n")
		r.context = b.String()
	}
	sum := kore.DialogKey(&d)
	return dialogTitle(i, d) + "\x00" + r.context + string(sum[:])
}

func (r *renderer) render() []byte {
	b := r.bot
	var head page
	head.Grow(4 << 10) // the summary and the table of dialog tasks

	name := firstNonEmpty(b.Name, b.Label, "Unnamed bot")
	r.heading(&head, 1, name, text(name))
	head.block("*Review page of the Kore.ai XO export in this folder, generated by xoc from the same model. Do not edit it; change the bot's configuration and rebuild.*")
	if b.Description != "" {
		head.block(text(b.Description))
	}
	head.block(
		"| Bot | |",
		"|---|---|",
		"| Name | "+cell(b.Name)+" |",
		"| Label | "+cellCode(b.Label)+" |",
		"| Language | "+orNotSet(b.Language)+" |",
	)

	r.heading(&head, 2, "Authorization", "Authorization")
	r.authorization(&head)

	r.heading(&head, 2, "Environment variables", "Environment variables")
	if len(b.EnvVars) == 0 {
		head.block("The bot has no env variables.")
	} else {
		rows := []string{"| Key | Value | Hint |", "|---|---|---|"}
		for _, v := range b.EnvVars {
			value := cellCode(v.Value)
			if v.Secured {
				value = SecuredValue
			}
			rows = append(rows, "| "+cellCode(v.Key)+" | "+value+" | "+cell(v.Hint)+" |")
		}
		head.block(rows...)
	}

	r.heading(&head, 2, "Dialog tasks", "Dialog tasks")
	// The table links to the sections below, so those are rendered first:
	// GitHub numbers repeated anchors in page order.
	anchors := make([]string, len(b.Dialogs))
	sections := make([][]byte, len(b.Dialogs))
	for i, d := range b.Dialogs {
		anchors[i], sections[i] = r.dialogSection(i, d)
	}
	if len(b.Dialogs) == 0 {
		head.block("The bot has no dialog tasks.")
	} else {
		rows := []string{"| Dialog task | Template | Nodes | Stripe calls |", "|---|---|---:|---|"}
		for i, d := range b.Dialogs {
			var calls []string
			for _, n := range d.Nodes {
				if n.Type == ir.NodeService && n.Service != nil {
					calls = append(calls, cellCode(strings.ToUpper(n.Service.Method)+" "+shortURL(n.Service.URL)))
				}
			}
			callCell := "none"
			if len(calls) > 0 {
				callCell = strings.Join(calls, "<br>")
			}
			rows = append(rows, fmt.Sprintf("| [%s](#%s) | %s | %d | %s |",
				cell(dialogTitle(i, d)), anchors[i], cellCode(d.Key), len(d.Nodes), callCell))
		}
		head.block(rows...)
	}

	size := head.Len()
	for _, s := range sections {
		size += len("\n") + len(s)
	}
	out := append(r.memory.buffer(size), head.Bytes()...)
	for _, s := range sections {
		out = append(out, '\n')
		out = append(out, s...)
	}
	return out
}

// authorization says how the bot's calls are authorized, read off the IR:
// auth profiles mean the end user signs in; an Authorization header that
// names an env variable means the bot's own key.
func (r *renderer) authorization(p *page) {
	b := r.bot
	var keyVars []string
	services := 0
	for _, d := range b.Dialogs {
		for _, n := range d.Nodes {
			if n.Service == nil {
				continue
			}
			services++
			for _, h := range n.Service.Headers {
				if strings.EqualFold(h.Name, "Authorization") {
					for _, v := range envRefs(h.Value) {
						keyVars = appendUnique(keyVars, v)
					}
				}
			}
		}
	}
	said := false
	if len(b.AuthProfiles) > 0 {
		said = true
		p.block("**User-authorized.** Each end user signs in with their own credentials through an auth profile; the platform adds them to every call that uses the profile, so the bot holds no key.")
		rows := []string{"| Profile | Base URL | Authorization check URL | Tenancy | Description |", "|---|---|---|---|---|"}
		for _, a := range b.AuthProfiles {
			tenancy := "no"
			if a.Tenancy {
				tenancy = "yes"
			}
			rows = append(rows, "| "+cellCode(a.Name)+" | "+cellCode(a.BaseURL)+" | "+cellCode(a.AuthorizationCheckURL)+" | "+tenancy+" | "+cell(a.Description)+" |")
		}
		p.block(rows...)
	}
	if len(keyVars) > 0 {
		said = true
		var names []string
		for _, k := range keyVars {
			names = append(names, code(k)+r.envState(k))
		}
		noun := "the env variable "
		if len(names) > 1 {
			noun = "the env variables "
		}
		p.block("**Pre-authorized.** The bot calls with its own key, so end users do not sign in. The key is in " + noun + strings.Join(names, ", ") + ", which the calls' Authorization header refers to.")
	}
	if !said {
		if services == 0 {
			p.block("No dialog task makes an HTTP call, so there is nothing to authorize.")
		} else {
			p.block("**None.** No call uses an auth profile or sends an Authorization header that names an env variable.")
		}
	}
}

// envState qualifies an env variable named as holding a key.
func (r *renderer) envState(key string) string {
	for _, v := range r.bot.EnvVars {
		if v.Key == key {
			if v.Secured {
				return " (secured)"
			}
			return " (**not secured**)"
		}
	}
	return " (**not declared** among the env variables)"
}

func dialogTitle(i int, d ir.Dialog) string {
	return firstNonEmpty(d.Name, d.Key, "Dialog task "+strconv.Itoa(i+1))
}

// dialog renders one dialog task's section and returns its anchor.
func (r *renderer) dialog(p *page, i int, d ir.Dialog) string {
	title := dialogTitle(i, d)
	anchor := r.heading(p, 2, title, text(title))
	if d.Description != "" {
		p.block(text(d.Description))
	}
	services := 0
	for _, n := range d.Nodes {
		if n.Type == ir.NodeService {
			services++
		}
	}
	p.block("Template " + code(d.Key) + " · " + plural(len(d.Nodes), "node") + " · " + plural(services, "Stripe call"))

	r.heading(p, 3, "Utterances", "Utterances")
	if len(d.Utterances) == 0 {
		p.block("None: the intent has no training sentences.")
	} else {
		var items []string
		for _, u := range d.Utterances {
			items = append(items, "- "+text(u))
		}
		p.block(items...)
	}

	r.heading(p, 3, "Flow", "Flow")
	p.block(fenced("mermaid", flowchart(d)))
	if notes := flowNotes(d); len(notes) > 0 {
		p.block(notes...)
	}

	in := incoming(d)
	r.entities(p, d)
	r.calls(p, d)
	r.scripts(p, d)
	r.messages(p, d, in)
	return anchor
}

func (r *renderer) entities(p *page, d ir.Dialog) {
	rows := []string{"| Entity | Type | Prompt | Error prompt | Allowed values |", "|---|---|---|---|---|"}
	for _, n := range d.Nodes {
		if n.Type != ir.NodeEntity {
			continue
		}
		e := n.Entity
		if e == nil {
			e = &ir.Entity{}
		}
		var allowed []string
		for _, v := range e.AllowedValues {
			allowed = append(allowed, cellCode(v))
		}
		rows = append(rows, "| "+cellCode(n.Name)+" | "+cellCode(e.Type)+" | "+cell(e.Prompt)+" | "+cell(e.ErrorPrompt)+" | "+strings.Join(allowed, ", ")+" |")
	}
	if len(rows) == 2 {
		return
	}
	r.heading(p, 3, "Entities", "Entities")
	p.block("What the bot asks for, in flow order. Each value is `{{context.entities.<entity>}}`.")
	p.block(rows...)
}

func (r *renderer) calls(p *page, d ir.Dialog) {
	first := true
	for _, n := range d.Nodes {
		if n.Type != ir.NodeService {
			continue
		}
		if first {
			r.heading(p, 3, "HTTP calls", "HTTP calls")
			first = false
		}
		r.heading(p, 4, n.Name, code(n.Name))
		s := n.Service
		if s == nil {
			p.block("The node has no request.")
			continue
		}
		method := strings.ToUpper(s.Method)
		if method == "" {
			method = "(no method)"
		}
		p.block("**" + text(method) + "** " + code(s.URL))

		var facts []string
		if s.AuthProfile != "" {
			facts = append(facts, "Authorized by the end user's sign-in through the auth profile "+code(s.AuthProfile)+r.profileState(s.AuthProfile)+".")
		}
		if s.TimeoutSeconds > 0 {
			facts = append(facts, "Times out after "+plural(s.TimeoutSeconds, "second")+".")
		}
		if len(facts) > 0 {
			p.block(strings.Join(facts, " "))
		}

		if params := queryParams(s.URL); len(params) > 0 {
			rows := []string{"| Query parameter | Value |", "|---|---|"}
			for _, kv := range params {
				rows = append(rows, "| "+cellCode(kv[0])+" | "+cellCode(kv[1])+" |")
			}
			p.block(rows...)
		}
		if len(s.Headers) > 0 {
			rows := []string{"| Header | Value |", "|---|---|"}
			for _, h := range s.Headers {
				rows = append(rows, "| "+cellCode(h.Name)+" | "+cellCode(h.Value)+" |")
			}
			p.block(rows...)
		}
		r.body(p, d, s)
		if next := nextSentence(n); next != "" {
			p.block(next)
		}
	}
}

func (r *renderer) profileState(name string) string {
	for _, a := range r.bot.AuthProfiles {
		if a.Name == name {
			return ""
		}
	}
	return " (**not declared** in this bot)"
}

// body describes a request body: a whole-body template points to the
// script that builds it, a form body is listed field by field, decoded,
// and anything else is shown as is.
func (r *renderer) body(p *page, d ir.Dialog, s *ir.Service) {
	if s.Body == "" {
		return
	}
	contentType := ""
	for _, h := range s.Headers {
		if strings.EqualFold(h.Name, "Content-Type") {
			contentType = strings.ToLower(h.Value)
		}
	}
	if v, ok := contextVar(s.Body); ok {
		line := "Body: " + code(s.Body)
		if strings.Contains(contentType, "x-www-form-urlencoded") {
			line = "Body: the form fields in " + code(s.Body)
		}
		if builders := assigners(d, v); len(builders) > 0 {
			line += ", built by the script " + joinCode(builders) + " (see Scripts)."
		} else {
			line += ", which **no script** of this dialog task sets."
		}
		p.block(line)
		return
	}
	if strings.Contains(contentType, "x-www-form-urlencoded") || (contentType == "" && looksLikeForm(s.Body)) {
		rows := []string{"| Form field | Value |", "|---|---|"}
		for _, kv := range splitForm(s.Body) {
			rows = append(rows, "| "+cellCode(kv[0])+" | "+cellCode(kv[1])+" |")
		}
		p.block("Body, a form (values decoded):")
		p.block(rows...)
		return
	}
	lang := "text"
	if strings.Contains(contentType, "json") {
		lang = "json"
	}
	p.block("Body:")
	p.block(fenced(lang, s.Body))
}

func (r *renderer) scripts(p *page, d ir.Dialog) {
	first := true
	for _, n := range d.Nodes {
		if n.Type != ir.NodeScript {
			continue
		}
		if first {
			r.heading(p, 3, "Scripts", "Scripts")
			first = false
		}
		r.heading(p, 4, n.Name, code(n.Name))
		if strings.TrimSpace(n.Script) == "" {
			p.block("The script is empty.")
			continue
		}
		p.block(fenced("javascript", n.Script))
	}
}

func (r *renderer) messages(p *page, d ir.Dialog, in map[string][]string) {
	first := true
	for _, n := range d.Nodes {
		if n.Type != ir.NodeMessage {
			continue
		}
		if first {
			r.heading(p, 3, "Messages", "Messages")
			first = false
		}
		when := "never reached"
		if reasons := in[n.Name]; len(reasons) > 0 {
			when = "shown " + strings.Join(reasons, "; ")
		}
		intro := "**" + code(n.Name) + "**, " + when + ":"
		switch {
		case n.Message == "":
			p.block(intro, "", "> *(empty)*")
		case strings.ContainsAny(n.Message, "\r\n") || strings.TrimSpace(n.Message) != n.Message:
			// A fenced block keeps line breaks and edge blanks exactly.
			p.block(intro)
			p.block(fenced("text", n.Message))
		default:
			p.block(intro, "", "> "+text(n.Message))
		}
		if v, ok := contextVar(n.Message); ok {
			if builders := assigners(d, v); len(builders) > 0 {
				p.block("The text is built by the script " + joinCode(builders) + ".")
			}
		}
	}
}

// transitionLabel is the edge label of a transition: its condition, or
// "otherwise" for the default after conditions.
func transitionLabel(n ir.Node, t ir.Transition, conditional bool) string {
	if t.If != nil {
		return conditionText(n.Name, t.If)
	}
	if conditional {
		return "otherwise"
	}
	return ""
}

func hasConditional(n ir.Node) bool {
	for _, t := range n.Transitions {
		if t.If != nil {
			return true
		}
	}
	return false
}

// conditionText reads a condition, e.g. "statusCode = 200" for
// context.<this service>.response.statusCode eq "200".
func conditionText(from string, c *ir.Condition) string {
	path := strings.TrimPrefix(c.Context, "context."+from+".response.")
	value := c.Value
	if value == "" {
		value = `""`
	}
	switch c.Op {
	case "eq":
		return path + " = " + value
	case "neq":
		return path + " ≠ " + value
	case "cnt":
		return path + " contains " + value
	case "gt":
		return path + " > " + value
	case "gte":
		return path + " ≥ " + value
	case "lt":
		return path + " < " + value
	case "lte":
		return path + " ≤ " + value
	}
	return strings.TrimSpace(path + " " + c.Op + " " + value)
}

// incoming lists, per node name, when the flow reaches it, e.g. "after
// `createCustomerService` when statusCode = 200".
func incoming(d ir.Dialog) map[string][]string {
	in := map[string][]string{}
	for _, n := range d.Nodes {
		conditional := hasConditional(n)
		for _, t := range n.Transitions {
			if t.To == "" {
				continue
			}
			reason := "after " + code(n.Name)
			if label := transitionLabel(n, t, conditional); label == "otherwise" {
				reason += " otherwise"
			} else if label != "" {
				reason += " when " + text(label)
			}
			in[t.To] = append(in[t.To], reason)
		}
	}
	return in
}

// nextSentence says where the flow goes after a node.
func nextSentence(n ir.Node) string {
	if len(n.Transitions) == 0 {
		return ""
	}
	conditional := hasConditional(n)
	var parts []string
	for _, t := range n.Transitions {
		to := "the end of the dialog"
		if t.To != "" {
			to = code(t.To)
		}
		switch label := transitionLabel(n, t, conditional); label {
		case "":
			parts = append(parts, "then "+to)
		case "otherwise":
			parts = append(parts, "otherwise "+to)
		default:
			parts = append(parts, "if "+text(label)+": "+to)
		}
	}
	return "Next: " + strings.Join(parts, "; ") + "."
}

// flowNotes points out what a reviewer should not have to find in the
// diagram: transitions to nodes that do not exist and nodes nothing leads
// to.
func flowNotes(d ir.Dialog) []string {
	names := map[string]bool{}
	for _, n := range d.Nodes {
		names[n.Name] = true
	}
	reached := map[string]bool{}
	var notes []string
	for _, n := range d.Nodes {
		for _, t := range n.Transitions {
			reached[t.To] = true
			if t.To != "" && !names[t.To] {
				notes = append(notes, "- **Warning:** "+code(n.Name)+" leads to "+code(t.To)+", which is not a node of this dialog task.")
			}
		}
	}
	for i, n := range d.Nodes {
		if i > 0 && !reached[n.Name] {
			notes = append(notes, "- **Warning:** no transition leads to "+code(n.Name)+".")
		}
	}
	return notes
}

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

// assigners lists the script nodes of d that set context.<v>.
func assigners(d ir.Dialog, v string) []string {
	var out []string
	for _, n := range d.Nodes {
		if n.Type != ir.NodeScript {
			continue
		}
		for _, m := range contextAssignment.FindAllStringSubmatch(n.Script, -1) {
			if m[1] == v || m[2] == v {
				out = append(out, n.Name)
				break
			}
		}
	}
	return out
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

var formPattern = regexp.MustCompile(`^[^=&\s{}]+=[^&\s]*(&[^=&\s{}]+=[^&\s]*)*$`)

func looksLikeForm(s string) bool { return formPattern.MatchString(s) }

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
