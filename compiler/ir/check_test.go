package ir

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// smallBot is a consistent bot: an intent, an entity, a service that
// branches on its status, and two messages.
func smallBot() *Bot {
	return &Bot{
		Label:        "b",
		EnvVars:      []EnvVar{{Key: "base"}, {Key: "key", Secured: true}},
		AuthProfiles: []AuthProfile{{Name: "p"}},
		Dialogs: []Dialog{{
			Key: "d", Name: "D", Utterances: []string{"go"},
			Nodes: []Node{
				{Name: "intent", Type: NodeIntent, Transitions: []Transition{{To: "ask"}}},
				{Name: "ask", Type: NodeEntity, Entity: &Entity{Type: "label", Prompt: "Name?"}, Transitions: []Transition{{To: "call"}}},
				{Name: "call", Type: NodeService, Service: &Service{
					Method: "get", URL: "{{env.base}}/v1/x", AuthProfile: "p",
					Headers: []Header{{Name: "Authorization", Value: "Bearer {{env.key}}"}},
				}, Transitions: []Transition{
					{If: &Condition{Context: "context.call.response.statusCode", Op: "eq", Value: "200"}, To: "ok"},
					{To: "failed"},
				}},
				{Name: "ok", Type: NodeMessage, Message: "Done."},
				{Name: "failed", Type: NodeMessage, Message: "Failed.", Transitions: []Transition{{To: ""}}},
			},
		}},
	}
}

// confirmBot is smallBot with a confirmation before the call: yes goes on
// to the call, no to a message that ends the dialog.
func confirmBot() *Bot {
	b := smallBot()
	d := &b.Dialogs[0]
	d.Nodes[1].Transitions = []Transition{{To: "sure"}}
	d.Nodes = append(d.Nodes,
		Node{Name: "sure", Type: NodeConfirm, Confirmation: "Call for {{context.entities.ask}}?", Transitions: []Transition{
			{If: &Condition{DialogAct: DialogActYes}, To: "call"},
			{If: &Condition{DialogAct: DialogActNo}, To: "cancelled"},
		}},
		Node{Name: "cancelled", Type: NodeMessage, Message: "Nothing was done.", Transitions: []Transition{{To: ""}}})
	return b
}

// confirm is confirmBot's confirmation node.
func confirm(b *Bot) *Node { return &b.Dialogs[0].Nodes[5] }

// formCall turns smallBot's call into a form POST and returns it.
func formCall(b *Bot) *Service {
	s := b.Dialogs[0].Nodes[2].Service
	s.Method = "post"
	s.Headers = append(s.Headers, Header{Name: "content-type", Value: FormContentType})
	s.Form = []Param{{Name: "name", Value: "{{context.entities.ask}}"}}
	return s
}

func TestCheckAcceptsAConsistentBot(t *testing.T) {
	if problems := smallBot().Check(); problems != nil {
		t.Fatalf("Check = %q, want none", problems)
	}
	// The Authorization header may use a secured variable, whatever the
	// case of its name.
	auth := smallBot()
	auth.Dialogs[0].Nodes[2].Service.Headers[0].Name = "authorization"
	if problems := auth.Check(); problems != nil {
		t.Fatalf("Check with an authorization header = %q, want none", problems)
	}
	b := smallBot()
	formCall(b)
	if problems := b.Check(); problems != nil {
		t.Fatalf("Check of a form call = %q, want none", problems)
	}
	if problems := confirmBot().Check(); problems != nil {
		t.Fatalf("Check of a confirmation = %q, want none", problems)
	}
}

