package runner

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// runJS runs src in the run's JavaScript engine, bounded by scriptTimeout,
// the run's heap growth limit and the run's context.
func (m *machine) runJS(src string) (goja.Value, error) {
	stop := m.guardScript()
	defer stop()
	v, err := m.vm.RunString(src)
	if err != nil {
		var interrupted *goja.InterruptedError
		if errors.As(err, &interrupted) {
			if cause, ok := interrupted.Value().(error); ok {
				return nil, cause
			}
		}
		return nil, err
	}
	return v, nil
}

// templatePattern matches {{expr}}; the expression may span lines.
var templatePattern = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)

// render resolves the {{expr}} templates of text. Each expression is
// JavaScript over context and env. One that throws or yields undefined renders
// as "" and is recorded in Transcript.Unresolved, as where (e.g. "url",
// "message") in the current node.
func (m *machine) render(text, where string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	return templatePattern.ReplaceAllStringFunc(text, func(match string) string {
		expr := strings.TrimSpace(match[2 : len(match)-2])
		unresolved := func(reason string) string {
			m.tr.Unresolved = append(m.tr.Unresolved,
				m.redact(fmt.Sprintf("%s %s %s: %s (%s)", m.node.NodeID, m.comp.Name, where, match, reason)))
			return ""
		}
		if expr == "" {
			return unresolved("empty expression")
		}
		// The newline keeps a trailing // comment from swallowing the ")".
		v, err := m.runJS("(" + expr + "\n)")
		if err != nil {
			return unresolved(firstLine(err.Error()))
		}
		s, defined := m.text(v)
		if !defined {
			return unresolved("undefined")
		}
		return s
	})
}

// text converts a JavaScript value to the text a template shows: strings as
// they are, numbers and booleans as JavaScript prints them, objects and arrays
// as JSON, null as "". The second result is false for undefined.
func (m *machine) text(v goja.Value) (string, bool) {
	if v == nil || goja.IsUndefined(v) {
		return "", false
	}
	if goja.IsNull(v) {
		return "", true
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return v.String(), true
	}
	if _, isFunc := goja.AssertFunction(obj); isFunc {
		return obj.String(), true
	}
	stringify, ok := goja.AssertFunction(m.vm.Get("JSON").(*goja.Object).Get("stringify"))
	if !ok {
		return obj.String(), true
	}
	s, err := stringify(goja.Undefined(), obj)
	if err != nil || goja.IsUndefined(s) {
		return obj.String(), true
	}
	return s.String(), true
}

// lookup evaluates a transition's context path ("context.x.response.statusCode",
// "context.list.length"). A path that does not exist, or that throws on the
// way (a property of undefined), is undefined, as the platform's "does not
// exist" operator expects.
func (m *machine) lookup(path string) goja.Value {
	path = strings.TrimSpace(path)
	if path == "" {
		return goja.Undefined()
	}
	v, err := m.runJS("(function () { try { return (" + path + "\n); } catch (e) { return undefined; } })()")
	if err != nil {
		return goja.Undefined()
	}
	return v
}

// next picks the transition out of the current node: the first conditional
// transition whose test holds, in order, else the default one.
func (m *machine) next() (string, error) {
	var fallback *string
	for i, t := range m.node.Transitions {
		if t.If == nil {
			if t.Default != nil && fallback == nil {
				fallback = t.Default
			}
			continue
		}
		ok, err := m.test(t.If)
		if err != nil {
			return "", fmt.Errorf("transition %d: %w", i+1, err)
		}
		if ok {
			return t.Then, nil
		}
	}
	if fallback == nil {
		return "", errors.New("no transition applies and there is no default transition")
	}
	return *fallback, nil
}

// test evaluates a transition condition.
func (m *machine) test(c *exportCondition) (bool, error) {
	switch {
	case c.Conjoin != "" || len(c.Tests) > 0:
		and := !strings.EqualFold(c.Conjoin, "or")
		for i := range c.Tests {
			ok, err := m.test(&c.Tests[i])
			if err != nil {
				return false, err
			}
			if ok != and {
				return ok, nil
			}
		}
		return and, nil
	case c.DialogAct != nil:
		return m.testAnswer(*c.DialogAct)
	case c.Field != nil:
		// An entity, named by its node id.
		n, ok := m.dlg.nodes[*c.Field]
		if !ok {
			return false, fmt.Errorf("condition on node %q, which does not exist", *c.Field)
		}
		comp, ok := m.bot.components[n.ComponentID]
		if !ok {
			return false, fmt.Errorf("condition on node %q, whose component does not exist", *c.Field)
		}
		entities, _ := m.contextObject().Get("entities").(*goja.Object)
		var v goja.Value = goja.Undefined()
		if entities != nil {
			if got := entities.Get(comp.Name); got != nil {
				v = got
			}
		}
		return m.compare(c.Op, v, string(c.Value))
	case c.Context != nil:
		return m.compare(c.Op, m.lookup(*c.Context), string(c.Value))
	default:
		return false, errors.New("condition tests nothing (no context, field or dialogAct)")
	}
}

// compare applies a transition operator, the way the platform does: eq and
// neq compare the value's text form with the expected text (so a status code
// 200 equals "200"); gt, gte, lt and lte compare numbers and are false when
// either side is not a number; cnt tests an array for an element whose text
// form is the expected text, and anything else for a substring; dne holds for
// undefined and null. An undefined value equals nothing.
func (m *machine) compare(op string, v goja.Value, want string) (bool, error) {
	defined := v != nil && !goja.IsUndefined(v)
	switch op {
	case "dne":
		return !defined || goja.IsNull(v), nil
	case "eq", "neq":
		eq := false
		if defined {
			s, _ := m.text(v)
			eq = s == want
		}
		return eq == (op == "eq"), nil
	case "gt", "gte", "lt", "lte":
		if !defined {
			return false, nil
		}
		s, _ := m.text(v)
		a, err1 := strconv.ParseFloat(strings.TrimSpace(s), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(want), 64)
		if err1 != nil || err2 != nil {
			return false, nil
		}
		switch op {
		case "gt":
			return a > b, nil
		case "gte":
			return a >= b, nil
		case "lt":
			return a < b, nil
		default:
			return a <= b, nil
		}
	case "cnt":
		if !defined || goja.IsNull(v) {
			return false, nil
		}
		if obj, ok := v.(*goja.Object); ok && obj.ClassName() == "Array" {
			length := obj.Get("length").ToInteger()
			for i := int64(0); i < length; i++ {
				if s, ok := m.text(obj.Get(strconv.FormatInt(i, 10))); ok && s == want {
					return true, nil
				}
			}
			return false, nil
		}
		s, _ := m.text(v)
		return strings.Contains(s, want), nil
	default:
		return false, fmt.Errorf("unknown operator %q", op)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
