package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xoc-dev/xoc/compiler/kore/internal/shapes"
)

func mustEncode(t *testing.T, b *ir.Bot) (*Export, map[string]any) {
	t.Helper()
	x, err := Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(x.BotDefinition, &doc); err != nil {
		t.Fatal(err)
	}
	return x, doc
}

func TestEncodeIsDeterministic(t *testing.T) {
	a, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Encode(sampleBot())
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range a.Files() {
			if !bytes.Equal(f.Data, b.Files()[i].Data) {
				t.Fatalf("%s differs between two encodings of the same bot", f.Name)
			}
		}
	}
}

func TestEncodeJSONFormat(t *testing.T) {
	x, _ := mustEncode(t, sampleBot())
	for _, f := range []File{{BotDefinitionFile, x.BotDefinition}, {ConfigFile, x.Config}} {
		if !json.Valid(f.Data) {
			t.Fatalf("%s is not valid JSON", f.Name)
		}
		if !bytes.HasSuffix(f.Data, []byte("}\n")) || bytes.HasSuffix(f.Data, []byte("\n\n")) {
			t.Errorf("%s does not end with exactly one newline", f.Name)
		}
		if !bytes.HasPrefix(f.Data, []byte("{\n  \"")) {
			t.Errorf("%s is not indented with two spaces", f.Name)
		}
		// Round trip: decoding and re-encoding with the same settings gives
		// the same bytes, so nothing is lost or reordered by a reader.
		var v any
		if err := json.Unmarshal(f.Data, &v); err != nil {
			t.Fatal(err)
		}
		var ordered json.RawMessage = f.Data
		again, err := marshal(ordered)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, f.Data) {
			t.Errorf("%s is not in canonical indented form", f.Name)
		}
	}
}

func TestEncodeDoesNotEscapeHTML(t *testing.T) {
	b := sampleBot()
	b.Description = "Smith & Sons <billing>"
	b.Dialogs[0].Nodes[4].Service.Headers = append(b.Dialogs[0].Nodes[4].Service.Headers, ir.Header{Name: "X-Note", Value: "a&b <c>"})
	x, _ := mustEncode(t, b)
	for _, bad := range []string{`\u0026`, `\u003c`, `\u003e`} {
		if bytes.Contains(x.BotDefinition, []byte(bad)) || bytes.Contains(x.Config, []byte(bad)) {
			t.Errorf("output contains %s", bad)
		}
	}
	for _, want := range []string{`"description": "Smith & Sons <billing>"`, `\"X-Note\":\"a&b <c>\"`} {
		if !bytes.Contains(x.BotDefinition, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestEncodeTopLevelKeysOfNewestExport(t *testing.T) {
	root, err := shapes.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(shapes.ReferenceDir(root), "code-review-bot", BotDefinitionFile))
	if err != nil {
		t.Skipf("newest reference export not available (it lives outside the repository): %v", err)
	}
	want, err := topLevelKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	want = slices.DeleteFunc(want, func(k string) bool { return k == "encryptedHash" }) // deliberately left out
	x, _ := mustEncode(t, sampleBot())
	got, err := topLevelKeys(x.BotDefinition)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("top-level keys (-newest export +ours):\n%s", diff)
	}
}

// topLevelKeys returns the keys of a JSON object in document order.
func topLevelKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func TestEncodeLabelChangesEveryID(t *testing.T) {
	a, _ := mustEncode(t, sampleBot())
	b := sampleBot()
	b.Label = "other_bot"
	x, _ := mustEncode(t, b)
	idRe := `[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	for _, id := range regexpAll(idRe, a.BotDefinition) {
		if bytes.Contains(x.BotDefinition, []byte(id)) {
			t.Errorf("id %s survives a change of the bot label", id)
		}
	}
}

func TestEncodeRejectsInvalidIR(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(b *ir.Bot)
		want    string
	}{
		{"no label", func(b *ir.Bot) { b.Label = "" }, "bot has no Label"},
		{"duplicate dialog key", func(b *ir.Bot) { b.Dialogs[1].Key = b.Dialogs[0].Key }, `two dialogs have the Key "create_customer"`},
		{"first node not intent", func(b *ir.Bot) { b.Dialogs[0].Nodes = b.Dialogs[0].Nodes[1:] }, "the first node must be an intent node"},
		{"duplicate node name", func(b *ir.Bot) { b.Dialogs[0].Nodes[2].Name = "name" }, `two nodes are named "name"`},
		{"unknown transition target", func(b *ir.Bot) { b.Dialogs[0].Nodes[1].Transitions[0].To = "nowhere" }, `transition to unknown node "nowhere"`},
		{"transition after default", func(b *ir.Bot) {
			n := &b.Dialogs[0].Nodes[4]
			n.Transitions = append(n.Transitions, ir.Transition{To: "customerCreated"})
		}, "a transition follows the unconditional one"},
		{"entity without content", func(b *ir.Bot) { b.Dialogs[0].Nodes[1].Entity = nil }, "entity node without Entity"},
		{"service without content", func(b *ir.Bot) { b.Dialogs[0].Nodes[4].Service = nil }, "service node without Service"},
		{"unknown node type", func(b *ir.Bot) { b.Dialogs[0].Nodes[5].Type = "agentTransfer" }, `unsupported node type "agentTransfer"`},
		{"unknown auth profile", func(b *ir.Bot) { b.AuthProfiles = nil }, `names auth profile "stripe_end_user", which the bot does not have`},
		{"undeclared env variable", func(b *ir.Bot) { b.EnvVars = b.EnvVars[1:] }, "env.stripe_base_url is used"},
		{"duplicate env variable", func(b *ir.Bot) { b.EnvVars[1].Key = b.EnvVars[0].Key }, `two env variables have the Key "stripe_base_url"`},
		{"dialog without name", func(b *ir.Bot) { b.Dialogs[1].Name = "" }, `dialog "list_invoices" has no Name`},
		{"repeated header", func(b *ir.Bot) {
			s := b.Dialogs[0].Nodes[4].Service
			s.Headers = append(s.Headers, ir.Header{Name: "content-type", Value: ir.FormContentType})
		}, `header "content-type" is set twice`},
		{"reserved profile name", func(b *ir.Bot) { b.AuthProfiles[0].Name = "none" }, `auth profile name "none" is reserved`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := sampleBot()
			tt.breakIt(b)
			_, err := Encode(b)
			var bug *BugError
			if !errors.As(err, &bug) {
				t.Fatalf("Encode error = %v, want a *BugError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "xoc bug") {
				t.Errorf("Encode error does not mention %q:\n%s", tt.want, err)
			}
		})
	}
	if _, err := Encode(nil); err == nil {
		t.Error("Encode(nil) succeeded")
	}
}

func regexpAll(re string, data []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(re).FindAll(data, -1) {
		out = append(out, string(m))
	}
	return out
}
