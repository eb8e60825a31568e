package kore_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xoc-dev/xoc/compiler/internal/exportcheck"
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/kore"
)

// TestCheckPassesSample makes sure the export of the sample is a valid baseline for the
// breakages below.
func TestCheckPassesSample(t *testing.T) {
	x, err := kore.Encode(kore.SampleBot())
	if err != nil {
		t.Fatal(err)
	}
	if err := exportcheck.Check(x.BotDefinition, x.Config); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFires breaks a correct export in one way at a time and expects
// the test-only oracle, exportcheck.Check, to name the problem.
func TestCheckFires(t *testing.T) {
	tests := []struct {
		name    string
		file    string // BotDefinitionFile or ConfigFile
		breakIt func(doc map[string]any)
		want    string
	}{
		{
			name: "componentId names no component",
			breakIt: func(doc map[string]any) {
				kore.JSONNode(doc, 0, 1)["componentId"] = "dc-missing"
			},
			want: "componentId dc-missing names no component",
		},
		{
			name: "node type differs from component type",
			breakIt: func(doc map[string]any) {
				kore.JSONNode(doc, 0, 1)["type"] = "message"
			},
			want: `node type "message" differs from its component's type "entity"`,
		},
		{
			name: "transition target is not a node",
			breakIt: func(doc map[string]any) {
				kore.JSONTransition(doc, 0, 1, 0)["default"] = "entity99"
			},
			want: `transition target "entity99" is not a node of this dialog`,
		},
		{
			name: "transition target is a node of another dialog",
			breakIt: func(doc map[string]any) {
				kore.JSONTransition(doc, 0, 1, 0)["default"] = "script5" // exists in list_invoices only
			},
			want: `transition target "script5" is not a node of this dialog`,
		},
		{
			name: "transition is neither if/then nor default",
			breakIt: func(doc map[string]any) {
				delete(kore.JSONTransition(doc, 0, 1, 0), "default")
			},
			want: "transition 0 is neither {if, then} nor {default}",
		},
		{
			name: "default transition not last",
			breakIt: func(doc map[string]any) {
				ts := kore.JSONNode(doc, 0, 4)["transitions"].([]any)
				ts[0], ts[1] = ts[1], ts[0]
			},
			want: "the unconditional transition is not the last one",
		},
		{
			name: "idp names no auth profile",
			breakIt: func(doc map[string]any) {
				doc["idpConfigurations"] = []any{}
			},
			want: `idp "stripe_end_user" names no idpConfiguration`,
		},
		{
			name: "env variable used in a header is not declared",
			file: kore.ConfigFile,
			breakIt: func(doc map[string]any) {
				vars := doc["envVariables"].([]any)
				doc["envVariables"] = vars[:1] // drops stripe_api_key
			},
			want: "env.stripe_api_key is used but config.json declares no such variable",
		},
		{
			name: "env variable used in an encoded message is not declared",
			breakIt: func(doc map[string]any) {
				c := kore.JSONComponent(doc, "customerCreated")
				c["message"].([]any)[0].(map[string]any)["localeData"].(map[string]any)["en"].(map[string]any)["text"] =
					kore.EncodeURIComponent("Go to {{env.dashboard_url}}")
			},
			want: "env.dashboard_url is used",
		},
		{
			name: "env variable used in a script is not declared",
			breakIt: func(doc map[string]any) {
				kore.JSONComponent(doc, "formatInvoices")["script"] = kore.EncodeURIComponent("context.x = env.region;")
			},
			want: "env.region is used",
		},
		{
			name: "node unreachable from intent0",
			breakIt: func(doc map[string]any) {
				// entity2 → script3 skips nothing; instead point the intent
				// straight at the service node so the entities are orphaned.
				kore.JSONTransition(doc, 0, 0, 0)["default"] = "script3"
			},
			want: "node entity1 is unreachable from intent0",
		},
		{
			name: "dialog cannot reach its end",
			breakIt: func(doc map[string]any) {
				for _, i := range []int{5, 6} { // both messages loop back to the intent
					kore.JSONTransition(doc, 0, i, 0)["default"] = "entity1"
				}
			},
			want: "no path from intent0 reaches the end of the dialog",
		},
		{
			name: "first node is not intent0",
			breakIt: func(doc map[string]any) {
				kore.JSONNode(doc, 0, 0)["nodeId"] = "intent9"
				kore.JSONTransition(doc, 0, 1, 0)["default"] = "intent9"
			},
			want: "the first node is intent9 (intent), not intent0",
		},
		{
			name: "intent component names another dialog",
			breakIt: func(doc map[string]any) {
				kore.JSONComponent(doc, "createCustomer")["dialogId"] = "dg-other"
			},
			want: "intent component's dialogId dg-other is not the dialog's _id",
		},
		{
			name: "duplicate component ids",
			breakIt: func(doc map[string]any) {
				comps := doc["dialogComponents"].([]any)
				comps[1].(map[string]any)["_id"] = comps[0].(map[string]any)["_id"]
			},
			want: "two components have the _id",
		},
		{
			name: "invalid JSON",
			breakIt: func(doc map[string]any) {
				doc[kore.BrokenJSONMarker] = true
			},
			want: "botDefinition.json is not valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := kore.Encode(kore.SampleBot())
			if err != nil {
				t.Fatal(err)
			}
			file := tt.file
			if file == "" {
				file = kore.BotDefinitionFile
			}
			target := &x.BotDefinition
			if file == kore.ConfigFile {
				target = &x.Config
			}
			*target = kore.MutateJSON(t, *target, tt.breakIt)
			err = exportcheck.Check(x.BotDefinition, x.Config)
			if err == nil {
				t.Fatalf("Check passed; want a failure mentioning %q", tt.want)
			}
			var bug *kore.BugError
			if !errors.As(err, &bug) {
				t.Fatalf("Check returned %T, want *BugError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check error does not mention %q:\n%s", tt.want, err)
			}
			if !strings.Contains(err.Error(), "xoc bug") {
				t.Errorf("Check error does not say it is an xoc bug:\n%s", err)
			}
		})
	}
}