// A confirmation branches on its two answers, and on nothing else; no
// other node tests an answer.
func TestCheckConfirmations(t *testing.T) {
	yes := Transition{If: &Condition{DialogAct: DialogActYes}, To: "call"}
	no := Transition{If: &Condition{DialogAct: DialogActNo}, To: "cancelled"}
	const rule = `node "sure": a confirmation node's transitions must be on the answers "yes" then "no"`
	tests := []struct {
		name    string
		breakIt func(b *Bot)
		want    string
	}{
		{"no question", func(b *Bot) { confirm(b).Confirmation = " " }, `node "sure": confirmation node without a question`},
		{"yes only", func(b *Bot) { confirm(b).Transitions = []Transition{yes} }, rule + `, not ["yes"]`},
		{"no before yes", func(b *Bot) { confirm(b).Transitions = []Transition{no, yes} }, rule + `, not ["no" "yes"]`},
		{"an unconditional transition too", func(b *Bot) {
			confirm(b).Transitions = append(confirm(b).Transitions, Transition{To: ""})
		}, rule + `, not ["yes" "no" "(unconditional)"]`},
		{"a context condition", func(b *Bot) {
			confirm(b).Transitions[1] = Transition{If: &Condition{Context: "context.x", Op: "eq", Value: "1"}, To: "cancelled"}
		}, rule + `, not ["yes" "(context context.x)"]`},
		{"an answer of another kind", func(b *Bot) { confirm(b).Transitions[1].If.DialogAct = "maybe" }, rule + `, not ["yes" "maybe"]`},
		{"an answer and a context path", func(b *Bot) { confirm(b).Transitions[0].If.Context = "context.x" },
			`node "sure": transition 0 tests both an answer and a context path`},
		{"an answer elsewhere", func(b *Bot) {
			b.Dialogs[0].Nodes[2].Transitions[0].If = &Condition{DialogAct: DialogActYes}
		}, `node "call": transition 0 tests the answer "yes", but only a confirmation node has one`},
		{"a secured variable in the question", func(b *Bot) { confirm(b).Confirmation = "{{env.key}}?" },
			`node "sure": confirmation: uses the secured env variable key`},
		{"an undeclared variable in the question", func(b *Bot) { confirm(b).Confirmation = "{{env.nope}}?" },
			"env.nope is used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := confirmBot()
			tt.breakIt(b)
			problems := strings.Join(b.Check(), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("Check = %q, want a problem mentioning %q", problems, tt.want)
			}
		})
	}
	// Both answers lead somewhere, so the confirmation itself never ends
	// the dialog: with "no" looping back, no path reaches the end.
	b := confirmBot()
	d := &b.Dialogs[0]
	d.Nodes[2].Transitions = []Transition{{To: "ask"}}
	d.Nodes[3].Transitions = []Transition{{To: "ask"}}
	d.Nodes[4].Transitions = []Transition{{To: "ask"}}
	d.Nodes[6].Transitions = []Transition{{To: "ask"}}
	if problems := strings.Join(b.Check(), "\n"); !strings.Contains(problems, "no path from the intent reaches the end") {
		t.Errorf("Check = %q, want the end unreachable", problems)
	}
}

