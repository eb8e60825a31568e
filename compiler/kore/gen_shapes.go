//go:build ignore

// gen_shapes writes testdata/reference-shapes.json, the summary of the real
// Kore.ai exports that the conformance test holds the writer to.
//
// Usage (from compiler/kore, as go generate runs it):
//
//	go run gen_shapes.go [-refs DIR] [-out FILE]
//
// The default -refs is ../shared/reference/kore-exports relative to the
// module root, where the project keeps its read-only reference material.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xoc-dev/xoc/compiler/kore/internal/shapes"
)

func main() {
	refs := flag.String("refs", "", "directory of reference exports (default: <module root>/../shared/reference/kore-exports)")
	out := flag.String("out", filepath.Join("testdata", "reference-shapes.json"), "summary file to write")
	flag.Parse()
	if *refs == "" {
		root, err := shapes.ModuleRoot()
		if err != nil {
			fail(err)
		}
		*refs = shapes.ReferenceDir(root)
	}
	sum, err := shapes.FromDir(*refs)
	if err != nil {
		fail(err)
	}
	data, err := sum.Marshal()
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen_shapes:", err)
	os.Exit(1)
}
