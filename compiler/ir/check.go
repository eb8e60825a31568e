package ir

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// NoAuthProfile is the name the platform gives a service's auth profile
// when it uses none; no auth profile of a bot may take it.
const NoAuthProfile = "none"

// Check reports every inconsistency of b that would make its export refer
// to something that is not there: names that do not identify one node,
// dialog, profile or variable; transitions to no node; nodes that cannot
// be reached from the intent, or dialogs whose end cannot; confirmation
// nodes that do not branch on exactly their two answers, and answers
// tested anywhere else; services that name no auth profile of the bot; env variables used but not declared;
// a secured env variable used anywhere but a service's Authorization
// header, where the bot would show it to its users.
//
// The lowering stage builds only consistent bots, so a problem here is a
// bug in xoc, found before a byte is written. Check lists every problem,
// in a stable order, and nil when there is none.
func (b *Bot) Check() []string {
	var c checker
	if b.Label == "" {
		c.report("bot has no Label")
	}
	profiles := map[string]bool{}
	for _, p := range b.AuthProfiles {
		switch {
		case p.Name == "" || p.Name == NoAuthProfile:
			c.report("auth profile name %q is reserved or empty", p.Name)
		case profiles[p.Name]:
			c.report("two auth profiles are named %q", p.Name)
		}
		profiles[p.Name] = true
	}
	declared := map[string]bool{}
	for _, v := range b.EnvVars {
		switch {
		case v.Key == "":
			c.report("env variable with no Key")
		case declared[v.Key]:
			c.report("two env variables have the Key %q", v.Key)
		}
		declared[v.Key] = true
	}
	used := map[string]bool{}
	keys := map[string]bool{}
	for i := range b.Dialogs {
		d := &b.Dialogs[i]
		switch {
		case d.Key == "":
			c.report("dialog %q has no Key", d.Name)
		case keys[d.Key]:
			c.report("two dialogs have the Key %q", d.Key)
		}
		keys[d.Key] = true
		if d.Name == "" {
			c.report("dialog %q has no Name", d.Key)
		}
		c.checkDialog(d, profiles)
		d.addEnvRefs(used)
	}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		if !declared[name] {
			c.report("env.%s is used but no env variable declares it", name)
		}
	}
	c.checkSecuredUses(b)
	return c.problems
}

// checker gathers the problems Check finds.
type checker struct{ problems []string }

