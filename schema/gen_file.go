//go:build ignore

// gen_file writes file.schema.json, the schema of one *.xo.json file for
// editors, and template.schema.json, that of a user template file, both
// derived from config.schema.json. Run it with `go generate ./schema`.
package main

import (
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/schema"
)

func main() {
	out, err := schema.FileSchema()
	if err == nil {
		err = os.WriteFile("file.schema.json", out, 0o644)
	}
	if err == nil {
		out, err = schema.TemplateSchema()
	}
	if err == nil {
		err = os.WriteFile("template.schema.json", out, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen_file:", err)
		os.Exit(1)
	}
}
