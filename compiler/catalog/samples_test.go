package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/stripeapi"
)

// sampleEndpoints lists every call of the catalog, as gen_samples.go does.
func sampleEndpoints() []samples.Endpoint {
	var out []samples.Endpoint
	for _, t := range All() {
		for _, c := range t.Calls {
			out = append(out, sampleEndpoint(c.Method, c.Path))
		}
	}
	return out
}

// Every call has a sample, an object of the resource Stripe's API says the
// call answers with: the resource itself ("checkout.session"; a deleted
// customer is a customer with deleted set), or a page of one. No sample is
// left over from a call the templates no longer make.
func TestSamplesCoverCalls(t *testing.T) {
	if err := SamplesErr(); err != nil {
		t.Fatal(err)
	}
	calls := map[string]bool{}
	for _, tpl := range All() {
		for _, c := range tpl.Calls {
			e := sampleEndpoint(c.Method, c.Path)
			calls[e.Key()] = true
			src, ok := SampleResponse(c.Method, c.Path)
			if !ok {
				t.Errorf("%s: no sample; run `go generate ./compiler/catalog`", e.Key())
				continue
			}
			var body map[string]any
			if err := json.Unmarshal(src, &body); err != nil {
				t.Errorf("%s: sample is not a JSON object: %v", e.Key(), err)
				continue
			}
			op, _ := stripeapi.Lookup(c.Method, c.Path)
			if op.Resource == "list" {
				data, _ := body["data"].([]any)
				if body["object"] != "list" || body["url"] != e.Path || len(data) != 1 {
					t.Errorf("%s: want a list at %s with one item; got object %v, url %v, %d items", e.Key(), e.Path, body["object"], body["url"], len(data))
					continue
				}
				body, _ = data[0].(map[string]any)
			}
			resource, deleted := strings.CutPrefix(cmp.Or(op.ListOf, op.Resource), "deleted_")
			if body["object"] != resource || (body["deleted"] == true) != deleted {
				t.Errorf("%s: the answer is a %v (deleted: %v), want a %s", e.Key(), body["object"], body["deleted"], cmp.Or(op.ListOf, op.Resource))
			}
		}
	}
	if len(sampleBodies) != len(calls) {
		t.Errorf("samples.json has %d samples for %d calls; run `go generate ./compiler/catalog`", len(sampleBodies), len(calls))
	}
}

func TestSampleResponseUnknownCall(t *testing.T) {
	if body, ok := SampleResponse("DELETE", "/v1/customers"); ok || body != nil {
		t.Errorf("SampleResponse of a call no template makes = %s, %v", body, ok)
	}
	if _, ok := SampleResponse("get", "/v1/customers"); ok {
		t.Errorf("SampleResponse took a lower-case method")
	}
}

// A broken file is an error, never a panic.
func TestBrokenSamplesAreErrors(t *testing.T) {
	for _, src := range []string{"", "{", `{"responses": []}`, `{"responses": {"GET /v1/x": }}`} {
		if _, err := parseSamples([]byte(src)); err == nil {
			t.Errorf("parseSamples(%q) succeeded", src)
		}
	}
}

// No sample carries a credential, and every client_secret, which is one
// account's, is null.
func TestSamplesHoldNoSecrets(t *testing.T) {
	var file samples.File
	if err := json.Unmarshal(samplesFile, &file); err != nil {
		t.Fatal(err)
	}
	redacted := 0
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, sub := range v {
				if k == "client_secret" {
					redacted++
					if sub != nil {
						t.Errorf("%s: client_secret is %v, want null", key, sub)
					}
				}
				walk(key, sub)
			}
		case []any:
			for _, sub := range v {
				walk(key, sub)
			}
		}
	}
	for key, body := range file.Responses {
		if err := samples.CheckSecrets(body); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		walk(key, body)
	}
	// A payment intent has one, so the redaction is known to run.
	if redacted == 0 {
		t.Errorf("no sample has a client_secret; the redaction went untested")
	}
}

// The derivation refuses a fixture that holds a credential, and redacts a
// client secret rather than refusing it.
func TestSecretCheckFires(t *testing.T) {
	spec := `{
		"paths": {"/v1/widgets": {"post": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}}}}}},
		"components": {"schemas": {"widget": {"type": "object", "x-resourceId": "widget", "properties": {
			"object": {"type": "string"}, "note": {"type": "string"},
			"client_secret": {"type": "string", "nullable": true},
			"owner": {"type": "object", "properties": {"key": {"type": "string"}}}
		}}}}
	}`
	endpoints := []samples.Endpoint{{Method: "POST", Path: "/v1/widgets"}}
	derive := func(fixture string) ([]byte, error) {
		return samples.Derive([]byte(spec), []byte(`{"resources": {"widget": `+fixture+`}}`), "test", endpoints)
	}
	for name, fixture := range map[string]string{
		"secret key":     `{"object": "widget", "owner": {"key": "sk_test_4eC39HqLyjWDarjtT1zdp7dc"}}`,
		"restricted key": `{"object": "widget", "note": "rk_live_abc"}`,
		"publishable":    `{"object": "widget", "note": "pk_test_abc"}`,
		"secret":         `{"object": "widget", "note": "seti_123_secret_456"}`,
	} {
		if out, err := derive(fixture); err == nil {
			t.Errorf("%s: no error; derived %s", name, out)
		} else if strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "4eC39") {
			t.Errorf("%s: the error repeats the secret: %v", name, err)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	out, err := derive(`{"object": "widget", "note": "sk_", "client_secret": "pi_123_secret_456"}`)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"client_secret": null`)) {
		t.Errorf("client_secret not redacted:\n%s", out)
	}
}

// samples.json is what the generator derives from stripe-mock today. The
// fixtures come from the Go module cache; without them the test skips,
// naming the command that fetches them.
func TestSamplesAreFresh(t *testing.T) {
	dir, version, toolsDir, err := samples.Module()
	if err != nil {
		t.Skipf("cannot locate stripe-mock: %v", err)
	}
	if dir == "" {
		t.Skipf("stripe-mock %s is not in the module cache; run `go mod download github.com/stripe/stripe-mock` in %s to check samples.json against it", version, toolsDir)
	}
	spec, fixtures, err := samples.ReadModule(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := samples.Derive(spec, fixtures, version, sampleEndpoints())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(samplesFile, want) {
		t.Errorf("samples.json is stale; run `go generate ./compiler/catalog`")
	}
}