func (c *checker) report(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// checkDialog checks one dialog task's graph: node names, content, where
// transitions go, and that every node and the end are reachable from the
// intent. profiles are the bot's auth profile names.
func (c *checker) checkDialog(d *Dialog, profiles map[string]bool) {
	where := "dialog " + strconv.Quote(d.Key)
	if len(d.Nodes) == 0 || d.Nodes[0].Type != NodeIntent {
		c.report("%s: the first node must be an intent node", where)
		return
	}
	index := make(map[string]int, len(d.Nodes))
	for i, n := range d.Nodes {
		_, dup := index[n.Name]
		switch {
		case n.Name == "":
			c.report("%s: node %d has no Name", where, i)
		case dup:
			c.report("%s: two nodes are named %q", where, n.Name)
		}
		index[n.Name] = i
		if i > 0 && n.Type == NodeIntent {
			c.report("%s: node %q: only the first node may be an intent node", where, n.Name)
		}
		c.checkContent(where, &n, profiles)
	}

	// Where each node goes. A node without an unconditional transition
	// ends the dialog when its conditions fail (the writer gives it a
	// default transition to the end), except a confirmation, whose
	// conditions cover every answer.
	const end = -1
	targets := make([][]int, len(d.Nodes))
	for i, n := range d.Nodes {
		at := where + ": node " + strconv.Quote(n.Name)
		c.checkConditions(at, &n)
		unconditional := false
		for k, t := range n.Transitions {
			if unconditional {
				c.report("%s: a transition follows the unconditional one (transition %d)", at, k)
			}
			unconditional = unconditional || t.If == nil
			if t.To == "" {
				targets[i] = append(targets[i], end)
				continue
			}
			j, ok := index[t.To]
			if !ok {
				c.report("%s: transition to unknown node %q", at, t.To)
				continue
			}
			targets[i] = append(targets[i], j)
		}
		// A confirmation's two answers are all there are: it never ends
		// the dialog by itself.
		if !unconditional && n.Type != NodeConfirm {
			targets[i] = append(targets[i], end)
		}
	}

	// Reachability from the intent, breadth first.
	seen := make([]bool, len(d.Nodes))
	seen[0] = true
	queue := []int{0}
	endReached := false
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range targets[i] {
			switch {
			case j == end:
				endReached = true
			case !seen[j]:
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	for i, n := range d.Nodes {
		if !seen[i] {
			c.report("%s: node %q is unreachable from the intent", where, n.Name)
		}
	}
	if !endReached {
		c.report("%s: no path from the intent reaches the end of the dialog", where)
	}
}

// checkContent checks that a node carries the content of its type, and
// that a service names an auth profile of the bot.
func (c *checker) checkContent(where string, n *Node, profiles map[string]bool) {
	at := where + ": node " + strconv.Quote(n.Name)
	switch n.Type {
	case NodeIntent, NodeScript, NodeMessage:
	case NodeConfirm:
		if strings.TrimSpace(n.Confirmation) == "" {
			c.report("%s: confirmation node without a question", at)
		}
	case NodeEntity:
		if n.Entity == nil {
			c.report("%s: entity node without Entity", at)
		}
	case NodeService:
		switch {
		case n.Service == nil:
			c.report("%s: service node without Service", at)
		case n.Service.AuthProfile != "" && !profiles[n.Service.AuthProfile]:
			c.report("%s: names auth profile %q, which the bot does not have", at, n.Service.AuthProfile)
		}
		if n.Service != nil {
			c.checkForm(at, n.Service)
		}
	default:
		c.report("%s: unsupported node type %q", at, n.Type)
	}
}

// checkConditions checks the kinds of n's conditions: a confirmation
// node branches on exactly the two answers, {DialogAct: "yes"} then
// {DialogAct: "no"}, with no other transition; every other node tests
// context paths only.
func (c *checker) checkConditions(at string, n *Node) {
	for k, t := range n.Transitions {
		if t.If == nil || t.If.DialogAct == "" {
			continue
		}
		if t.If.Context != "" || t.If.Op != "" || t.If.Value != "" {
			c.report("%s: transition %d tests both an answer and a context path", at, k)
		}
		if n.Type != NodeConfirm {
			c.report("%s: transition %d tests the answer %q, but only a confirmation node has one", at, k, t.If.DialogAct)
		}
	}
	if n.Type != NodeConfirm {
		return
	}
	var answers []string
	for _, t := range n.Transitions {
		answer := "(unconditional)"
		if t.If != nil {
			answer = t.If.DialogAct
			if answer == "" {
				answer = "(context " + t.If.Context + ")"
			}
		}
		answers = append(answers, answer)
	}
	if !slices.Equal(answers, []string{DialogActYes, DialogActNo}) {
		c.report("%s: a confirmation node's transitions must be on the answers %q then %q, not %q", at, DialogActYes, DialogActNo, answers)
	}
}

// checkForm checks that a form body has named, distinct fields and is
// declared as a form, which is what tells the platform to form-encode it.
func (c *checker) checkForm(at string, s *Service) {
	if s.Form == nil {
		return
	}
	seen := make(map[string]bool, len(s.Form))
	for _, f := range s.Form {
		switch {
		case f.Name == "":
			c.report("%s: a form field has no name", at)
		case seen[f.Name]:
			c.report("%s: form field %q is set twice", at, f.Name)
		}
		seen[f.Name] = true
	}
	contentType := ""
	for _, h := range s.Headers {
		if strings.EqualFold(h.Name, "Content-Type") {
			contentType = h.Value
		}
	}
	if !strings.EqualFold(contentType, FormContentType) {
		c.report("%s: a form body needs the header Content-Type: %s", at, FormContentType)
	}
}
