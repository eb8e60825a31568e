package lower

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/ir"
)

// The template language has features the built-in templates may not use
// (yet): a DELETE, a path that refers to a variable, a confirmation.
// deleteTemplate is a template that uses them, built by hand (the catalog decodes only its own
// files), lowered here like the catalog's.

// text parses src as an HCL template, as a catalog file's quoted text or
// heredoc is.
func text(t *testing.T, src string) hcl.Expression {
	t.Helper()
	expr, diags := hclsyntax.ParseTemplate([]byte(src), "handbuilt.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return expr
}

func deleteTemplate(t *testing.T) *catalog.Template {
	t.Helper()
	return &catalog.Template{
		Name:        "handbuilt_delete_customer",
		Title:       "Delete a customer",
		Description: "Deletes a customer in Stripe.",
		Intent:      "deleteCustomer",
		Utterances:  []string{"delete a customer", "remove a customer", "delete customer", "erase a customer", "get rid of a customer"},
		Resources:   []string{"customers"},
		Entities: []catalog.Entity{{Name: "customer", Type: "label",
			Prompt: "Which customer should I delete (cus_…)?", ErrorPrompt: "Please give a customer id, such as cus_123."}},
		Calls: []catalog.Call{{Node: "deleteCustomerService", Method: "DELETE", Path: "/v1/customers/{{context.deleteCustomerId}}"}},
		Nodes: []catalog.Node{
			{Name: "customer", Type: ir.NodeEntity, Entity: 0},
			{Name: "deleteCustomerScript", Type: ir.NodeScript,
				Code: text(t, "context.deleteCustomerId = encodeURIComponent(String(context.entities.customer).trim());\n")},
			{Name: "deleteCustomerConfirm", Type: ir.NodeConfirm, Confirm: &catalog.Confirm{
				Prompt: text(t, "Delete customer {{context.entities.customer}}? This cannot be undone."),
				No:     "deleteCustomerCancelledMessage",
				NoText: text(t, "Nothing was deleted."),
			}},
			{Name: "deleteCustomerService", Type: ir.NodeService, Service: &catalog.Service{
				Method:      "DELETE",
				Path:        "/v1/customers/{{context.deleteCustomerId}}",
				Failure:     "deleteCustomerFailureMessage",
				FailureText: text(t, "Stripe could not delete the customer: {{context.deleteCustomerService.response.body.error.message}}"),
			}},
			{Name: "deleteCustomerMessage", Type: ir.NodeMessage,
				Text: text(t, "Deleted customer {{context.deleteCustomerService.response.body.id}}.")},
		},
	}
}

// handBuilt are the hand-built templates, by name, for the tests that run
// over every template.
func handBuilt(t *testing.T) []*catalog.Template {
	return []*catalog.Template{deleteTemplate(t)}
}

// A DELETE is sent as "delete", with no body and no form Content-Type; its
// path keeps the reference, under the base URL.
func TestLowerDelete(t *testing.T) {
	d, err := lowerTemplate(deleteTemplate(t), preAuth, overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if problems := (&ir.Bot{Label: "b", Dialogs: []ir.Dialog{d}, EnvVars: []ir.EnvVar{{Key: "stripe_api_key", Secured: true}, {Key: "stripe_base_url"}}}).Check(); len(problems) > 0 {
		t.Errorf("the dialog does not check: %q", problems)
	}
	s := services(d)[0]
	if s.Method != "delete" || s.URL != "{{env.stripe_base_url}}/v1/customers/{{context.deleteCustomerId}}" || s.Form != nil {
		t.Errorf("service %s %s, form %v", s.Method, s.URL, s.Form)
	}
	for _, h := range s.Headers {
		if h.Name == "Content-Type" {
			t.Errorf("a DELETE sends no Content-Type, got %q", h.Value)
		}
	}
}

// The script makes the id URL-safe: whatever the user types stays one
// segment of the path, so it cannot reach another endpoint.
func TestPathReferenceIsOneSegment(t *testing.T) {
	d, err := lowerTemplate(deleteTemplate(t), preAuth, overrides{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"cus_123", "cus_1/../../v1/charges?limit=1#x", "  cus 9 & é  "} {
		res := walkDialog(t, d, map[string]any{"customer": id}, nil)
		req := res.Requests[0]
		u, err := url.Parse(req.URL)
		if err != nil {
			t.Fatal(err)
		}
		rest, found := strings.CutPrefix(u.EscapedPath(), "/v1/customers/")
		segment, err := url.PathUnescape(rest)
		if !found || err != nil || strings.Contains(rest, "/") || segment != strings.TrimSpace(id) || u.RawQuery != "" || u.Fragment != "" {
			t.Errorf("id %q: URL %q (path %q, query %q)", id, req.URL, u.EscapedPath(), u.RawQuery)
		}
	}
}

// A confirmation becomes a node that branches on the two answers: "yes"
// goes on to the call, "no" to its message, which ends the dialog.
func TestLowerConfirm(t *testing.T) {
	d, err := lowerTemplate(deleteTemplate(t), preAuth, overrides{})
	if err != nil {
		t.Fatal(err)
	}
	var confirm *ir.Node
	byName := map[string]ir.Node{}
	for i, n := range d.Nodes {
		byName[n.Name] = n
		if n.Type == ir.NodeConfirm {
			confirm = &d.Nodes[i]
		}
	}
	if confirm == nil {
		t.Fatal("no confirmation node")
	}
	want := []ir.Transition{
		{If: &ir.Condition{DialogAct: "yes"}, To: "deleteCustomerService"},
		{If: &ir.Condition{DialogAct: "no"}, To: "deleteCustomerCancelledMessage"},
	}
	if confirm.Confirmation != "Delete customer {{context.entities.customer}}? This cannot be undone." {
		t.Errorf("question %q", confirm.Confirmation)
	}
	if diff := cmp.Diff(want, confirm.Transitions); diff != "" {
		t.Errorf("transitions (-want +got):\n%s", diff)
	}
	no := byName["deleteCustomerCancelledMessage"]
	if no.Type != ir.NodeMessage || no.Message != "Nothing was deleted." || len(no.Transitions) != 1 || no.Transitions[0].To != "" {
		t.Errorf("the no message %+v", no)
	}

	yes := walkDialog(t, d, map[string]any{"customer": "cus_123"}, map[string]response{"deleteCustomerService": ok(map[string]any{"id": "cus_123", "deleted": true})})
	if len(yes.Requests) != 1 || yes.Requests[0].Method != "delete" || lastMessage(yes) != "Deleted customer cus_123." {
		t.Errorf("yes: requests %+v, message %q", yes.Requests, lastMessage(yes))
	}
	nope := walkDialog(t, d, map[string]any{"customer": "cus_123", "deleteCustomerConfirm": "no"}, nil)
	if len(nope.Requests) != 0 || lastMessage(nope) != "Nothing was deleted." {
		t.Errorf("no: requests %+v, message %q", nope.Requests, lastMessage(nope))
	}
}

// awkwardID is what a user might type where an id goes into a path: a
// value that would reach another endpoint, or add a query, if it were not
// encoded.
const awkwardID = "cus_1/../../v1/charges?limit=1&x=#frag"

// Every template whose path refers to a variable makes the value one
// segment: whatever the free-text entities hold, each such call's path has
// as many segments as the template's, and its query only the template's
// parameters.
func TestPathReferencesStayOneSegment(t *testing.T) {
	checked := 0
	for _, tpl := range append(catalog.All(), handBuilt(t)...) {
		byNode := map[string]*catalog.Service{}
		for _, n := range tpl.Nodes {
			if n.Service != nil && strings.Contains(n.Service.Path, "{{") {
				byNode[n.Name] = n.Service
			}
		}
		if len(byNode) == 0 {
			continue
		}
		entities := map[string]any{}
		for _, e := range tpl.Entities {
			switch e.Type {
			case "number":
				entities[e.Name] = 3
			case "date":
				entities[e.Name] = "2026-12-31"
			case "email":
				entities[e.Name] = "jane@example.com"
			case "list_of_values":
				entities[e.Name] = e.AllowedValues[0]
			default:
				entities[e.Name] = awkwardID
			}
		}
		d, err := lowerTemplate(tpl, preAuth, overrides{})
		if err != nil {
			t.Fatalf("%s: %v", tpl.Name, err)
		}
		res := walkDialog(t, d, entities, nil)
		for _, req := range res.Requests {
			s, ok := byNode[req.Node]
			if !ok {
				continue
			}
			checked++
			u, err := url.Parse(req.URL)
			if err != nil {
				t.Fatalf("%s: %s: %v", tpl.Name, req.Node, err)
			}
			if got, want := strings.Count(u.EscapedPath(), "/"), strings.Count(s.Path, "/"); got != want || u.Fragment != "" {
				t.Errorf("%s: %s: the path %q has %d segments, the template's %q %d", tpl.Name, req.Node, u.EscapedPath(), got, s.Path, want)
			}
			for key := range u.Query() {
				if !slices.ContainsFunc(s.Query, func(q catalog.QueryParam) bool { return q.Name == key }) {
					t.Errorf("%s: %s: the URL %q has the query parameter %q, which the template does not send", tpl.Name, req.Node, req.URL, key)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no call with a path reference was checked")
	}
}
