package kore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The self-check used to decode botDefinition.json twice with
// encoding/json and find env variables with regular expressions. Those
// are kept here as the oracle that checkReader must agree with.

type oracleDefinition struct {
	Dialogs []struct {
		ID    string `json:"_id"`
		Lname string `json:"lname"`
		Nodes []struct {
			NodeID      string `json:"nodeId"`
			Type        string `json:"type"`
			ComponentID string `json:"componentId"`
			Transitions []struct {
				If      json.RawMessage `json:"if"`
				Then    *string         `json:"then"`
				Default *string         `json:"default"`
			} `json:"transitions"`
		} `json:"nodes"`
	} `json:"dialogs"`
	DialogComponents  []checkedComponentJSON `json:"dialogComponents"`
	IdpConfigurations []struct {
		Name string `json:"name"`
	} `json:"idpConfigurations"`
}

type checkedComponentJSON struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Idp      string `json:"idp"`
	DialogID string `json:"dialogId"`
}

func (o *oracleDefinition) checked() *checkedDefinition {
	def := &checkedDefinition{}
	for _, d := range o.Dialogs {
		cd := checkedDialog{ID: d.ID, Lname: d.Lname}
		for _, n := range d.Nodes {
			cn := checkedNode{NodeID: n.NodeID, Type: n.Type, ComponentID: n.ComponentID}
			for _, t := range n.Transitions {
				cn.Transitions = append(cn.Transitions, checkedTransition{If: len(t.If) > 0, Then: t.Then, Default: t.Default})
			}
			cd.Nodes = append(cd.Nodes, cn)
		}
		def.Dialogs = append(def.Dialogs, cd)
	}
	for _, c := range o.DialogComponents {
		def.DialogComponents = append(def.DialogComponents, checkedComponent(c))
	}
	for _, p := range o.IdpConfigurations {
		def.IdpConfigurations = append(def.IdpConfigurations, checkedProfile{Name: p.Name})
	}
	return def
}

var (
	oracleTemplateRe = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)
	oracleEnvRefRe   = regexp.MustCompile(`(?:^|[^\w$.])env\.([A-Za-z_$][\w$]*)`)
)

func oracleEnvRefs(v any, key string, used map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			oracleEnvRefs(x, k, used)
		}
	case []any:
		for _, x := range v {
			oracleEnvRefs(x, key, used)
		}
	case string:
		texts := []string{v}
		if strings.Contains(v, "%") {
			if dec, err := DecodeURIComponent(v); err == nil && dec != v {
				texts = append(texts, dec)
			}
		}
		for _, s := range texts {
			if key == "script" {
				oracleAddEnvRefs(s, used)
				continue
			}
			for _, m := range oracleTemplateRe.FindAllStringSubmatch(s, -1) {
				oracleAddEnvRefs(m[1], used)
			}
		}
	}
}

func oracleAddEnvRefs(s string, used map[string]bool) {
	for _, m := range oracleEnvRefRe.FindAllStringSubmatch(s, -1) {
		used[m[1]] = true
	}
}

// compareWithOracle reads data both ways and reports any difference.
func compareWithOracle(t *testing.T, data []byte) {
	t.Helper()
	def, used, err := readDefinition(data)
	var o oracleDefinition
	oerr := json.Unmarshal(data, &o)
	if (err != nil) != (oerr != nil) {
		t.Fatalf("readDefinition error %v, encoding/json error %v", err, oerr)
	}
	if err != nil {
		return
	}
	if diff := cmp.Diff(o.checked(), def, cmp.Comparer(func(a, b checkedDefinition) bool {
		return cmp.Equal(normalize(a), normalize(b))
	})); diff != "" {
		t.Errorf("readDefinition differs from encoding/json (-want +got):\n%s", diff)
	}
	var doc any
	json.Unmarshal(data, &doc)
	want := map[string]bool{}
	oracleEnvRefs(doc, "", want)
	if diff := cmp.Diff(want, used); diff != "" {
		t.Errorf("env variables differ (-want +got):\n%s", diff)
	}
}

