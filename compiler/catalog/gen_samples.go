//go:build ignore

// gen_samples writes samples.json from stripe-mock's embedded spec and
// fixtures, downloading stripe-mock's module first when the module cache
// lacks it. Run it with `go generate ./compiler/catalog`.
package main

import (
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/stripeapi"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen_samples:", err)
		os.Exit(1)
	}
}

func run() error {
	// The samples must cover every call, so a catalog that does not load is
	// fatal here rather than a missing template.
	if err := catalog.Err(); err != nil {
		return err
	}
	dir, version, err := samples.Fetch(os.Stderr)
	if err != nil {
		return err
	}
	spec, fixtures, err := samples.ReadModule(dir)
	if err != nil {
		return err
	}
	var endpoints []samples.Endpoint
	for _, t := range catalog.All() {
		for _, c := range t.Calls {
			// A sample belongs to the spec's endpoint
			// ("/v1/customers/{customer}"), as SampleResponse looks it up.
			op, ok := stripeapi.Lookup(c.Method, c.Path)
			if !ok {
				return fmt.Errorf("template %s: %s %s is not in Stripe's API", t.Name, c.Method, c.Path)
			}
			endpoints = append(endpoints, samples.Endpoint{Method: c.Method, Path: op.Path})
		}
	}
	out, err := samples.Derive(spec, fixtures, version, endpoints)
	if err != nil {
		return err
	}
	return os.WriteFile("samples.json", out, 0o644)
}
