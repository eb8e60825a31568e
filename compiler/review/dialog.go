package review

import (
	"strconv"
	"strings"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// This file renders a dialog task's section: what a reviewer would
// otherwise dig out of the export's nodes, one part per node type, each
// part left out when the task has no node of its type.

// dialogTitle is what the page calls a task: a task need not have a name,
// but its heading and its link in the table of tasks need words.
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
	services := countNodes(d, ir.NodeService)
	template := "Template " + code(d.Key)
	if d.Source != "" {
		template += " (the bot's own, from " + code(d.Source) + ")"
	}
	p.block(template + " · " + plural(len(d.Nodes), "node") + " · " + plural(services, "Stripe call"))
	r.utterances(p, d)
	r.heading(p, 3, "Flow", "Flow")
	g := newGraph(d)
	flowchart(p, d, g)
	if notes := flowNotes(d, g); len(notes) > 0 {
		p.block(notes...)
	}
	r.entities(p, d)
	r.confirmations(p, d)
	r.calls(p, d)
	r.scripts(p, d)
	r.messages(p, d)
	return anchor
}

// countNodes counts a task's nodes of one type. The parts below loop over
// d.Nodes themselves, skipping the other types, rather than copy the
// nodes of theirs into a slice.
func countNodes(d ir.Dialog, t ir.NodeType) int {
	count := 0
	for _, n := range d.Nodes {
		if n.Type == t {
			count++
		}
	}
	return count
}

// utterances is the one part every section has: a task without training
// sentences is worth pointing out.
func (r *renderer) utterances(p *page, d ir.Dialog) {
	r.heading(p, 3, "Utterances", "Utterances")
	if len(d.Utterances) == 0 {
		p.block("None: the intent has no training sentences.")
		return
	}
	items := make([]string, 0, len(d.Utterances))
	for _, u := range d.Utterances {
		items = append(items, "- "+text(u))
	}
	p.block(items...)
}

func (r *renderer) entities(p *page, d ir.Dialog) {
	count := countNodes(d, ir.NodeEntity)
	if count == 0 {
		return
	}
	rows := make([]string, 0, 2+count)
	rows = append(rows, "| Entity | Type | Prompt | Error prompt | Allowed values |", "|---|---|---|---|---|")
	for _, n := range d.Nodes {
		if n.Type != ir.NodeEntity {
			continue
		}
		e := n.Entity
		if e == nil {
			e = &ir.Entity{}
		}
		allowed := make([]string, len(e.AllowedValues))
		for i, v := range e.AllowedValues {
			allowed[i] = cellCode(v)
		}
		rows = append(rows, "| "+cellCode(n.Name)+" | "+cellCode(e.Type)+" | "+cell(e.Prompt)+" | "+cell(e.ErrorPrompt)+" | "+strings.Join(allowed, ", ")+" |")
	}
	r.heading(p, 3, "Entities", "Entities")
	p.block("What the bot asks for, in flow order. Each value is `{{context.entities.<entity>}}`.")
	p.block(rows...)
}

// confirmations shows each yes-or-no question as the user sees it, and
// where each answer leads.
func (r *renderer) confirmations(p *page, d ir.Dialog) {
	if countNodes(d, ir.NodeConfirm) == 0 {
		return
	}
	r.heading(p, 3, "Confirmations", "Confirmations")
	for _, n := range d.Nodes {
		if n.Type != ir.NodeConfirm {
			continue
		}
		r.heading(p, 4, n.Name, code(n.Name))
		quoteText(p, n.Confirmation)
		if next := nextSentence(n); next != "" {
			p.block(next)
		}
	}
}

// quoteText shows a text as the user sees it: quoted, or fenced when
// line breaks or edge blanks would be lost in a quote.
func quoteText(p *page, s string) {
	switch {
	case s == "":
		p.block("> *(empty)*")
	case strings.ContainsAny(s, "\r\n") || strings.TrimSpace(s) != s:
		p.fenced("text", s)
	default:
		p.block("> " + text(s))
	}
}

func (r *renderer) calls(p *page, d ir.Dialog) {
	if countNodes(d, ir.NodeService) == 0 {
		return
	}
	r.heading(p, 3, "HTTP calls", "HTTP calls")
	for _, n := range d.Nodes {
		if n.Type == ir.NodeService {
			r.call(p, d, n)
		}
	}
}

