package catalog

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// checkCase is one broken variant of a test template: edit turns the
// valid source into the broken one, detail is the exact detail of the
// diagnostic wanted, and at is the text the diagnostic's range must start
// at (its first occurrence in the broken source).
type checkCase struct {
	name      string
	old, new_ string // replace the first old by new_
	detail    string
	at        string
	also      [2]string // a second replacement, when not empty
}

// runCheckCases decodes each case's source as file and wants its
// diagnostic, at its place.
func runCheckCases(t *testing.T, file, valid string, cases []checkCase) {
	t.Helper()
	if _, diags := decodeFile(file, []byte(valid)); diags.HasErrors() {
		t.Fatalf("the valid source does not decode:\n%s", diags.Error())
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(valid, c.old) {
				t.Fatalf("the source has no %q", c.old)
			}
			src := strings.Replace(valid, c.old, c.new_, 1)
			if c.also[0] != "" {
				if !strings.Contains(src, c.also[0]) {
					t.Fatalf("the source has no %q", c.also[0])
				}
				src = strings.Replace(src, c.also[0], c.also[1], 1)
			}
			_, diags := decodeFile(file, []byte(src))
			d := findDetail(diags, c.detail)
			if d == nil {
				t.Fatalf("no diagnostic with the detail\n  %s\ngot:\n%s", c.detail, diags.Error())
			}
			want := position(t, src, c.at)
			if d.Subject == nil || d.Subject.Filename != file || d.Subject.Start.Line != want.Line || d.Subject.Start.Column != want.Column {
				t.Errorf("the diagnostic is at %v; want %s:%d,%d, where %q is", d.Subject, file, want.Line, want.Column, c.at)
			}
		})
	}
}

func findDetail(diags hcl.Diagnostics, detail string) *hcl.Diagnostic {
	for _, d := range diags {
		if d.Detail == detail {
			return d
		}
	}
	return nil
}

// position is where the first occurrence of text starts in src.
func position(t *testing.T, src, text string) hcl.Pos {
	t.Helper()
	i := strings.Index(src, text)
	if i < 0 {
		t.Fatalf("the source has no %q", text)
	}
	line := 1 + strings.Count(src[:i], "\n")
	col := 1 + len([]rune(src[strings.LastIndex(src[:i], "\n")+1:i]))
	return hcl.Pos{Line: line, Column: col, Byte: i}
}

func deleteSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("testdata/delete_customer.hcl")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

const deleteFile = "templates/delete_customer.hcl"

// A DELETE decodes with its path as written and no parameters, and a
// confirmation as a node of the happy path with its "no" message.
func TestDeleteDecodes(t *testing.T) {
	tpl, diags := decodeFile(deleteFile, []byte(deleteSource(t)))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	c := tpl.Calls[0]
	if c.Method != "DELETE" || c.Path != "/v1/customers/{{context.deleteCustomerId}}" || len(c.Params) != 0 {
		t.Errorf("call %+v", c)
	}
	var types []ir.NodeType
	for _, n := range tpl.Nodes {
		types = append(types, n.Type)
	}
	if want := []ir.NodeType{ir.NodeEntity, ir.NodeScript, ir.NodeConfirm, ir.NodeService, ir.NodeMessage}; !slices.Equal(types, want) {
		t.Fatalf("node types %q, want %q", types, want)
	}
	n := tpl.Nodes[2]
	prompt, err := EvalString(n.Confirm.Prompt, EvalContext(cty.EmptyObjectVal))
	if err != nil || n.Name != "deleteCustomerConfirm" || prompt != "Delete customer {{context.entities.customer}}? This cannot be undone." ||
		n.Confirm.No != "deleteCustomerCancelledMessage" {
		t.Errorf("confirmation %q: prompt %q (%v), on_no %q", n.Name, prompt, err, n.Confirm.No)
	}
	if want := position(t, deleteSource(t), `on_no "deleteCustomerCancelledMessage"`); n.Confirm.NoRange.Start != want {
		t.Errorf("on_no range %v, want %v", n.Confirm.NoRange.Start, want)
	}
}

