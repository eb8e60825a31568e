package catalog

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
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

// A DELETE decodes with its path as written and no parameters.
func TestDeleteDecodes(t *testing.T) {
	tpl, diags := decodeFile(deleteFile, []byte(deleteSource(t)))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	c := tpl.Calls[0]
	if c.Method != "DELETE" || c.Path != "/v1/customers/{{context.deleteCustomerId}}" || len(c.Params) != 0 {
		t.Errorf("call %+v", c)
	}
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