// normalize makes empty and nil slices compare equal.
func normalize(d checkedDefinition) string {
	out, _ := json.Marshal(d)
	return strings.ReplaceAll(string(out), "null", "[]")
}

func TestCheckReaderAgreesWithEncodingJSON(t *testing.T) {
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	inputs := [][]byte{x.BotDefinition}
	goldens, _ := filepath.Glob(filepath.Join("..", "..", "out", "*", BotDefinitionFile))
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	inputs = append(inputs,
		[]byte(`null`), []byte(`{}`), []byte(`{"dialogs":null}`), []byte(` { "dialogs" : [ ] } `),
		[]byte(`{"dialogs":[{"_id":"a","_id":"b","nodes":[{"transitions":[{"if":null,"then":null,"default":"x"}]}]}]}`),
		[]byte(`{"dialogs":[{"nodes":[{"transitions":[{"if":{"a":[1,2]},"then":"y"}]}]}],"dialogs":[]}`),
		[]byte(`{"x":{"script":["context.a = env.one;","env.two"],"text":"{{env.three}} env.four %7B%7Benv.five%7D%7D"}}`),
		[]byte(`{"text":"{{ \"\\u0065nv.six\" + env.seven }}","script":"x.env.no + myenv.no + env.$ok + env.9no + (env.a_1)"}`),
		[]byte(`{"text":"%7B%7B%65nv.x%7D%7D","script":"%65%6Ev.y + e%6ev.z + en%76.w","t":"%7B%7Benv.u%7D%7D %ZZ"}`),
		[]byte(`{"dialogComponents":[{"_id":5}]}`), []byte(`{"dialogs":{}}`), []byte(`[]`), []byte(`"s"`),
		[]byte(`{"a":1.5e+3,"b":-0,"c":[true,false,null]}`), []byte(`{"a":01}`), []byte(`{"a":1.}`),
		[]byte(`{"a":"\x01"}`), []byte(`{"a":"\q"}`), []byte(`{"a":"\u12"}`), []byte(`{"a" 1}`), []byte(`{"a":1,}`),
		[]byte(`{"a":[1 2]}`), []byte(`{} x`), []byte(``), []byte(`{"a":tru}`), []byte(`{"dialogs":[{"lname":"\ud83d\ude00 \ud800 \xff"}]}`),
	)
	for _, in := range inputs {
		t.Run("", func(t *testing.T) { compareWithOracle(t, in) })
	}
}

// FuzzCheckReader compares checkReader with encoding/json and the old
// regular expressions on any input.
func FuzzCheckReader(f *testing.F) {
	f.Add(`{"dialogs":[{"_id":"d","nodes":[{"nodeId":"intent0","transitions":[{"if":{},"then":"end"}]}]}],"s":{"script":"env.a"}}`)
	f.Fuzz(func(t *testing.T, in string) {
		if hasFoldedKey([]byte(in)) {
			return // encoding/json matches keys case-insensitively; checkReader does not
		}
		compareWithOracle(t, []byte(in))
	})
}

var checkedKeys = []string{"dialogs", "dialogComponents", "idpConfigurations", "_id", "lname", "nodes",
	"nodeId", "type", "componentId", "transitions", "if", "then", "default", "name", "idp", "dialogId"}

// hasFoldedKey says whether a JSON document has a key that encoding/json
// would take for one Check reads, but spelt in another case.
func hasFoldedKey(data []byte) bool {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return false
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				for _, known := range checkedKeys {
					if k != known && strings.EqualFold(k, known) {
						return true
					}
				}
				if walk(x) {
					return true
				}
			}
		case []any:
			for _, x := range v {
				if walk(x) {
					return true
				}
			}
		}
		return false
	}
	return walk(doc)
}

func BenchmarkReadDefinition(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "out", "payments_assistant", BotDefinitionFile))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := readDefinition(data); err != nil {
			b.Fatal(err)
		}
	}
}
