package kore

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeComponents(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	want := map[string]any{
		"createCustomer": map[string]any{
			"localeData": map[string]any{"en": map[string]any{"desc": "Creates a customer in Stripe", "intent": "Create a Customer"}},
		},
		"name": map[string]any{
			"entityType": "person_name",
			"message": []any{map[string]any{"channel": "default", "localeData": map[string]any{"en": map[string]any{
				"text": "What%20is%20the%20customer's%20name%3F", "type": "basic"}}}},
			"errorMessage": []any{map[string]any{"channel": "default", "localeData": map[string]any{"en": map[string]any{
				"text": "Please%20give%20a%20name%2C%20such%20as%20Smith%20%26%20Sons.", "type": "basic"}}}},
		},
		"status": map[string]any{
			"entityType": "list_of_values",
			"localeData": map[string]any{"en": map[string]any{"label": "status", "allowedValues": map[string]any{"values": []any{
				map[string]any{"title": "draft", "value": "draft", "synonyms": []any{"draft"}},
				map[string]any{"title": "open", "value": "open", "synonyms": []any{"open"}},
				map[string]any{"title": "paid", "value": "paid", "synonyms": []any{"paid"}},
			}}}},
		},
		"buildCreateCustomerBody": map[string]any{
			"script": EncodeURIComponent(sampleBot().Dialogs[0].Nodes[3].Script),
		},
		"createCustomerService": map[string]any{
			"endPoint": map[string]any{
				"host": "", "port": "", "path": "{{env.stripe_base_url}}/v1/customers", "protocol": "",
				"method": "post", "connectorEnabled": false, "piiDataEnabled": false,
			},
			"authRequired": false,
			// Plain JSON, no HTML escaping, "%" as \u0025 (see formPayload).
			"payload": map[string]any{"type": "raw", "value": `{"name":"{{context.createCustomerName}}",` +
				`"email":"{{context.createCustomerEmail}}","description":"Created by the bot: 100\u0025 <automatic> & \"quoted\""}`},
			"sampleResponse": []any{map[string]any{"isDefault": true, "name": "sampleResponse", "response": "{\n" +
				"    \"statusCode\": 200,\n" +
				"    \"body\": {\n" +
				"        \"id\": \"cus_123\",\n" +
				"        \"object\": \"customer\",\n" +
				"        \"name\": \"Jane <Doe>\"\n" +
				"    },\n" +
				"    \"headers\": {\n" +
				"        \"content-type\": \"application/json\"\n" +
				"    }\n" +
				"}"}},
			"headers": map[string]any{"type": "raw",
				"value": `{"Authorization":"Bearer {{env.stripe_api_key}}","Content-Type":"application/x-www-form-urlencoded"}`},
			"serviceType":       "rest",
			"serviceNodeType":   "custom",
			"idp":               "none",
			"serviceAPITimeout": float64(20),
		},
		"listInvoicesService": map[string]any{
			"endPoint": map[string]any{
				"host": "api.stripe.com", "port": "443", "protocol": "https", "method": "get",
				"path":             "/v1/invoices?status={{context.entities.status}}&limit={{context.entities.limit}}",
				"connectorEnabled": false, "piiDataEnabled": false,
			},
			"authRequired":      true,
			"idp":               "stripe_end_user",
			"payload":           map[string]any{"type": "raw", "value": ""},
			"headers":           map[string]any{"type": "raw", "value": "{}"},
			"serviceAPITimeout": float64(30),
		},
		"customerCreated": map[string]any{
			"message": []any{map[string]any{"channel": "default", "localeData": map[string]any{"en": map[string]any{
				"text": "Created%20customer%20%7B%7Bcontext.createCustomerService.response.body.id%7D%7D%20for%20%7B%7Bcontext.entities.name%7D%7D%20%F0%9F%8E%89",
				"type": "basic"}}}},
		},
	}
	for name, fields := range want {
		c := jsonComponent(doc, name)
		for k, v := range fields.(map[string]any) {
			if diff := cmp.Diff(v, c[k]); diff != "" {
				t.Errorf("component %s, %s (-want +got):\n%s", name, k, diff)
			}
		}
	}
}