// call spells out one request: method and URL, then the query, the
// headers and the body decoded, then where the flow goes with the answer.
func (r *renderer) call(p *page, d ir.Dialog, n ir.Node) {
	r.heading(p, 4, n.Name, code(n.Name))
	s := n.Service
	if s == nil {
		p.block("The node has no request.")
		return
	}
	method := strings.ToUpper(s.Method)
	if method == "" {
		method = "(no method)"
	}
	p.block("**" + text(method) + "** " + code(s.URL))
	if facts := r.callFacts(s); facts != "" {
		p.block(facts)
	}
	if params := queryParams(s.URL); len(params) > 0 {
		p.block(valueTable("Query parameter", params)...)
	}
	if len(s.Headers) > 0 {
		headers := make([][2]string, len(s.Headers))
		for i, h := range s.Headers {
			headers[i] = [2]string{h.Name, h.Value}
		}
		p.block(valueTable("Header", headers)...)
	}
	body(p, d, s)
	if next := nextSentence(n); next != "" {
		p.block(next)
	}
}

// callFacts says who authorizes a call and how long it may take, when
// the IR says so.
func (r *renderer) callFacts(s *ir.Service) string {
	var facts []string
	if s.AuthProfile != "" {
		facts = append(facts, "Authorized by the end user's sign-in through the auth profile "+code(s.AuthProfile)+r.profileState(s.AuthProfile)+".")
	}
	if s.TimeoutSeconds > 0 {
		facts = append(facts, "Times out after "+plural(s.TimeoutSeconds, "second")+".")
	}
	return strings.Join(facts, " ")
}

// profileState flags a call's auth profile that the bot does not have,
// which would fail only on the platform.
func (r *renderer) profileState(name string) string {
	for _, a := range r.bot.AuthProfiles {
		if a.Name == name {
			return ""
		}
	}
	return " (**not declared** in this bot)"
}

// valueTable is a two-column table of names, as code, and their values.
func valueTable(name string, pairs [][2]string) []string {
	rows := make([]string, 0, 2+len(pairs))
	rows = append(rows, "| "+name+" | Value |", "|---|---|")
	for _, kv := range pairs {
		rows = append(rows, "| "+cellCode(kv[0])+" | "+cellCode(kv[1])+" |")
	}
	return rows
}

// body lists a form body field by field. A value that is a context
// variable names the script that prepares it, or says that none does.
func body(p *page, d ir.Dialog, s *ir.Service) {
	if len(s.Form) == 0 {
		return
	}
	rows := make([]string, 0, 2+len(s.Form))
	rows = append(rows, "| Form field | Value | Set by |", "|---|---|---|")
	for _, f := range s.Form {
		setBy := ""
		if v, ok := contextVar(f.Value); ok {
			setBy = "**no script** of this dialog task"
			if builders := assigners(d, v); len(builders) > 0 {
				setBy = "the script " + joinCode(builders)
			}
		}
		rows = append(rows, "| "+cellCode(f.Name)+" | "+cellCode(f.Value)+" | "+setBy+" |")
	}
	p.block("Body, a form of these fields:")
	p.block(rows...)
}

func (r *renderer) scripts(p *page, d ir.Dialog) {
	if countNodes(d, ir.NodeScript) == 0 {
		return
	}
	r.heading(p, 3, "Scripts", "Scripts")
	for _, n := range d.Nodes {
		if n.Type != ir.NodeScript {
			continue
		}
		r.heading(p, 4, n.Name, code(n.Name))
		if strings.TrimSpace(n.Script) == "" {
			p.block("The script is empty.")
			continue
		}
		p.fenced("javascript", n.Script)
	}
}

func (r *renderer) messages(p *page, d ir.Dialog) {
	if countNodes(d, ir.NodeMessage) == 0 {
		return
	}
	r.heading(p, 3, "Messages", "Messages")
	in := incoming(d)
	for _, n := range d.Nodes {
		if n.Type == ir.NodeMessage {
			message(p, d, n, in[n.Name])
		}
	}
}

// message shows a message's text as the user sees it, with when the flow
// shows it: reasons as incoming gives them, none when nothing leads there.
func message(p *page, d ir.Dialog, n ir.Node, reasons []string) {
	when := "never reached"
	if len(reasons) > 0 {
		when = "shown " + strings.Join(reasons, "; ")
	}
	intro := "**" + code(n.Name) + "**, " + when + ":"
	switch {
	case n.Message == "":
		p.block(intro, "", "> *(empty)*")
	case strings.ContainsAny(n.Message, "\r\n") || strings.TrimSpace(n.Message) != n.Message:
		// A fenced block keeps line breaks and edge blanks exactly.
		p.block(intro)
		p.fenced("text", n.Message)
	default:
		p.block(intro, "", "> "+text(n.Message))
	}
	if v, ok := contextVar(n.Message); ok {
		if builders := assigners(d, v); len(builders) > 0 {
			p.block("The text is built by the script " + joinCode(builders) + ".")
		}
	}
}
