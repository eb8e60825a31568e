//go:build ignore

// gen writes api.json, the summary of Stripe's API, from the OpenAPI spec of
// the stripe-mock that tools/go.mod pins, downloading stripe-mock's module
// first when the module cache lacks it. Run it with
// `go generate ./compiler/catalog`; it takes the file to write as its
// argument.
package main

import (
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/stripeapi"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "stripeapi gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: go run gen.go <output file>")
	}
	dir, version, err := samples.Fetch(os.Stderr)
	if err != nil {
		return err
	}
	spec, err := samples.ReadSpec(dir)
	if err != nil {
		return err
	}
	out, err := stripeapi.Derive(spec, version)
	if err != nil {
		return err
	}
	return os.WriteFile(os.Args[1], out, 0o644)
}