// FuzzEncode feeds arbitrary names and texts through the writer: it must
// never panic, and whatever it accepts must be valid JSON that the
// test-only oracle, which reads the bytes, finds consistent.
func FuzzEncode(f *testing.F) {
	f.Add("payments_assistant", "name", "Smith & Sons", "{{env.stripe_base_url}}/v1/x", "a&b")
	f.Add("", "", "", "", "")
	f.Add("bot", "intent0", "%zz {{env.}}", "https://h:1/p?q={{context.a}}", "\xff")
	f.Add("bot", "n", "{{env.undeclared}}", "{{env.stripe_base_url}}", "Bearer {{env.nope}}")
	f.Fuzz(func(t *testing.T, label, nodeName, text, url, header string) {
		b := kore.SampleBot()
		b.Label = label
		b.Dialogs[0].Nodes[1].Name = nodeName
		b.Dialogs[0].Nodes[0].Transitions[0].To = nodeName
		b.Dialogs[0].Nodes[5].Message = text
		b.Dialogs[1].Nodes[4].Service.URL = url
		b.Dialogs[1].Nodes[4].Service.Headers = []ir.Header{{Name: "X", Value: header}}
		form := &b.Dialogs[0].Nodes[4].Service.Form
		*form = append(*form, ir.Param{Name: nodeName + "[x]", Value: text})
		x, err := kore.Encode(b)
		if err != nil {
			var bug *kore.BugError
			if !errors.As(err, &bug) {
				t.Fatalf("Encode error %T, want *kore.BugError: %v", err, err)
			}
			return
		}
		if !json.Valid(x.BotDefinition) || !json.Valid(x.Config) {
			t.Fatal("invalid JSON")
		}
		if err := exportcheck.Check(x.BotDefinition, x.Config); err != nil {
			t.Fatalf("Encode wrote an export its checks accepted and the oracle rejects: %v", err)
		}
		checkFormPayload(t, x.BotDefinition, *form)
	})
}

// checkFormPayload reads createCustomerService's payload back: a JSON object
// holding exactly the form's fields, in order, with no "%" in its text.
func checkFormPayload(t *testing.T, definition []byte, form []ir.Param) {
	t.Helper()
	var def struct {
		DialogComponents []struct {
			Name    string
			Payload struct{ Value string }
		}
	}
	if err := json.Unmarshal(definition, &def); err != nil {
		t.Fatal(err)
	}
	for _, c := range def.DialogComponents {
		if c.Name != "createCustomerService" {
			continue
		}
		if strings.Contains(c.Payload.Value, "%") {
			t.Errorf("payload holds a %%: %s", c.Payload.Value)
		}
		dec := json.NewDecoder(strings.NewReader(c.Payload.Value))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("payload is not a JSON object: %s", c.Payload.Value)
		}
		for i := 0; dec.More(); i++ {
			var name, value string
			tok, err := dec.Token()
			if err == nil {
				name, _ = tok.(string)
				err = dec.Decode(&value)
			}
			if err != nil || i >= len(form) {
				t.Fatalf("payload %s: field %d: %v", c.Payload.Value, i, err)
			}
			if want := form[i]; utf8.ValidString(want.Name+want.Value) && (name != want.Name || value != want.Value) {
				t.Errorf("field %d reads back as %q=%q, want %q=%q", i, name, value, want.Name, want.Value)
			}
		}
		return
	}
	t.Fatal("no createCustomerService component")
}
