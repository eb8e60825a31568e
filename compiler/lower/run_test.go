package lower

import (
	"github.com/xoc-dev/xoc/compiler/catalog"

	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// This file walks a lowered dialog the way the XO runtime would, far enough
// to test the catalog's scripts and texts: entity values go into
// context.entities, scripts run in goja, {{…}} templates are rendered, and each
// service node gets the response a test hands it instead of calling anyone.
// Running the dialogs against stripe-mock is the dialog runner's job.

// request is one service call as the runtime would send it.
type request struct {
	Node, Method, URL, Body string
	Path                    string
	Query, Form             url.Values
}

// response is what a test makes a service node receive.
type response struct {
	Status int
	Body   any
}

type walkResult struct {
	Requests []request
	Messages []string // in the order shown
	Context  map[string]any
}

var testEnv = map[string]any{"stripe_base_url": "https://api.stripe.com", "stripe_api_key": "sk_test_123"}

var templateExpr = regexp.MustCompile(`\{\{(.+?)\}\}`)

// walkDialog follows the dialog from its intent to its end. A service node
// whose response is missing gets status 200 and an empty body.
func walkDialog(t *testing.T, d ir.Dialog, entities map[string]any, responses map[string]response) walkResult {
	t.Helper()
	vm := goja.New()
	must := func(_ goja.Value, err error) {
		if err != nil {
			t.Fatalf("%s: %v", d.Key, err)
		}
	}
	must(nil, vm.Set("env", testEnv))
	must(vm.RunString(`var context = {entities: {}};`))
	render := func(text string) string {
		return templateExpr.ReplaceAllStringFunc(text, func(m string) string {
			expr := templateExpr.FindStringSubmatch(m)[1]
			v, err := vm.RunString(`(function () { try { var v = (` + expr + `);
				if (v === undefined || v === null) { return ""; }
				return typeof v === "object" ? JSON.stringify(v) : String(v);
			} catch (e) { return ""; } })()`)
			if err != nil {
				t.Fatalf("%s: template {{%s}}: %v", d.Key, expr, err)
			}
			return v.String()
		})
	}
	byName := map[string]ir.Node{}
	for _, n := range d.Nodes {
		byName[n.Name] = n
	}
	var res walkResult
	for name, steps := d.Nodes[0].Name, 0; name != ""; steps++ {
		if steps > len(d.Nodes) {
			t.Fatalf("%s: dialog loops", d.Key)
		}
		n := byName[name]
		name = n.Transitions[len(n.Transitions)-1].To
		switch n.Type {
		case ir.NodeEntity:
			v, ok := entities[n.Name]
			if !ok {
				t.Fatalf("%s: the test gives no value for entity %s", d.Key, n.Name)
			}
			must(nil, vm.Get("context").ToObject(vm).Get("entities").ToObject(vm).Set(n.Name, v))
		case ir.NodeScript:
			must(vm.RunString(n.Script))
		case ir.NodeMessage:
			res.Messages = append(res.Messages, render(n.Message))
		case ir.NodeConfirm:
			// The answer is the entity of the node's name, "yes" unless the
			// test says otherwise.
			answer, _ := entities[n.Name].(string)
			if answer == "" {
				answer = ir.DialogActYes
			}
			name = ""
			for _, tr := range n.Transitions {
				if tr.If != nil && tr.If.DialogAct == answer {
					name = tr.To
				}
			}
		case ir.NodeService:
			req := request{Node: n.Name, Method: n.Service.Method, URL: render(n.Service.URL)}
			u, err := url.Parse(req.URL)
			if err != nil {
				t.Fatalf("%s: %s: URL %q: %v", d.Key, n.Name, req.URL, err)
			}
			req.Path, req.Query = u.Path, u.Query()
			req.Body, req.Form = formBody(t, n, render)
			res.Requests = append(res.Requests, req)
			r, ok := responses[n.Name]
			if !ok {
				r = response{Status: 200, Body: map[string]any{}}
			}
			js, _ := json.Marshal(map[string]any{"response": map[string]any{"statusCode": r.Status, "body": r.Body}})
			must(vm.RunString(fmt.Sprintf("context[%q] = %s;", n.Name, js)))
			if cond := n.Transitions[0].If; cond != nil && fmt.Sprint(r.Status) == cond.Value {
				name = n.Transitions[0].To
			}
		}
	}
	if err := vm.ExportTo(vm.Get("context"), &res.Context); err != nil {
		t.Fatal(err)
	}
	return res
}

// formBody does what the platform does with a form call's payload: the
// fields as a JSON object of strings, {{…}} substituted into that text,
// parsed back and form-encoded. It fails the test when the substituted
// text is no longer a JSON object of strings.
func formBody(t *testing.T, n ir.Node, render func(string) string) (string, url.Values) {
	t.Helper()
	if n.Service.Form == nil {
		return "", url.Values{}
	}
	obj := map[string]string{}
	for _, f := range n.Service.Form {
		obj[f.Name] = f.Value
	}
	text, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	substituted := render(string(text))
	var fields map[string]string
	if err := json.Unmarshal([]byte(substituted), &fields); err != nil {
		t.Fatalf("%s: the substituted body is not a JSON object of strings: %v\n%s", n.Name, err, substituted)
	}
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	return form.Encode(), form
}

// lowerForTest lowers a template, failing the test on error.
func lowerForTest(t *testing.T, name string, o overrides) ir.Dialog {
	t.Helper()
	tpl, ok := catalog.Lookup(name)
	if !ok {
		t.Fatalf("no template %q", name)
	}
	d, err := lowerTemplate(tpl, preAuth, o)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// Awkward values a person might type, used wherever an entity is free text.
var sampleEntities = map[string]map[string]any{
	"create_customer": {"name": "Smith & Sons", "email": "jane+billing@example.com", "phone": "+1 (415) 555-0100"},
	"create_invoice": {"name": "Smith & Sons", "email": "jane+billing@example.com", "phone": "+1 (415) 555-0100",
		"dueDate": "2026-12-31", "productName": "Café crème 25% off", "productQuantity": 3, "unitAmount": "12.50"},
	"create_payment_intent":   {"currency": "usd", "amount": "12.50", "customer": "cus_NffrFeUfNV2Hib"},
	"list_customers":          {},
	"list_invoices":           {},
	"create_payout":           {"amount": "12.50"},
	"retrieve_balance":        {},
	"create_checkout_session": {"productName": "Café crème 25% off", "unitAmount": "12.50", "productQuantity": 3},
	"refund_payment":          {"paymentIntent": " pi_3MtwBwLkdIwHu7ix28a3tqPa ", "refundAmount": "$12.50"},
	"retrieve_payment_intent": {"paymentIntent": "pi_3MtwBwLkdIwHu7ix28a3tqPa"},
	"cancel_payment_intent":   {"paymentIntent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "cancellationReason": "requested by customer"},
	"retrieve_customer":       {"customer": "cus_NffrFeUfNV2Hib"},
	"update_customer":         {"customer": "cus_NffrFeUfNV2Hib", "email": "o'brien+billing@example.com", "phone": "+1 (415) 555-0100"},
	"delete_customer":         {"customer": "cus_NffrFeUfNV2Hib"},
}

func formOf(t *testing.T, res walkResult, node string) url.Values {
	t.Helper()
	for _, r := range res.Requests {
		if r.Node == node {
			return r.Form
		}
	}
	t.Fatalf("no request from %s; requests: %+v", node, res.Requests)
	return nil
}

func wantForm(t *testing.T, got url.Values, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("form has %d fields %v, want %d %v", len(got), got, len(want), want)
	}
	for k, v := range want {
		if g := got[k]; len(g) != 1 || g[0] != v {
			t.Errorf("form field %s = %q, want %q", k, g, v)
		}
	}
}

func lastMessage(res walkResult) string {
	if len(res.Messages) == 0 {
		return ""
	}
	return res.Messages[len(res.Messages)-1]
}

func wantContains(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("text %q does not contain %q", text, p)
		}
	}
}
