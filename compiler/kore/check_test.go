package kore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestCheckPassesSample makes sure the sample is a valid baseline for the
// breakages below.
func TestCheckPassesSample(t *testing.T) {
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(x); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFires breaks a correct export in one way at a time and expects
// Check to name the problem.
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
				jsonNode(doc, 0, 1)["componentId"] = "dc-missing"
			},
			want: "componentId dc-missing names no component",
		},
		{
			name: "node type differs from component type",
			breakIt: func(doc map[string]any) {
				jsonNode(doc, 0, 1)["type"] = "message"
			},
			want: `node type "message" differs from its component's type "entity"`,
		},
		{
			name: "transition target is not a node",
			breakIt: func(doc map[string]any) {
				jsonTransition(doc, 0, 1, 0)["default"] = "entity99"
			},
			want: `transition target "entity99" is not a node of this dialog`,
		},
		{
			name: "transition target is a node of another dialog",
			breakIt: func(doc map[string]any) {
				jsonTransition(doc, 0, 1, 0)["default"] = "script5" // exists in list_invoices only
			},
			want: `transition target "script5" is not a node of this dialog`,
		},
		{
			name: "transition is neither if/then nor default",
			breakIt: func(doc map[string]any) {
				delete(jsonTransition(doc, 0, 1, 0), "default")
			},
			want: "transition 0 is neither {if, then} nor {default}",
		},
		{
			name: "default transition not last",
			breakIt: func(doc map[string]any) {
				ts := jsonNode(doc, 0, 4)["transitions"].([]any)
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
			file: ConfigFile,
			breakIt: func(doc map[string]any) {
				vars := doc["envVariables"].([]any)
				doc["envVariables"] = vars[:1] // drops stripe_api_key
			},
			want: "env.stripe_api_key is used but config.json declares no such variable",
		},
		{
			name: "env variable used in an encoded message is not declared",
			breakIt: func(doc map[string]any) {
				c := jsonComponent(doc, "customerCreated")
				c["message"].([]any)[0].(map[string]any)["localeData"].(map[string]any)["en"].(map[string]any)["text"] =
					EncodeURIComponent("Go to {{env.dashboard_url}}")
			},
			want: "env.dashboard_url is used",
		},
		{
			name: "env variable used in a script is not declared",
			breakIt: func(doc map[string]any) {
				jsonComponent(doc, "formatInvoices")["script"] = EncodeURIComponent("context.x = env.region;")
			},
			want: "env.region is used",
		},
		{
			name: "node unreachable from intent0",
			breakIt: func(doc map[string]any) {
				// entity2 → script3 skips nothing; instead point the intent
				// straight at the service node so the entities are orphaned.
				jsonTransition(doc, 0, 0, 0)["default"] = "script3"
			},
			want: "node entity1 is unreachable from intent0",
		},
		{
			name: "dialog cannot reach its end",
			breakIt: func(doc map[string]any) {
				for _, i := range []int{5, 6} { // both messages loop back to the intent
					jsonTransition(doc, 0, i, 0)["default"] = "entity1"
				}
			},
			want: "no path from intent0 reaches the end of the dialog",
		},
		{
			name: "first node is not intent0",
			breakIt: func(doc map[string]any) {
				jsonNode(doc, 0, 0)["nodeId"] = "intent9"
				jsonTransition(doc, 0, 1, 0)["default"] = "intent9"
			},
			want: "the first node is intent9 (intent), not intent0",
		},
		{
			name: "intent component names another dialog",
			breakIt: func(doc map[string]any) {
				jsonComponent(doc, "createCustomer")["dialogId"] = "dg-other"
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
				doc[brokenJSONMarker] = true
			},
			want: "botDefinition.json is not valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := Encode(sampleBot())
			if err != nil {
				t.Fatal(err)
			}
			file := tt.file
			if file == "" {
				file = BotDefinitionFile
			}
			target := &x.BotDefinition
			if file == ConfigFile {
				target = &x.Config
			}
			*target = mutateJSON(t, *target, tt.breakIt)
			err = Check(x)
			if err == nil {
				t.Fatalf("Check passed; want a failure mentioning %q", tt.want)
			}
			var bug *BugError
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

// brokenJSONMarker makes mutateJSON return bytes that are not JSON.
const brokenJSONMarker = "\x00break"

func mutateJSON(t *testing.T, data []byte, mutate func(map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	mutate(doc)
	if _, ok := doc[brokenJSONMarker]; ok {
		return data[:len(data)/2]
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonNode(doc map[string]any, dialog, i int) map[string]any {
	d := doc["dialogs"].([]any)[dialog].(map[string]any)
	return d["nodes"].([]any)[i].(map[string]any)
}

func jsonTransition(doc map[string]any, dialog, n, i int) map[string]any {
	return jsonNode(doc, dialog, n)["transitions"].([]any)[i].(map[string]any)
}

func jsonComponent(doc map[string]any, name string) map[string]any {
	for _, c := range doc["dialogComponents"].([]any) {
		if c := c.(map[string]any); c["name"] == name {
			return c
		}
	}
	panic("no component " + name)
}
