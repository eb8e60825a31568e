package runner

import (
	"fmt"
	"strings"
)

// Transcript records one run. Secrets are already redacted from every string
// in it.
type Transcript struct {
	Dialog string // display name of the dialog that ran
	Steps  []Step // every node visited, in order
	Calls  []Call // every service call, in order
	// Messages are the texts of the message nodes reached, in order.
	Messages []string
	// Unresolved lists every {{…}} that threw or gave undefined, as
	// "<node id> <component name> <where>: {{expr}} (<reason>)". A dialog the
	// compiler generated should have none.
	Unresolved []string
	// Ended is true when the run reached a transition to "end".
	Ended bool
}

// Step is one visited node.
type Step struct {
	NodeID string
	Type   string // intent, entity, script, service, message, dialogAct
	Name   string // component name

	// Entity and confirmation (dialogAct) nodes: the prompt or question
	// shown, the answer given and whether the answer was a sample rather
	// than one from Options.Entities.
	Prompt  string
	Value   string
	Sampled bool

	// Message nodes: the text shown.
	Text string

	// Service nodes: the call made (also in Transcript.Calls).
	Call *Call

	// Next is the node the run went to next ("end" for the end); empty when
	// the run failed at this node.
	Next string
}

// Call is one HTTP request a service node made.
type Call struct {
	NodeID string
	Name   string // service component name
	Method string // upper-case
	URL    string
	// Headers are "Name: value" lines, sorted; Authorization shows only its
	// scheme.
	Headers []string
	Body    string // request body, "" for none
	// Status is the HTTP status code; 0 when no response came.
	Status   int
	Response string // response body as received
	Error    string // transport error, if any
}

// OK reports whether the call got a 2xx response.
func (c Call) OK() bool { return c.Status >= 200 && c.Status < 300 }

// Problems lists what makes the run a failure, for people: each call that
// did not get a 2xx answer ("<method> <url> answered <status>"), each
// unresolved template reference, and "the dialog did not end" when it did
// not. A run with no problems succeeded.
func (t *Transcript) Problems() []string {
	var problems []string
	for _, c := range t.Calls {
		if !c.OK() {
			problems = append(problems, fmt.Sprintf("%s %s answered %d", c.Method, c.URL, c.Status))
		}
	}
	problems = append(problems, t.Unresolved...)
	if !t.Ended {
		problems = append(problems, "the dialog did not end")
	}
	return problems
}

// Format renders the transcript for people: one line per step, with the
// prompts, answers, calls and messages, then the unresolved references.
func (t *Transcript) Format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dialog %q\n", t.Dialog)
	for i, s := range t.Steps {
		fmt.Fprintf(&b, "%3d. %-10s %-8s %s", i+1, s.NodeID, s.Type, s.Name)
		switch s.Type {
		case "entity", "dialogAct":
			answer := fmt.Sprintf("%q", s.Value)
			if s.Sampled {
				answer += " (sample)"
			}
			fmt.Fprintf(&b, "\n       ask: %s\n       answer: %s", oneLine(s.Prompt), answer)
		case "message":
			for _, line := range strings.Split(s.Text, "\n") {
				fmt.Fprintf(&b, "\n       | %s", line)
			}
		case "service":
			if c := s.Call; c != nil {
				fmt.Fprintf(&b, "\n       %s %s -> %s", c.Method, c.URL, statusText(*c))
				for _, h := range c.Headers {
					fmt.Fprintf(&b, "\n       %s", h)
				}
				if c.Body != "" {
					fmt.Fprintf(&b, "\n       body: %s", oneLine(c.Body))
				}
				if !c.OK() && c.Response != "" {
					fmt.Fprintf(&b, "\n       response: %s", truncate(oneLine(c.Response), 300))
				}
			}
		}
		if s.Next != "" {
			fmt.Fprintf(&b, "\n       -> %s", s.Next)
		}
		b.WriteByte('\n')
	}
	if t.Ended {
		b.WriteString("ended\n")
	} else {
		b.WriteString("did not end\n")
	}
	for _, u := range t.Unresolved {
		fmt.Fprintf(&b, "unresolved: %s\n", u)
	}
	return b.String()
}

func statusText(c Call) string {
	if c.Status == 0 {
		if c.Error != "" {
			return "error: " + c.Error
		}
		return "no response"
	}
	return fmt.Sprint(c.Status)
}

func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", `\n`)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
