//go:build ignore

// gen_samples writes samples.json from stripe-mock's embedded spec and
// fixtures, downloading stripe-mock's module first when the module cache
// lacks it. Run it with `go generate ./compiler/catalog`.
package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/catalog/internal/samples"
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
	dir, version, toolsDir, err := samples.Module()
	if err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintf(os.Stderr, "gen_samples: downloading stripe-mock %s\n", version)
		cmd := exec.Command("go", "mod", "download", "github.com/stripe/stripe-mock")
		cmd.Dir, cmd.Stdout, cmd.Stderr = toolsDir, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("cannot download stripe-mock %s (run `go mod download github.com/stripe/stripe-mock` in %s): %w", version, toolsDir, err)
		}
		if dir, _, _, err = samples.Module(); err != nil {
			return err
		}
		if dir == "" {
			return fmt.Errorf("stripe-mock %s is still not in the module cache", version)
		}
	}
	spec, fixtures, err := samples.ReadModule(dir)
	if err != nil {
		return err
	}
	var endpoints []samples.Endpoint
	for _, t := range catalog.All() {
		for _, c := range t.Calls {
			endpoints = append(endpoints, samples.Endpoint{Method: c.Method, Path: c.Path})
		}
	}
	out, err := samples.Derive(spec, fixtures, version, endpoints)
	if err != nil {
		return err
	}
	return os.WriteFile("samples.json", out, 0o644)
}
