package stripeapi

import (
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
)

// BenchmarkDerive is the cost TestAPIIsFresh adds to the tests.
func BenchmarkDerive(b *testing.B) {
	dir, version, _, err := samples.Module()
	if err != nil || dir == "" {
		b.Skip("stripe-mock is not in the module cache")
	}
	spec, err := samples.ReadSpec(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Derive(spec, version); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckCall is one call's checks as a build makes them.
func BenchmarkCheckCall(b *testing.B) {
	for b.Loop() {
		op, ok := Lookup("POST", "/v1/checkout/sessions")
		if !ok {
			b.Fatal("no operation")
		}
		p, ok := op.Param("line_items[0][price_data][currency]")
		if !ok || CheckValue(p, "usd") != "" {
			b.Fatal("no parameter")
		}
	}
}

// BenchmarkLoad is what the first Lookup of a build costs.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, _, err := parse(apiFile); err != nil {
			b.Fatal(err)
		}
	}
}
