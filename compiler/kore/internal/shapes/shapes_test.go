package shapes

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sample = `{
  "_id": "st-1",
  "localeData": {"en": {"name": "A", "synonyms": {"create": ["make"], "alter": ["change"]}}, "de": {"name": "B"}},
  "dialogComponents": [
    {"_id": "dc-1", "type": "service", "endPoint": {"method": "get"}, "idp": "none"},
    {"_id": "dc-2", "type": "message", "message": []},
    {"_id": "dc-3", "type": "service", "endPoint": {"method": "post"}, "idp": null}
  ],
  "dialogs": [{"nodes": [{"type": "intent", "nodeId": "intent0"}, {"type": "entity", "nodeId": "entity1"}]}],
  "scenes": [{"components": {"snc-1": {"seqId": "Id1"}, "snc-2": {"seqId": "Id2"}}}]
}`

func sampleShape(t *testing.T) *Shape {
	t.Helper()
	doc, err := Decode([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	s := NewShape()
	s.Add(doc)
	return s
}

func TestTypes(t *testing.T) {
	s := sampleShape(t)
	for path, want := range map[string]string{
		"_id":                                "string",
		"localeData":                         "object",
		"localeData.*.name":                  "string", // language codes fold
		"localeData.*.synonyms.*":            "array",  // synonym words fold
		"localeData.*.synonyms.*[]":          "string",
		"dialogComponents[]._id":             "string",
		"dialogComponents[].idp":             "null|string",
		"dialogComponents[type=service].idp": "null|string",
		"dialogComponents[type=service].endPoint.method": "string",
		"dialogComponents[type=message].message":         "array",
		"dialogs[].nodes[type=entity].nodeId":            "string",
		"scenes[].components.*.seqId":                    "string", // ids fold
	} {
		if got := s.Types[path]; got != want {
			t.Errorf("Types[%q] = %q, want %q", path, got, want)
		}
	}
	for _, path := range []string{"localeData.en.name", "localeData.*.synonyms.create", "dialogComponents[type=message].idp", "scenes[].components.snc-1"} {
		if _, ok := s.Types[path]; ok {
			t.Errorf("unexpected path %q", path)
		}
	}
}

func TestKinds(t *testing.T) {
	s := sampleShape(t)
	want := map[string]*Kind{
		Root:                             {Count: 1, Keys: map[string]int{"_id": 1, "localeData": 1, "dialogComponents": 1, "dialogs": 1, "scenes": 1}},
		"localeData":                     {Count: 1, Keys: map[string]int{"*": 1}}, // two languages, one object
		"localeData.*":                   {Count: 2, Keys: map[string]int{"name": 2, "synonyms": 1}},
		"dialogComponents[]":             {Count: 3, Keys: map[string]int{"_id": 3, "type": 3, "endPoint": 2, "idp": 2, "message": 1}},
		"dialogComponents[type=service]": {Count: 2, Keys: map[string]int{"_id": 2, "type": 2, "endPoint": 2, "idp": 2}},
	}
	for kind, k := range want {
		if diff := cmp.Diff(k, s.Kinds[kind]); diff != "" {
			t.Errorf("Kinds[%q] (-want +got):\n%s", kind, diff)
		}
	}
}

func TestFromDirIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b", "a"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{"botDefinition.json": sample, "config.json": `{"name": "x", "envVariables": []}`}
		for f, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name, f), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var outs [][]byte
	for range 2 {
		sum, err := FromDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"a", "b"}, sum.Sources); diff != "" {
			t.Error(diff)
		}
		data, err := sum.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, data)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two summaries of the same exports differ")
	}
	path := filepath.Join(dir, "summary.json")
	if err := os.WriteFile(path, outs[0], 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := loaded.Marshal()
	if !bytes.Equal(again, outs[0]) {
		t.Error("Load and Marshal do not round-trip")
	}
	if _, err := FromDir(t.TempDir()); err == nil {
		t.Error("FromDir of an empty directory succeeded")
	}
}
