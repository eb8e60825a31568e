// Command splice rewrites the generated language reference of a README.
package main

import (
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/internal/docgen"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: splice README.md")
		os.Exit(2)
	}
	readme, err := os.ReadFile(os.Args[1])
	if err == nil {
		readme, err = docgen.Splice(readme)
	}
	if err == nil {
		err = os.WriteFile(os.Args[1], readme, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
