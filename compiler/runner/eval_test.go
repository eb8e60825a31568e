package runner

import (
	"context"
	"testing"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// newTestMachine gives a machine over the flow fixture, for testing the
// expression and comparison helpers on their own.
func newTestMachine(t *testing.T) *machine {
	t.Helper()
	bot := load(t, "flow")
	dlg, err := bot.findDialog("Choices")
	if err != nil {
		t.Fatal(err)
	}
	m := newMachine(context.Background(), bot, dlg, Options{Env: map[string]string{"stripe_api_key": "sk_test_abcdefghijkl1a2b"}})
	m.addSecret("sk_test_abcdefghijkl1a2b")
	m.node = dlg.nodes["intent0"]
	m.comp = bot.components[m.node.ComponentID]
	if _, err := m.runJS(`context.svc = {response: {statusCode: 200, body: {id: "cus_1", data: [{id: "a"}, {id: "b"}], n: null}}};
context.s = "Smith & Sons"; context.zero = 0; context.f = 2.5; context.t = true;`); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCompare(t *testing.T) {
	m := newTestMachine(t)
	tests := []struct {
		path, op, value string
		want            bool
	}{
		{"context.svc.response.statusCode", "eq", "200", true},
		{"context.svc.response.statusCode", "eq", "201", false},
		{"context.svc.response.statusCode", "neq", "200", false},
		{"context.svc.response.statusCode", "neq", "404", true},
		{"context.svc.response.statusCode", "gte", "200", true},
		{"context.svc.response.statusCode", "gt", "200", false},
		{"context.svc.response.statusCode", "gte", "400", false},
		{"context.svc.response.statusCode", "lt", "300", true},
		{"context.svc.response.body.data.length", "eq", "2", true},
		{"context.svc.response.body.data.length", "gt", "1", true},
		{"context.svc.response.body.id", "cnt", "cus_", true},
		{"context.svc.response.body.id", "gt", "1", false}, // not a number
		{"context.s", "cnt", "&", true},
		{"context.s", "eq", "smith & sons", false}, // case matters
		{"context.zero", "eq", "0", true},
		{"context.f", "eq", "2.5", true},
		{"context.t", "eq", "true", true},
		{"context.svc.response.body", "cnt", "cus_1", true}, // JSON text of an object
		{"context.svc.response.body.n", "dne", "", true},    // null
		{"context.svc.response.body.id", "dne", "", false},
		{"context.nothing.at.all", "dne", "", true}, // throws on the way: undefined
		{"context.nothing", "eq", "", false},        // undefined equals nothing
		{"context.nothing", "neq", "", true},
		{"context.nothing", "gt", "0", false},
		{"context.nothing", "cnt", "", false},
		{"", "dne", "", true},
		{"env.stripe_api_key", "cnt", "sk_test_", true},
	}
	for _, tt := range tests {
		got, err := m.compare(tt.op, m.lookup(tt.path), tt.value)
		if err != nil || got != tt.want {
			t.Errorf("%s %s %q = %v, %v; want %v", tt.path, tt.op, tt.value, got, err, tt.want)
		}
	}
	// Array elements for cnt.
	v, _ := m.runJS(`["usd", "eur", 3]`)
	for value, want := range map[string]bool{"eur": true, "3": true, "us": false} {
		if got, _ := m.compare("cnt", v, value); got != want {
			t.Errorf("array cnt %q = %v", value, got)
		}
	}
	if _, err := m.compare("like", m.lookup("context.s"), "x"); err == nil {
		t.Error("an unknown operator is no error")
	}
}

func TestRender(t *testing.T) {
	m := newTestMachine(t)
	tests := []struct{ in, want string }{
		{"no templates", "no templates"},
		{"{{context.svc.response.body.id}}", "cus_1"},
		{"{{ context.s }} / {{context.zero}} / {{context.f}} / {{context.t}}", "Smith & Sons / 0 / 2.5 / true"},
		{"{{context.svc.response.body.data}}", `[{"id":"a"},{"id":"b"}]`},
		{"[{{context.svc.response.body.n}}]", "[]"},
		{"{{context.svc.response.body.data.map(function (d) { return d.id; }).join(', ')}}", "a, b"},
		{"{{env.stripe_api_key}}", "sk_test_abcdefghijkl1a2b"}, // rendering is not redaction
		{"line\n{{context.s // a comment\n}}", "line\nSmith & Sons"},
	}
	for _, tt := range tests {
		if got := m.render(tt.in, "test"); got != tt.want {
			t.Errorf("render(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if len(m.tr.Unresolved) != 0 {
		t.Fatalf("unresolved: %q", m.tr.Unresolved)
	}
	for _, in := range []string{"{{context.nope}}", "{{context.nope.deeper}}", "{{}}", "{{ syntax error( }}"} {
		if got := m.render(in, "test"); got != "" {
			t.Errorf("render(%q) = %q, want \"\"", in, got)
		}
	}
	if len(m.tr.Unresolved) != 4 {
		t.Errorf("unresolved: %q", m.tr.Unresolved)
	}
}

func TestRedact(t *testing.T) {
	m := newTestMachine(t)
	if got := m.redact("key sk_test_abcdefghijkl1a2b!"); got != "key sk_test_…1a2b!" {
		t.Errorf("redact: %q", got)
	}
	for in, want := range map[string]string{
		"sk_live_0123456789abcdef": "sk_live_…cdef",
		"rk_test_short":            "rk_test_…",
		"hunter2":                  "[redacted]",
	} {
		if got := secret.Redact(in); got != want {
			t.Errorf("secret.Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