// TestCheckFires breaks the bot in one way at a time and expects Check to
// name the problem.
func TestCheckFires(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(b *Bot)
		want    string
	}{
		{"no label", func(b *Bot) { b.Label = "" }, "bot has no Label"},
		{"duplicate dialog key", func(b *Bot) { b.Dialogs = append(b.Dialogs, b.Dialogs[0]) }, `two dialogs have the Key "d"`},
		{"dialog without key", func(b *Bot) { b.Dialogs[0].Key = "" }, `dialog "D" has no Key`},
		{"first node not intent", func(b *Bot) { b.Dialogs[0].Nodes = b.Dialogs[0].Nodes[1:] }, "the first node must be an intent node"},
		{"second intent", func(b *Bot) { b.Dialogs[0].Nodes[3].Type = NodeIntent }, `node "ok": only the first node may be an intent node`},
		{"node without name", func(b *Bot) { b.Dialogs[0].Nodes[3].Name = "" }, "node 3 has no Name"},
		{"duplicate node name", func(b *Bot) { b.Dialogs[0].Nodes[3].Name = "failed" }, `two nodes are named "failed"`},
		{"transition to no node", func(b *Bot) { b.Dialogs[0].Nodes[1].Transitions[0].To = "nowhere" }, `node "ask": transition to unknown node "nowhere"`},
		{"transition after the unconditional one", func(b *Bot) {
			n := &b.Dialogs[0].Nodes[2]
			n.Transitions = append(n.Transitions, Transition{To: "ok"})
		}, `node "call": a transition follows the unconditional one`},
		{"unreachable node", func(b *Bot) { b.Dialogs[0].Nodes[2].Transitions = []Transition{{To: "ok"}} }, `node "failed" is unreachable from the intent`},
		{"end unreachable", func(b *Bot) {
			nodes := b.Dialogs[0].Nodes
			nodes[2].Transitions = []Transition{{To: "ask"}}
			nodes[3].Transitions = []Transition{{To: "ask"}}
			nodes[4].Transitions = []Transition{{To: "ask"}}
		}, "no path from the intent reaches the end"},
		{"entity without content", func(b *Bot) { b.Dialogs[0].Nodes[1].Entity = nil }, "entity node without Entity"},
		{"service without content", func(b *Bot) { b.Dialogs[0].Nodes[2].Service = nil }, "service node without Service"},
		{"unknown node type", func(b *Bot) { b.Dialogs[0].Nodes[3].Type = "agentTransfer" }, `unsupported node type "agentTransfer"`},
		{"unknown auth profile", func(b *Bot) { b.AuthProfiles = nil }, `names auth profile "p", which the bot does not have`},
		{"reserved auth profile", func(b *Bot) { b.AuthProfiles[0].Name = NoAuthProfile }, `auth profile name "none" is reserved`},
		{"duplicate auth profile", func(b *Bot) { b.AuthProfiles = append(b.AuthProfiles, b.AuthProfiles[0]) }, `two auth profiles are named "p"`},
		{"undeclared env variable in a URL", func(b *Bot) { b.EnvVars = b.EnvVars[1:] }, "env.base is used"},
		{"undeclared env variable in a header", func(b *Bot) { b.EnvVars = b.EnvVars[:1] }, "env.key is used"},
		{"undeclared env variable in a script", func(b *Bot) {
			b.Dialogs[0].Nodes[3] = Node{Name: "ok", Type: NodeScript, Script: "var r = env.region;"}
		}, "env.region is used"},
		{"undeclared env variable in a prompt", func(b *Bot) { b.Dialogs[0].Nodes[1].Entity.Prompt = "{{env.dashboard}}" }, "env.dashboard is used"},
		{"duplicate env variable", func(b *Bot) { b.EnvVars[1].Key = "base" }, `two env variables have the Key "base"`},
		{"env variable without key", func(b *Bot) { b.EnvVars[1].Key = "" }, "env variable with no Key"},
		{"form without form content type", func(b *Bot) {
			b.Dialogs[0].Nodes[2].Service.Form = []Param{{Name: "name", Value: "x"}}
		}, "a form body needs the header Content-Type: application/x-www-form-urlencoded"},
		{"form field without name", func(b *Bot) { formCall(b).Form = []Param{{Value: "x"}} }, "a form field has no name"},
		{"form field twice", func(b *Bot) {
			formCall(b).Form = []Param{{Name: "a", Value: "x"}, {Name: "a", Value: "y"}}
		}, `form field "a" is set twice`},
		{"undeclared env variable in a form value", func(b *Bot) {
			formCall(b).Form = []Param{{Name: "a", Value: "{{env.secret}}"}}
		}, "env.secret is used"},
		// A secured env variable anywhere but the Authorization header
		// would be told to whoever talks to the bot.
		{"secured variable in a message", func(b *Bot) { b.Dialogs[0].Nodes[3].Message = "Key: {{env.key}}" },
			`node "ok": message: uses the secured env variable key`},
		{"secured variable in a prompt", func(b *Bot) { b.Dialogs[0].Nodes[1].Entity.Prompt = "{{ env.key }}?" },
			`node "ask": prompt: uses the secured env variable key`},
		{"secured variable in an error prompt", func(b *Bot) { b.Dialogs[0].Nodes[1].Entity.ErrorPrompt = "{{env['key']}}" },
			`node "ask": error prompt: uses the secured env variable key`},
		{"secured variable in an utterance", func(b *Bot) { b.Dialogs[0].Utterances = []string{"show {{env.key}}"} },
			`dialog "d": utterance: uses the secured env variable key`},
		{"secured variable in a dialog name", func(b *Bot) { b.Dialogs[0].Name = "{{env.key}}" },
			`dialog "d": name: uses the secured env variable key`},
		{"secured variable in a script", func(b *Bot) {
			b.Dialogs[0].Nodes[3].Type, b.Dialogs[0].Nodes[3].Script = NodeScript, `context.k = env.key;`
		},
			`node "ok": script: uses the secured env variable key`},
		{"secured variable in a script, by index", func(b *Bot) {
			b.Dialogs[0].Nodes[3].Type, b.Dialogs[0].Nodes[3].Script = NodeScript, `context.k = env[ "key" ];`
		}, `node "ok": script: uses the secured env variable key`},
		{"secured variable in a form value", func(b *Bot) { formCall(b).Form = []Param{{Name: "k", Value: "{{env.key}}"}} },
			`node "call": form field "k": uses the secured env variable key`},
		{"secured variable in a URL", func(b *Bot) { b.Dialogs[0].Nodes[2].Service.URL = "{{env.base}}/v1/x?k={{env.key}}" },
			`node "call": URL: uses the secured env variable key`},
		{"secured variable in another header", func(b *Bot) {
			s := b.Dialogs[0].Nodes[2].Service
			s.Headers = append(s.Headers, Header{Name: "X-Debug", Value: "{{env.key}}"})
		}, `node "call": header "X-Debug": uses the secured env variable key`},
		{"secured variable in a condition", func(b *Bot) { b.Dialogs[0].Nodes[2].Transitions[0].If.Value = "{{env.key}}" },
			`node "call": transition condition: uses the secured env variable key`},
		{"secured variable in the bot's description", func(b *Bot) { b.Description = "{{env.key}}" },
			`bot description: uses the secured env variable key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := smallBot()
			tt.breakIt(b)
			problems := strings.Join(b.Check(), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("Check = %q, want a problem mentioning %q", problems, tt.want)
			}
		})
	}
}

func TestEnvRefs(t *testing.T) {
	tests := []struct {
		text   string
		script bool
		want   []string
	}{
		{"{{env.a}} and {{ env.b + env.c }}", false, []string{"a", "b", "c"}},
		{"env.a outside a template", false, nil},
		{"{{env.a", false, nil},
		{"var x = env.a; y = context.env.b; z = myenv.c; w = env.1", true, []string{"a"}},
		{"env.$x_1 env.", true, []string{"$x_1"}},
		{`env["a"] + env[ 'b' ] + env[` + "`c`" + `] + env[x] + environment.d + env["e`, true, []string{"a", "b", "c"}},
		{"{{ env . a }} {{env['b']}}", false, []string{"a", "b"}},
	}
	for _, tt := range tests {
		used := map[string]bool{}
		if tt.script {
			AddScriptEnvRefs(tt.text, used)
		} else {
			AddTemplateEnvRefs(tt.text, used)
		}
		got := slices.Sorted(maps.Keys(used))
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("env refs of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}
