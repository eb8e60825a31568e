package stripeapi_test

import (
	"slices"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/stripeapi"
)

// Every call of the built-in templates is one Stripe's API has, every
// parameter it sends is one the call takes, and it sends every parameter
// the call requires. (An external test package, so that the catalog may
// import this one.)
func TestCatalogCallsAreInTheSummary(t *testing.T) {
	if err := catalog.Err(); err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, tpl := range catalog.All() {
		for _, c := range tpl.Calls {
			calls++
			op, ok := stripeapi.Lookup(c.Method, c.Path)
			if !ok {
				t.Errorf("%s: %s: %s %s is not in Stripe's API (it has %q for the path)", tpl.Name, c.Node, c.Method, c.Path, stripeapi.Methods(c.Path))
				continue
			}
			for _, name := range c.Params {
				if _, ok := op.Param(name); !ok {
					t.Errorf("%s: %s: %s %s takes no parameter %q", tpl.Name, c.Node, c.Method, c.Path, name)
				}
			}
			for _, name := range op.Params.Required {
				if !slices.Contains(c.Params, name) {
					t.Errorf("%s: %s: %s %s requires %q", tpl.Name, c.Node, c.Method, c.Path, name)
				}
			}
		}
	}
	if calls == 0 {
		t.Error("the catalog makes no call")
	}
}