func TestSplitURL(t *testing.T) {
	tests := []struct{ in, host, port, path, protocol string }{
		{"{{env.base}}/v1/customers", "", "", "{{env.base}}/v1/customers", ""},
		{"{{env.base}}/v1/customers/{{context.customerId}}", "", "", "{{env.base}}/v1/customers/{{context.customerId}}", ""},
		{"https://api.stripe.com/v1/customers/{{context.customerId}}", "api.stripe.com", "", "/v1/customers/{{context.customerId}}", "https"},
		{"https://api.stripe.com/v1/customers", "api.stripe.com", "", "/v1/customers", "https"},
		{"HTTP://localhost:12111/v1/x?a={{context.a}}", "localhost", "12111", "/v1/x?a={{context.a}}", "http"},
		{"https://api.stripe.com", "api.stripe.com", "", "/", "https"},
		{"https://{{env.host}}/v1", "", "", "https://{{env.host}}/v1", ""},
		{"/relative/path", "", "", "/relative/path", ""},
		{"", "", "", "", ""},
	}
	for _, tt := range tests {
		host, port, path, protocol := splitURL(tt.in)
		if host != tt.host || port != tt.port || path != tt.path || protocol != tt.protocol {
			t.Errorf("splitURL(%q) = %q %q %q %q, want %q %q %q %q", tt.in, host, port, path, protocol, tt.host, tt.port, tt.path, tt.protocol)
		}
	}
}

func TestEncodeConfig(t *testing.T) {
	b := sampleBot()
	b.EnvVars[1].Value = "sk_test_embedded" // the caller chose to embed it
	x, _ := mustEncode(t, b)
	var cfg map[string]any
	if err := json.Unmarshal(x.Config, &cfg); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"name": "Payments Assistant",
		"envVariables": []any{
			map[string]any{"key": "stripe_base_url", "value": "https://api.stripe.com", "variableType": "env",
				"hint": "Stripe API base URL", "scope": "prePopulated", "group": "", "propagateValue": false,
				"vNameSpace": []any{}, "isSecured": false},
			map[string]any{"key": "stripe_api_key", "value": "sk_test_embedded", "variableType": "env",
				"hint": "Stripe secret or restricted key", "scope": "prePopulated", "group": "", "propagateValue": false,
				"vNameSpace": []any{}, "isSecured": true},
		},
	}
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Errorf("config.json (-want +got):\n%s", diff)
	}
	// Without embedding, the secured variable is exported empty.
	x, _ = mustEncode(t, sampleBot())
	if !bytes.Contains(x.Config, []byte(`"value": "",`)) {
		t.Error("secured variable is not empty")
	}
}

func TestEncodeAuthProfile(t *testing.T) {
	_, doc := mustEncode(t, sampleBot())
	got := doc["idpConfigurations"].([]any)[0].(map[string]any)
	want := map[string]any{
		"_id":              ids{label: "payments_assistant"}.authProfileID("stripe_end_user"),
		"refId":            ids{label: "payments_assistant"}.authProfileRef("stripe_end_user"),
		"name":             "stripe_end_user",
		"connectorEnabled": false,
		"hasTenancy":       false,
		"sso_type":         "basic",
		"fields": []any{
			map[string]any{"type": "header", "key": "Authorization", "value": "Basic {{passphrase}}"},
			map[string]any{"type": "payload", "key": "username", "value": "{{username}}"},
			map[string]any{"type": "payload", "key": "password", "value": "{{password}}"},
		},
		"formfields":    []any{},
		"headerFields":  []any{},
		"payloadFields": []any{},
		"appConfig":     map[string]any{"baseURL": "https://api.stripe.com"},
		"state":         "published",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("idpConfigurations[0] (-want +got):\n%s", diff)
	}
}

func TestEncodeUnverifiedAuthKeys(t *testing.T) {
	x, err := encode(sampleBot(), options{unverifiedAuthKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		IdpConfigurations []map[string]any `json:"idpConfigurations"`
	}
	if err := json.Unmarshal(x.BotDefinition, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.IdpConfigurations[0]
	if p[authDescriptionKey] != "Each end user signs in with their own Stripe key" ||
		p[authCheckURLKey] != "https://api.stripe.com/v1/balance" || p["state"] != "published" {
		t.Errorf("profile with unverified keys: %v", p)
	}
}

func TestEncodeIcon(t *testing.T) {
	x, _ := mustEncode(t, sampleBot())
	if len(x.Icon) >= 80_000 {
		t.Errorf("built-in icon is %d bytes, the import API takes < 80 kB", len(x.Icon))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(x.Icon))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width > 40 || cfg.Height > 40 {
		t.Errorf("built-in icon is %d×%d, the import API takes at most 40×40", cfg.Width, cfg.Height)
	}
	b := sampleBot()
	b.Icon = []byte("custom")
	x, _ = mustEncode(t, b)
	if string(x.Icon) != "custom" {
		t.Errorf("Bot.Icon was not used")
	}
	names := []string{}
	for _, f := range x.Files() {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"botDefinition.json", "config.json", "icon.png"}, names); diff != "" {
		t.Error(diff)
	}
}
