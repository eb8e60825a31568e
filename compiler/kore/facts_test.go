package kore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/kore/internal/shapes"
)

// The tests in this file hold xoc's exports to the facts about values that
// gen_shapes derives from the real exports (testdata/reference-shapes.json):
// the platform's default NLP thresholds, how a form call's payload is
// stored and how a sample response is laid out.

// exportsToCheck are the sample bot's export and the committed exports of
// the examples, by name.
func exportsToCheck(t *testing.T) map[string][]byte {
	t.Helper()
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{"sample bot": x.BotDefinition}
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "out", "*"))
	for _, dir := range dirs {
		if data, err := os.ReadFile(filepath.Join(dir, BotDefinitionFile)); err == nil {
			out[filepath.Base(dir)] = data
		}
	}
	if len(out) < 3 {
		t.Fatalf("found %d exports, want the sample bot and the examples' exports under out/", len(out))
	}
	return out
}

func loadFacts(t *testing.T) *shapes.Facts {
	t.Helper()
	ref, err := shapes.Load(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Facts == nil {
		t.Fatalf("%s has no facts: run `go generate ./compiler/kore`", referenceShapes)
	}
	return ref.Facts
}

func TestConfidenceConfigsAreThePlatformDefaults(t *testing.T) {
	want := loadFacts(t).ConfidenceConfigs
	for name, data := range exportsToCheck(t) {
		var def struct {
			LocaleData map[string]struct {
				ConfidenceConfigs []map[string]any `json:"confidenceConfigs"`
			} `json:"localeData"`
		}
		if err := json.Unmarshal(data, &def); err != nil {
			t.Fatal(err)
		}
		for lang, loc := range def.LocaleData {
			got := map[string]map[string]any{}
			for _, c := range loc.ConfidenceConfigs {
				mode, _ := c["mode"].(string)
				got[mode] = c
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: localeData.%s.confidenceConfigs = %v, want the defaults the real exports share: %v", name, lang, got, want)
			}
		}
	}
}

// TestStoredAsRealExportsStoreIt classifies every form payload and sample
// response xoc writes the way gen_shapes classifies the real ones: each
// must be stored in a way some real export stores it, and a form payload
// the way every real form call does.
func TestStoredAsRealExportsStoreIt(t *testing.T) {
	facts := loadFacts(t)
	forms, samples := 0, 0
	for name, data := range exportsToCheck(t) {
		var def struct {
			DialogComponents []struct {
				Name           string
				Type           string
				Headers        struct{ Value string }
				Payload        struct{ Value string }
				SampleResponse []struct{ Response string }
			}
		}
		if err := json.Unmarshal(data, &def); err != nil {
			t.Fatal(err)
		}
		for _, c := range def.DialogComponents {
			if c.Type != "service" {
				continue
			}
			if shapes.FormContentType(c.Headers.Value) {
				forms++
				if got := shapes.PayloadStorage(c.Payload.Value); got != shapes.PayloadPlainObject || facts.FormPayloads[got] == 0 {
					t.Errorf("%s: %s stores its form payload as %q; the real form calls: %v", name, c.Name, got, facts.FormPayloads)
				}
				if strings.Contains(c.Payload.Value, "%") {
					t.Errorf("%s: %s: a form payload with a %%, which reads differently URI-decoded: %s", name, c.Name, c.Payload.Value)
				}
			}
			for _, s := range c.SampleResponse {
				samples++
				if got := shapes.SampleStorage(s.Response); facts.SampleResponses[got] == 0 {
					t.Errorf("%s: %s stores its sample response as %q; the real ones: %v", name, c.Name, got, facts.SampleResponses)
				}
			}
		}
	}
	if forms == 0 || samples == 0 {
		t.Fatalf("checked %d form payloads and %d sample responses; want some of each", forms, samples)
	}
}

// TestStorageClasses pins the classifiers gen_shapes and the test above
// share.
func TestStorageClasses(t *testing.T) {
	for value, want := range map[string]string{
		"":                                       shapes.PayloadEmpty,
		"undefined":                              shapes.PayloadEmpty,
		`{"a":"{{context.x}}"}`:                  shapes.PayloadPlainObject,
		`{"a":1}`:                                shapes.PayloadPlainOther,
		"%7B%22a%22%3A%22b%22%7D":                shapes.PayloadURIEncodedObject,
		"%7B%7Bcontext.createCustomerBody%7D%7D": shapes.PayloadNotJSON,
	} {
		if got := shapes.PayloadStorage(value); got != want {
			t.Errorf("PayloadStorage(%q) = %q, want %q", value, got, want)
		}
	}
	for response, want := range map[string]string{
		`{"id":1}`: "body only, on one line",
		`{"statusCode":200,"body":{},"headers":{}}`:                              "{statusCode, body, headers}, on one line",
		"{\n    \"statusCode\": 200,\n    \"body\": [],\n    \"headers\": {}\n}": "{statusCode, body, headers}, indented by 4 spaces",
	} {
		if got := shapes.SampleStorage(response); got != want {
			t.Errorf("SampleStorage(%q) = %q, want %q", response, got, want)
		}
	}
}
