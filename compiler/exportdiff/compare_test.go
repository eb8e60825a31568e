package exportdiff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xoc-dev/xoc/internal/koretest"
)

// committed reads one of the committed exports under out/.
func committed(t *testing.T, label string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"botDefinition.json", "config.json", "icon.png"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "out", label, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

func exportOf(files map[string][]byte) Export {
	return Export{Definition: files["botDefinition.json"], Config: files["config.json"]}
}

// platformCopy is files after a round trip through the platform: new
// _ids, timestamps, encryptedHash, arrays reordered, secured values gone.
func platformCopy(t *testing.T, files map[string][]byte) map[string][]byte {
	t.Helper()
	out, err := koretest.PlatformCopy(files)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTripThroughThePlatformIsNoChange(t *testing.T) {
	for _, label := range []string{"payments_assistant", "billing_self_service"} {
		t.Run(label, func(t *testing.T) {
			built := committed(t, label)
			live := platformCopy(t, built)
			if string(live["botDefinition.json"]) == string(built["botDefinition.json"]) {
				t.Fatal("the platform's copy should differ in bytes")
			}
			changes, err := Compare(exportOf(live), exportOf(built))
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 0 {
				t.Errorf("a round trip changed nothing, but Compare reports:\n%s", Format(changes))
			}
		})
	}
}

// The real exports decode, and a round trip changes none of them.
func TestReferenceExports(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "reference", "kore-exports")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no reference exports: %v", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			files := map[string][]byte{}
			for _, name := range []string{"botDefinition.json", "config.json"} {
				data, err := os.ReadFile(filepath.Join(dir, e.Name(), name))
				if err != nil {
					t.Fatal(err)
				}
				files[name] = data
			}
			m, err := decode(exportOf(files))
			if err != nil {
				t.Fatal(err)
			}
			if len(m.dialogs) == 0 {
				t.Fatal("no dialog decoded")
			}
			for _, d := range m.dialogs {
				if len(d.nodes) == 0 {
					t.Errorf("dialog %q: no node decoded", d.name)
				}
			}
			// A reference export's secured values are not part of the
			// comparison; the platform copy empties them.
			changes, err := Compare(exportOf(platformCopy(t, files)), exportOf(files))
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 0 {
				t.Errorf("a round trip changed nothing, but Compare reports:\n%s", Format(changes))
			}
		})
	}
}

// edit decodes an export, lets change edit it, and encodes it again.
func edit(t *testing.T, files map[string][]byte, change func(def, cfg map[string]any)) map[string][]byte {
	t.Helper()
	var def, cfg map[string]any
	if err := json.Unmarshal(files["botDefinition.json"], &def); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(files["config.json"], &cfg); err != nil {
		t.Fatal(err)
	}
	change(def, cfg)
	out := map[string][]byte{"icon.png": files["icon.png"]}
	out["botDefinition.json"], _ = json.Marshal(def)
	out["config.json"], _ = json.Marshal(cfg)
	return out
}

// component finds a dialog component by name.
func component(t *testing.T, def map[string]any, name string) map[string]any {
	t.Helper()
	for _, c := range def["dialogComponents"].([]any) {
		if c := c.(map[string]any); c["name"] == name {
			return c
		}
	}
	t.Fatalf("no component %q", name)
	return nil
}

func ptr(s string) *string { return &s }

func TestReportsExactlyTheEdit(t *testing.T) {
	const dialog = "Create a Customer"
	built := committed(t, "payments_assistant")
	var refID string
	{
		var def definition
		json.Unmarshal(built["botDefinition.json"], &def)
		for _, d := range def.Dialogs {
			if d.LName == strings.ToLower(dialog) {
				refID = d.RefID
			}
		}
		if refID == "" {
			t.Fatalf("no dialog %q in the example", dialog)
		}
	}
	prompt := func(c map[string]any) map[string]any {
		return c["message"].([]any)[0].(map[string]any)["localeData"].(map[string]any)["en"].(map[string]any)
	}
	tests := []struct {
		name string
		edit func(t *testing.T, def, cfg map[string]any)
		want []Change
	}{{
		name: "prompt",
		edit: func(t *testing.T, def, cfg map[string]any) {
			prompt(component(t, def, "name"))["text"] = "Who%20is%20the%20customer%3F"
		},
		want: []Change{{Op: Changed, Kind: KindNode, Dialog: dialog, DialogRefID: refID, Node: "name", NodeType: "entity",
			Field: "prompt", Live: ptr("Who is the customer?"), Built: ptr("What is the customer's full name?")}},
	}, {
		name: "utterance added in the UI",
		edit: func(t *testing.T, def, cfg map[string]any) {
			intent := component(t, def, "createCustomer")
			def["sentences"] = append(def["sentences"].([]any), map[string]any{
				"_id": "65f0", "taskId": intent["_id"], "type": "DialogIntent", "sentence": "add a  client", "language": "en"})
		},
		want: []Change{{Op: Removed, Kind: KindUtterance, Dialog: dialog, DialogRefID: refID, Name: "add a client"}},
	}, {
		name: "call",
		edit: func(t *testing.T, def, cfg map[string]any) {
			ep := component(t, def, "createCustomerService")["endPoint"].(map[string]any)
			ep["path"] = "{{env.stripe_base_url}}/v2/customers"
		},
		want: []Change{{Op: Changed, Kind: KindNode, Dialog: dialog, DialogRefID: refID, Node: "createCustomerService", NodeType: "service",
			Field: "call", Live: ptr("POST {{env.stripe_base_url}}/v2/customers"), Built: ptr("POST {{env.stripe_base_url}}/v1/customers")}},
	}, {
		name: "env variable",
		edit: func(t *testing.T, def, cfg map[string]any) {
			for _, v := range cfg["envVariables"].([]any) {
				if v := v.(map[string]any); v["key"] == "stripe_base_url" {
					v["value"] = "https://proxy.example.com"
				}
			}
		},
		want: []Change{{Op: Changed, Kind: KindEnvVariable, Name: "stripe_base_url", Field: "value",
			Live: ptr("https://proxy.example.com"), Built: ptr("https://api.stripe.com")}},
	}, {
		name: "secured value set in the platform",
		edit: func(t *testing.T, def, cfg map[string]any) {
			for _, v := range cfg["envVariables"].([]any) {
				if v := v.(map[string]any); v["key"] == "stripe_api_key" {
					v["value"] = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"
				}
			}
		},
		want: nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live := edit(t, built, func(def, cfg map[string]any) { tt.edit(t, def, cfg) })
			changes, err := Compare(exportOf(platformCopy(t, live)), exportOf(built))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s\n%s", diff, Format(changes))
			}
			if strings.Contains(Format(changes), "CANARY") {
				t.Error("a secured value was shown")
			}
		})
	}
}