func TestConfirmChecks(t *testing.T) {
	const onNo = `on_no "deleteCustomerCancelledMessage" {
      text = "Nothing was deleted."
    }`
	const pre = `Template "delete_customer": `
	runCheckCases(t, deleteFile, deleteSource(t), []checkCase{
		{name: "an empty prompt", old: `prompt = "Delete customer {{context.entities.customer}}? This cannot be undone."`, new_: `prompt = " "`,
			detail: pre + "confirmation deleteCustomerConfirm: the prompt must not be empty.", at: `" "`},
		{name: "a prompt with an undeclared option", old: `This cannot be undone.`, new_: `${option.warning}`,
			detail: pre + "confirmation deleteCustomerConfirm: only option.<name> of a declared option may be used, not option.warning.", at: `option.warning`},
		{name: "a no message with an undeclared option", old: `Nothing was deleted.`, new_: `${option.x}`,
			detail: pre + "message deleteCustomerCancelledMessage: only option.<name> of a declared option may be used, not option.x.", at: `option.x`},
		{name: "a no message named like a node", old: `on_no "deleteCustomerCancelledMessage"`, new_: `on_no "customer"`,
			detail: pre + `node name "customer" is used twice.`, at: `on_no "customer"`},
		{name: "a confirmation last", old: "  message \"deleteCustomerMessage\" {\n    text = \"Deleted customer {{context.deleteCustomerService.response.body.id}}.\"\n  }\n",
			new_:   "  confirm \"again\" {\n    prompt = \"Sure?\"\n    on_no \"stop\" {\n      text = \"Stopped.\"\n    }\n  }\n",
			detail: pre + "the last node must be the success message.", at: `confirm "again"`},
		{name: "no on_no", old: onNo, new_: "",
			detail: `Confirmation "deleteCustomerConfirm" must have exactly one on_no message, shown when the answer is no; the dialog then ends.`,
			at:     `confirm "deleteCustomerConfirm"`},
		{name: "two on_no", old: onNo, new_: onNo + "\n    " + strings.Replace(onNo, "Cancelled", "Other", 1),
			detail: `Confirmation "deleteCustomerConfirm" must have exactly one on_no message, shown when the answer is no; the dialog then ends.`,
			at:     `confirm "deleteCustomerConfirm"`},
	})
}

func TestDeleteAndPathReferenceChecks(t *testing.T) {
	const path = `path   = "/v1/customers/{{context.deleteCustomerId}}"`
	const pre = `Template "delete_customer": service deleteCustomerService: `
	runCheckCases(t, deleteFile, deleteSource(t), []checkCase{
		{name: "a DELETE with a body", old: path, new_: path + "\n    body = { expand = \"x\" }",
			detail: pre + "a DELETE has no body.", at: `{ expand`},
		{name: "a DELETE with a query", old: path, new_: path + "\n    query = { limit = 3 }",
			detail: pre + "a DELETE has no query.", at: `{ limit`},
		{name: "an unknown method", old: `"DELETE"`, new_: `"PATCH"`,
			detail: pre + `method must be GET, POST or DELETE, not "PATCH".`, at: `"PATCH"`},
		{name: "a reference no script sets", old: "{{context.deleteCustomerId}}", new_: "{{context.nobodySetsThis}}",
			detail: pre + "path: no earlier script sets context.nobodySetsThis.", at: `"/v1/customers/{{`},
		{name: "an entity in a path", old: "{{context.deleteCustomerId}}", new_: "{{context.entities.customer}}",
			detail: pre + `path "/v1/customers/{{context.entities.customer}}" must look like /v1/resource, each further segment a word or exactly {{context.<name>}}, a variable an earlier script makes URL-safe.`,
			at:     `"/v1/customers/{{`},
		{name: "a reference inside a segment", old: "{{context.deleteCustomerId}}", new_: "cus_{{context.deleteCustomerId}}",
			detail: pre + `path "/v1/customers/cus_{{context.deleteCustomerId}}" must look like /v1/resource, each further segment a word or exactly {{context.<name>}}, a variable an earlier script makes URL-safe.`,
			at:     `"/v1/customers/cus_`},
		{name: "a reference first", old: `"/v1/customers/{{context.deleteCustomerId}}"`, new_: `"/v1/{{context.deleteCustomerId}}"`,
			detail: pre + `path "/v1/{{context.deleteCustomerId}}" must look like /v1/resource, each further segment a word or exactly {{context.<name>}}, a variable an earlier script makes URL-safe.`,
			at:     `"/v1/{{`},
		{name: "a script after the call", old: "context.deleteCustomerId = ", new_: "context.other = ",
			detail: pre + "path: no earlier script sets context.deleteCustomerId.", at: `"/v1/customers/{{`},
	})
}

