package kore

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeDialogGraph(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	d := doc["dialogs"].([]any)[0].(map[string]any)
	var nodeIDs []string
	for _, n := range d["nodes"].([]any) {
		nodeIDs = append(nodeIDs, n.(map[string]any)["nodeId"].(string))
	}
	want := []string{"intent0", "entity1", "entity2", "script3", "service4", "message5", "message6"}
	if diff := cmp.Diff(want, nodeIDs); diff != "" {
		t.Errorf("node ids (-want +got):\n%s", diff)
	}
	svc := jsonNode(doc, 0, 4)["transitions"].([]any)
	wantTransitions := []any{
		map[string]any{
			"if":       map[string]any{"context": "context.createCustomerService.response.statusCode", "op": "eq", "value": "200"},
			"then":     "message5",
			"metadata": map[string]any{"color": "#299d8e", "connId": "dummy4"},
		},
		map[string]any{"default": "message6", "metadata": map[string]any{"color": "#299d8e", "connId": "dummy5"}},
	}
	if diff := cmp.Diff(wantTransitions, svc); diff != "" {
		t.Errorf("service transitions (-want +got):\n%s", diff)
	}
	// A node without transitions in the IR ends the dialog explicitly.
	last := jsonNode(doc, 1, 6)["transitions"].([]any)
	if len(last) != 1 || last[0].(map[string]any)["default"] != "end" {
		t.Errorf("node without transitions: %v, want a single default to end", last)
	}
	// Every node's component has the node's type; the intent's names the dialog.
	comps := map[string]map[string]any{}
	for _, c := range doc["dialogComponents"].([]any) {
		comps[c.(map[string]any)["_id"].(string)] = c.(map[string]any)
	}
	for _, n := range d["nodes"].([]any) {
		n := n.(map[string]any)
		c := comps[n["componentId"].(string)]
		if c == nil || c["type"] != n["type"] {
			t.Errorf("node %s: component %v", n["nodeId"], c)
		}
	}
	if got := comps[jsonNode(doc, 0, 0)["componentId"].(string)]["dialogId"]; got != d["_id"] {
		t.Errorf("intent dialogId = %v, want %v", got, d["_id"])
	}
}

func TestEncodeLayoutSpreadsBranches(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	pos := func(i int) [2]float64 {
		m := jsonNode(doc, 0, i)["metadata"].(map[string]any)
		return [2]float64{m["left"].(float64), m["top"].(float64)}
	}
	seen := map[[2]float64]int{}
	for i := range 7 {
		if j, dup := seen[pos(i)]; dup {
			t.Errorf("nodes %d and %d share the position %v", j, i, pos(i))
		}
		seen[pos(i)] = i
	}
	if pos(1)[1] <= pos(0)[1] || pos(5)[1] != pos(6)[1] || pos(5)[0] == pos(6)[0] {
		t.Errorf("layout: flow goes down and branches share a row: %v", seen)
	}
}

func TestEncodeSentences(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	sentences := doc["sentences"].([]any)
	intent := jsonComponent(doc, "createCustomer")["_id"]
	var got []string
	for _, s := range sentences {
		s := s.(map[string]any)
		if s["taskId"] == intent {
			got = append(got, s["sentence"].(string))
			if s["type"] != "DialogIntent" || s["language"] != "en" || s["taskName"] != "Create a Customer" {
				t.Errorf("sentence %v", s)
			}
		}
	}
	// The repeated utterance is written once.
	if diff := cmp.Diff([]string{"create a customer", "add a new customer"}, got); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	nl := doc["localeData"].(map[string]any)["en"].(map[string]any)["nlMeta"].(map[string]any)
	if nl["mlUtterances"] != float64(len(sentences)) {
		t.Errorf("nlMeta.mlUtterances = %v, want %d", nl["mlUtterances"], len(sentences))
	}
}

// A confirmation is a dialogAct node, as the references write one: its
// question URI-encoded in the component's message[] with the platform's
// yes/no template applied, and exactly the two answers as transitions, with
// no default after them.
func TestEncodeConfirmation(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	c := jsonComponent(doc, "deleteCustomerConfirm")
	wantComponent := map[string]any{
		"type": "dialogAct",
		"message": []any{map[string]any{"channel": "default", "localeData": map[string]any{"en": map[string]any{
			"text": "Delete%20customer%20%7B%7Bcontext.entities.customer%7D%7D%3F%20This%20cannot%20be%20undone.",
			"type": "basic"}}}},
		"applyDefaultTemplate": true,
		"localeData":           map[string]any{"en": map[string]any{"label": "deleteCustomerConfirm"}},
	}
	for k, v := range wantComponent {
		if diff := cmp.Diff(v, c[k]); diff != "" {
			t.Errorf("component %s (-want +got):\n%s", k, diff)
		}
	}
	for _, k := range []string{"entityType", "errorMessage", "endPoint", "script"} {
		if _, ok := c[k]; ok {
			t.Errorf("a dialogAct component has %s", k)
		}
	}
	n := jsonNode(doc, 2, 3)
	if n["nodeId"] != "dialogAct3" || n["type"] != "dialogAct" || n["componentId"] != c["_id"] {
		t.Errorf("node %v %v %v", n["nodeId"], n["type"], n["componentId"])
	}
	wantTransitions := []any{
		map[string]any{"if": map[string]any{"dialogAct": "yes"}, "then": "service4",
			"metadata": map[string]any{"color": "#299d8e", "connId": "dummy3"}},
		map[string]any{"if": map[string]any{"dialogAct": "no"}, "then": "message6",
			"metadata": map[string]any{"color": "#5ea8d3", "connId": "dummy4"}},
	}
	if diff := cmp.Diff(wantTransitions, n["transitions"]); diff != "" {
		t.Errorf("transitions (-want +got):\n%s", diff)
	}
	if opts := n["nodeOptions"].(map[string]any); opts["precedence"] != "entityOverIntent" || opts["eventOptions"] != nil {
		t.Errorf("nodeOptions %v", opts)
	}
	// The DELETE after it: no body, the reference kept in the path.
	svc := jsonComponent(doc, "deleteCustomerService")
	wantEndPoint := map[string]any{"host": "", "port": "", "protocol": "", "method": "delete",
		"path": "{{env.stripe_base_url}}/v1/customers/{{context.deleteCustomerId}}", "connectorEnabled": false, "piiDataEnabled": false}
	if diff := cmp.Diff(wantEndPoint, svc["endPoint"]); diff != "" {
		t.Errorf("endPoint (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"type": "raw", "value": ""}, svc["payload"]); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
}
