// Package catalog holds the Stripe templates xoc can install into a bot, as
// data, and lowers a template to a dialog task of the kore IR.
//
// Each template is one HCL file under templates/, embedded into the program
// and parsed once, the first time the catalog is used. The files are the
// single place where a template's intent, utterances, entities, scripts,
// Stripe calls and messages are written down; the Go code only decodes,
// checks and lowers them. See templates/README.md for the file format.
//
// A catalog file that does not decode is a bug caught by this package's tests;
// at run time such a template is simply absent and Err reports why, so a
// broken file never panics in a user's hands.
package catalog

import (
	"embed"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
)

//go:embed templates/*.hcl
var templateFiles embed.FS

// Template is one installable template of the Stripe action.
type Template struct {
	Name        string   // xoc's name, e.g. "create_customer"
	Title       string   // Kore.ai's title, e.g. "Create a Customer"; the default dialog name
	Description string   // one sentence for `xoc templates`
	Intent      string   // the intent node's name, e.g. "createCustomer"
	Utterances  []string // default training sentences
	// Resources are the Stripe resources the template calls (customers,
	// invoices, invoiceitems, payment_intents): what a restricted key needs
	// permission for.
	Resources []string
	Options   []Option // settings a bot may give the template, in file order
	Entities  []Entity // the inputs the dialog prompts for, in order
	Calls     []Call   // the Stripe calls, in order

	Nodes []Node // the happy path, in order

	// DeclRange is where the template block starts in its file.
	DeclRange hcl.Range
	ranges    templateRanges
}

// Option is a setting of a template that a bot fixes at build time.
type Option struct {
	Name        string
	Type        string // "string", "number" or "bool"
	Description string
	// Default is the value used when the bot sets none, as a string; ""
	// means unset (the option's value is null and, e.g., a query parameter
	// using it is left out).
	Default string
	Allowed []string // string options: the only values accepted
	Min     *float64 // number options: inclusive bounds
	Max     *float64
	Integer bool // number options: whole numbers only
	// DeclRange is where the option's block starts in its file; zero for
	// an option not read from a file.
	DeclRange hcl.Range
}

// Entity is an input the dialog prompts the end user for. Name is also the
// entity node's name, so scripts read it as context.entities.<Name>.
type Entity struct {
	Name          string
	Type          string // label, number, email, phone_number, person_name, date, list_of_values
	Prompt        string
	ErrorPrompt   string
	AllowedValues []string // list_of_values only
	// DeclRange is where the entity's block starts in its file.
	DeclRange hcl.Range
}

// Call is one Stripe API call a template makes, for listings and permission
// probes; the lowered service node carries the full request.
type Call struct {
	Node   string   // the service node's name
	Method string   // "GET", "POST" or "DELETE"
	Path   string   // under the base URL, e.g. "/v1/customers/{{context.customerId}}"
	Params []string // query parameters (GET) or form fields (POST) sent
}

var (
	loadOnce  sync.Once
	templates []*Template // sorted by Name
	loadErr   error
)

func load() {
	loadOnce.Do(func() {
		templates, loadErr = loadAll(templateFiles)
	})
}

// loadAll decodes every embedded template file. Templates that decode cleanly
// are returned even when others fail, so one broken file costs one template.
func loadAll(fsys embed.FS) ([]*Template, error) {
	entries, err := fsys.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var all []*Template
	var diags hcl.Diagnostics
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || len(name) < 5 || name[len(name)-4:] != ".hcl" {
			continue
		}
		src, err := fsys.ReadFile("templates/" + name)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read catalog file", Detail: err.Error()})
			continue
		}
		t, fileDiags := decodeFile("templates/"+name, src)
		diags = append(diags, fileDiags...)
		if t != nil && !fileDiags.HasErrors() {
			all = append(all, t)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	if diags.HasErrors() {
		return all, errors.New(diags.Error())
	}
	return all, nil
}

// All returns every template of the catalog, sorted by name. The templates
// are shared: callers read them and must not modify them.
func All() []*Template {
	load()
	return append([]*Template(nil), templates...)
}

// Lookup finds a template by its name.
func Lookup(name string) (*Template, bool) {
	load()
	for _, t := range templates {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// Names returns the names of all templates, sorted.
func Names() []string {
	load()
	names := make([]string, len(templates))
	for i, t := range templates {
		names[i] = t.Name
	}
	return names
}

// Err reports catalog files that failed to decode. It is nil in any released
// build: the tests fail otherwise.
func Err() error {
	load()
	return loadErr
}

// Option returns the template's option called name.
func (t *Template) Option(name string) (*Option, bool) {
	for i := range t.Options {
		if t.Options[i].Name == name {
			return &t.Options[i], true
		}
	}
	return nil, false
}

// Entity returns the template's entity called name.
func (t *Template) Entity(name string) (*Entity, bool) {
	for i := range t.Entities {
		if t.Entities[i].Name == name {
			return &t.Entities[i], true
		}
	}
	return nil, false
}

// CheckEntity returns nil when the template has an entity called name, and
// otherwise an error that lists the entities it has.
func (t *Template) CheckEntity(name string) error {
	if _, ok := t.Entity(name); ok {
		return nil
	}
	if len(t.Entities) == 0 {
		return fmt.Errorf("template %q prompts for nothing, so it has no entity %q", t.Name, name)
	}
	names := make([]string, len(t.Entities))
	for i, e := range t.Entities {
		names[i] = e.Name
	}
	return fmt.Errorf("template %q has no entity %q; its entities are %s", t.Name, name, quoteList(names))
}