// The rules the catalog had before are reported where they are broken,
// not at the template block.
func TestChecksAreLocated(t *testing.T) {
	const pre = `Template "create_customer": `
	runCheckCases(t, "templates/create_customer.hcl", validSource(t), []checkCase{
		{name: "entity in a form value", old: `"{{context.createCustomerName}}"`, new_: `"{{context.entities.name}}"`,
			detail: pre + `form field name of createCustomerService: "{{context.entities.name}}" must be a literal or exactly {{context.<name>}}, a variable an earlier script prepares.`,
			at:     `"{{context.entities.name}}"`},
		{name: "unknown option", old: `"{{context.createCustomerName}}"`, new_: `"${option.nope}"`,
			detail: pre + "form field name of createCustomerService: only option.<name> of a declared option may be used, not option.nope.",
			at:     `option.nope`},
		{name: "bad entity type", old: `"email"` + "\n", new_: `"emailz"` + "\n",
			detail: pre + `entity email: unknown type "emailz" (known: "label", "number", "email", "phone_number", "person_name", "date", "list_of_values").`,
			at:     `entity "email"`},
		{name: "bad intent", old: `intent      = "createCustomer"`, new_: `intent      = "create customer"`,
			detail: pre + `intent "create customer" must be a camelCase word.`, at: `"create customer"`},
		{name: "node name used twice", old: `message "createCustomerMessage"`, new_: `message "createCustomerScript"`,
			detail: pre + `node name "createCustomerScript" is used twice.`, at: `message "createCustomerScript"`},
		{name: "failure name used twice", old: `on_failure "createCustomerFailureMessage"`, new_: `on_failure "createCustomerScript"`,
			detail: pre + `node name "createCustomerScript" is used twice.`, at: `on_failure "createCustomerScript"`},
		{name: "a POST with a query", old: `method = "POST"`, new_: `method = "POST"` + "\n    query = { expand = \"x\" }",
			detail: pre + "service createCustomerService: a POST sends its parameters in the body, not in a query.", at: `{ expand`},
	})
}

