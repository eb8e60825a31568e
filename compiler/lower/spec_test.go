package lower

import (
	"github.com/xoc-dev/xoc/compiler/catalog"

	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The tests in this file hold the templates' calls to Stripe's OpenAPI spec
// as stripe-mock embeds it: every path, method and parameter must exist, and
// values must have the parameter's type, as stripe-mock would otherwise
// answer 400. The spec comes from the Go module cache; when stripe-mock has
// not been downloaded the tests skip, naming the command that fetches it.

type openAPISpec struct {
	Paths map[string]map[string]struct {
		Parameters []struct {
			Name   string       `json:"name"`
			In     string       `json:"in"`
			Schema schemaObject `json:"schema"`
		} `json:"parameters"`
		RequestBody struct {
			Content map[string]struct {
				Schema schemaObject `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
}

type schemaObject struct {
	Type       string                  `json:"type"`
	Enum       []any                   `json:"enum"`
	MaxLength  *int                    `json:"maxLength"`
	Properties map[string]schemaObject `json:"properties"`
	Required   []string                `json:"required"`
	Items      *schemaObject           `json:"items"`
	AnyOf      []schemaObject          `json:"anyOf"`
}

// field finds the schema of a form field within a parameter, following the
// keys in brackets: "[price_data][currency]" of line_items[0][price_data][currency]
// is an array item's property's property. A value that may take several
// shapes (anyOf) is searched in each.
func (s schemaObject) field(keys []string) (schemaObject, bool) {
	if len(keys) == 0 {
		return s, true
	}
	for _, alt := range s.AnyOf {
		if found, ok := alt.field(keys); ok {
			return found, true
		}
	}
	k := keys[0]
	if _, err := strconv.Atoi(k); (err == nil || k == "") && s.Type == "array" && s.Items != nil {
		return s.Items.field(keys[1:])
	}
	if sub, ok := s.Properties[k]; ok && s.Type == "object" {
		return sub.field(keys[1:])
	}
	return schemaObject{}, false
}

// bracketed splits a form field's name into the parameter and the keys in
// brackets: "line_items[0][quantity]" is line_items, then 0 and quantity.
func bracketed(name string) (top string, keys []string) {
	top, rest, _ := strings.Cut(name, "[")
	if rest == "" {
		return top, nil
	}
	return top, strings.Split(strings.TrimSuffix(rest, "]"), "][")
}

// specPath finds the path of the spec a request went to: a literal path,
// or a template whose {parameters} match the request's segments
// ("/v1/customers/cus_123" is "/v1/customers/{customer}").
func specPath(spec openAPISpec, path string) string {
	if _, ok := spec.Paths[path]; ok {
		return path
	}
	segs := strings.Split(path, "/")
	for p := range spec.Paths {
		want := strings.Split(p, "/")
		if len(want) != len(segs) {
			continue
		}
		match := true
		for i, w := range want {
			if w != segs[i] && !(strings.HasPrefix(w, "{") && segs[i] != "") {
				match = false
				break
			}
		}
		if match {
			return p
		}
	}
	return path
}

var stripeMockOnce struct {
	sync.Once
	dir, why string
}

// stripeMockDir finds stripe-mock's module source, at the version tools/go.mod pins.
func stripeMockDir(t *testing.T) string {
	t.Helper()
	o := &stripeMockOnce
	o.Do(func() {
		version := "v0.203.0"
		if mod, err := os.ReadFile("../../tools/go.mod"); err == nil {
			if m := regexp.MustCompile(`github\.com/stripe/stripe-mock (v\S+)`).FindSubmatch(mod); m != nil {
				version = string(m[1])
			}
		}
		out, err := exec.Command("go", "env", "GOMODCACHE").Output()
		if err != nil {
			o.why = "cannot run `go env GOMODCACHE`: " + err.Error()
			return
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "github.com", "stripe", "stripe-mock@"+version)
		if _, err := os.Stat(filepath.Join(dir, "embedded", "openapi", "spec3.json")); err != nil {
			o.why = "stripe-mock " + version + " is not in the module cache; run `go mod download -C tools github.com/stripe/stripe-mock` at the repository root to check the templates against Stripe's OpenAPI spec"
			return
		}
		o.dir = dir
	})
	if o.dir == "" {
		t.Skip(o.why)
	}
	return o.dir
}

func readStripeMockJSON(t *testing.T, name string, into any) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(stripeMockDir(t), "embedded", "openapi", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(src, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestCallsMatchStripeSpec(t *testing.T) {
	var spec openAPISpec
	readStripeMockJSON(t, "spec3.json", &spec)
	for _, tpl := range catalog.All() {
		o := overrides{Options: map[string]string{}}
		if _, ok := tpl.Option("status"); ok {
			o.Options["status"] = "paid" // so the optional query parameter is checked too
		}
		responses := map[string]response{
			"createInvoiceCustomerService": ok(customerBody),
			"createInvoiceService":         ok(invoiceBody),
		}
		res := walkDialog(t, lowerForTest(t, tpl.Name, o), sampleEntities[tpl.Name], responses)
		for _, req := range res.Requests {
			op, found := spec.Paths[specPath(spec, req.Path)][req.Method]
			if !found {
				t.Errorf("%s: %s: %s %s is not in Stripe's spec", tpl.Name, req.Node, strings.ToUpper(req.Method), req.Path)
				continue
			}
			params := map[string]schemaObject{}
			var required []string
			if req.Method == "get" {
				for _, p := range op.Parameters {
					if p.In == "query" {
						params[p.Name] = p.Schema
					}
				}
			} else {
				form := op.RequestBody.Content["application/x-www-form-urlencoded"].Schema
				params, required = form.Properties, form.Required
			}
			sent := req.Form
			if req.Method == "get" {
				sent = req.Query
			}
			for _, r := range required {
				if _, ok := sent[r]; !ok {
					t.Errorf("%s: %s omits required parameter %s", tpl.Name, req.Node, r)
				}
			}
			for key, values := range sent {
				top, keys := bracketed(key)
				schema, ok := params[top]
				if ok {
					schema, ok = schema.field(keys)
				}
				if !ok {
					t.Errorf("%s: %s sends %q, which %s %s does not take", tpl.Name, req.Node, key, req.Method, req.Path)
					continue
				}
				for _, v := range values {
					if msg := checkValue(schema, v); msg != "" {
						t.Errorf("%s: %s: %s=%q: %s", tpl.Name, req.Node, key, v, msg)
					}
				}
			}
		}
	}
}

func checkValue(s schemaObject, v string) string {
	switch s.Type {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "not an integer"
		}
	case "boolean":
		if v != "true" && v != "false" {
			return "not a boolean"
		}
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, any(v)) {
		return "not one of the allowed values"
	}
	if s.MaxLength != nil && len(v) > *s.MaxLength {
		return "too long"
	}
	return ""
}

// The texts render sensibly on the example objects stripe-mock answers with.
// Like stripe-mock, the walk reflects the fields a POST sent into the object.
func TestTextsOnStripeFixtures(t *testing.T) {
	var fixtures struct {
		Resources map[string]map[string]any `json:"resources"`
	}
	readStripeMockJSON(t, "fixtures3.json", &fixtures)
	// The fixture each call answers with, by method and path ({id} for a
	// segment holding {{context.x}}); a GET of a plain resource path is a
	// list of them.
	fixtureOf := map[string]string{
		"/v1/customers": "customer", "/v1/invoices": "invoice", "/v1/invoiceitems": "invoiceitem",
		"/v1/payment_intents": "payment_intent", "/v1/refunds": "refund", "/v1/payouts": "payout",
		"/v1/balance": "balance", "/v1/checkout/sessions": "checkout.session",
		"/v1/customers/{id}": "customer", "/v1/payment_intents/{id}": "payment_intent",
		"/v1/payment_intents/{id}/cancel": "payment_intent", "DELETE /v1/customers/{id}": "deleted_customer",
	}
	lists := map[string]bool{"/v1/customers": true, "/v1/invoices": true}
	for _, tpl := range catalog.All() {
		// A first walk finds what each POST sends, a second answers with
		// the fixtures carrying those values.
		first := walkDialog(t, lowerForTest(t, tpl.Name, overrides{}), sampleEntities[tpl.Name], nil)
		responses := map[string]response{}
		var ids []string
		for i, c := range tpl.Calls {
			path := contextSegment.ReplaceAllString(c.Path, "{id}")
			name := fixtureOf[c.Method+" "+path]
			if name == "" {
				name = fixtureOf[path]
			}
			fixture := fixtures.Resources[name]
			if fixture == nil {
				t.Fatalf("%s: no fixture for %s %s", tpl.Name, c.Method, c.Path)
			}
			obj := clone(fixture)
			for k, v := range first.Requests[i].Form {
				if old, ok := obj[k]; ok && (old == nil || isString(old)) {
					obj[k] = v[0]
				}
			}
			if id, ok := obj["id"].(string); ok {
				ids = append(ids, id)
			}
			var body any = obj
			if c.Method == "GET" && lists[path] {
				body = map[string]any{"object": "list", "has_more": false, "data": []any{obj}}
			}
			responses[c.Node] = ok(body)
		}
		res := walkDialog(t, lowerForTest(t, tpl.Name, overrides{}), sampleEntities[tpl.Name], responses)
		msg := lastMessage(res)
		for _, bad := range []string{"undefined", "NaN", "null", "[object", "()", " ."} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: message shows %q: %q", tpl.Name, bad, msg)
			}
		}
		if len(ids) > 0 && !slices.ContainsFunc(ids, func(id string) bool { return strings.Contains(msg, id) }) {
			t.Errorf("%s: message %q names none of the objects %v", tpl.Name, msg, ids)
		}
		t.Logf("%s: %s", tpl.Name, msg)
	}
}

func isString(v any) bool { _, ok := v.(string); return ok }

// contextSegment is a path segment holding a {{context.x}} reference.
var contextSegment = regexp.MustCompile(`\{\{[^/]*\}\}`)

// pathMatches reports whether a request's path is the call's, a segment
// holding a reference matching one segment that is not empty.
func pathMatches(call, sent string) bool {
	want, got := strings.Split(call, "/"), strings.Split(sent, "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if w != got[i] && !(contextSegment.MatchString(w) && got[i] != "") {
			return false
		}
	}
	return true
}