func catalogSource(t *testing.T, name string) string {
	t.Helper()
	src, err := templateFiles.ReadFile("templates/" + name + ".hcl")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// Calls are held to Stripe's API as the summary in internal/stripeapi has
// it, each problem at the attribute that makes it.
func TestCallsAreCheckedAgainstStripesAPI(t *testing.T) {
	t.Run("create_customer", func(t *testing.T) {
		const pre = `Template "create_customer": service createCustomerService: `
		runCheckCases(t, "templates/create_customer.hcl", catalogSource(t, "create_customer"), []checkCase{
			{name: "an unknown path", old: `"/v1/customers"`, new_: `"/v1/custmers"`,
				detail: pre + "POST /v1/custmers is not a Stripe API path.", at: `"/v1/custmers"`},
			{name: "a method the path does not take", old: `"/v1/customers"`, new_: `"/v1/balance"`,
				detail: pre + "POST /v1/balance is not in Stripe's API: GET /v1/balance exists, POST does not.", at: `"POST"`},
			{name: "a multipart upload", old: `"/v1/customers"`, new_: `"/v1/files"`,
				detail: pre + "POST /v1/files takes a multipart upload, which a service node cannot send.", at: `"/v1/files"`},
			{name: "an unknown form field", old: `phone = `, new_: `phonee = `,
				detail: pre + `POST /v1/customers takes no form field "phonee" (did you mean "phone"?).`, at: `phonee`},
			{name: "an unknown nested field", old: `phone = "{{context.createCustomerPhone}}"`,
				new_:   `phone = "{{context.createCustomerPhone}}"` + "\n      \"invoice_settings[footr]\" = \"Thanks\"",
				detail: pre + `POST /v1/customers takes no form field "invoice_settings[footr]" (did you mean "invoice_settings[footer]"?).`, at: `"invoice_settings[footr]"`},
			{name: "a literal Stripe refuses", old: `phone = "{{context.createCustomerPhone}}"`,
				new_:   `phone = "{{context.createCustomerPhone}}"` + "\n      tax_exempt = \"maybe\"",
				detail: pre + `form field tax_exempt: "maybe" must be one of "", "exempt", "none" or "reverse".`, at: `"maybe"`},
		})
	})
	t.Run("list_customers", func(t *testing.T) {
		const pre = `Template "list_customers": service listAllCustomersService: `
		runCheckCases(t, "templates/list_customers.hcl", catalogSource(t, "list_customers"), []checkCase{
			{name: "an unknown query parameter", old: `limit = option.limit`, new_: `limt = option.limit`,
				detail: pre + `GET /v1/customers takes no query parameter "limt" (did you mean "limit"?).`, at: `limt`},
			{name: "a literal that is not an integer", old: `limit = option.limit`, new_: `limit = "ten"`,
				detail: pre + `query parameter limit: "ten" must be an integer.`, at: `"ten"`},
			{name: "a default that is not an integer", old: `limit = option.limit`, new_: `limit = "${option.limit}.5"`,
				detail: pre + `query parameter limit: "10.5" must be an integer.`, at: `"${option.limit}.5"`},
		})
	})
	t.Run("create_payment_intent", func(t *testing.T) {
		const pre = `Template "create_payment_intent": service createPaymentIntentService: `
		const amount = `amount   = "{{context.createPaymentIntentAmount}}"` + "\n"
		const currency = `currency = "{{context.createPaymentIntentCurrency}}"`
		runCheckCases(t, "templates/create_payment_intent.hcl", catalogSource(t, "create_payment_intent"), []checkCase{
			{name: "a required field missing", old: amount, new_: "",
				detail: pre + `POST /v1/payment_intents requires the form field "amount".`, at: "{\n            currency "},
			{name: "a required field null by default", old: currency, new_: "currency = option.currency",
				also:   [2]string{`resources = ["payment_intents"]`, `resources = ["payment_intents"]` + "\n  option \"currency\" {\n    type = \"string\"\n    description = \"d\"\n  }"},
				detail: pre + `POST /v1/payment_intents requires the form field "currency", which is left out when its value is null, as it is with the default options.`,
				at:     "{\n      amount "},
		})
	})
	t.Run("create_invoice", func(t *testing.T) {
		runCheckCases(t, "templates/create_invoice.hcl", catalogSource(t, "create_invoice"), []checkCase{
			{name: "a literal outside an enum", old: `"send_invoice"`, new_: `"send_invoce"`,
				detail: `Template "create_invoice": service createInvoiceService: form field collection_method: "send_invoce" must be one of "charge_automatically" or "send_invoice".`,
				at:     `"send_invoce"`},
		})
	})
}

// A value the dialog computes is not checked at build time: the form
// carries {{context.x}} whatever the parameter's type.
func TestRuntimeValuesAreNotChecked(t *testing.T) {
	src := strings.Replace(catalogSource(t, "create_customer"), `phone = "{{context.createCustomerPhone}}"`,
		`phone = "{{context.createCustomerPhone}}"`+"\n      balance = \"{{context.createCustomerName}}\"", 1)
	if _, diags := decodeFile("templates/create_customer.hcl", []byte(src)); diags.HasErrors() {
		t.Error(diags.Error())
	}
}

// The DELETE of the test template is one Stripe has.
func TestDeleteIsInStripesAPI(t *testing.T) {
	const pre = `Template "delete_customer": service deleteCustomerService: `
	runCheckCases(t, deleteFile, deleteSource(t), []checkCase{
		{name: "an unknown path", old: `"/v1/customers/{{context.deleteCustomerId}}"`, new_: `"/v1/custmers/{{context.deleteCustomerId}}"`,
			detail: pre + "DELETE /v1/custmers/{{context.deleteCustomerId}} is not a Stripe API path.", at: `"/v1/custmers/`},
		{name: "a resource that is never deleted", old: `"/v1/customers/{{context.deleteCustomerId}}"`, new_: `"/v1/payment_intents/{{context.deleteCustomerId}}"`,
			detail: pre + "DELETE /v1/payment_intents/{{context.deleteCustomerId}} is not in Stripe's API: GET and POST /v1/payment_intents/{{context.deleteCustomerId}} exist, DELETE does not.",
			at:     `"DELETE"`},
	})
}
