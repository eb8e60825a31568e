package main

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/files"
	"github.com/xoc-dev/xoc/compiler/format"
	"github.com/xoc-dev/xoc/compiler/report"
)

func newFmtCommand(a *app) *cobra.Command {
	var check, diff bool
	cmd := &cobra.Command{
		Use:   "fmt [PATH ...]",
		Short: "Rewrite *.xo.hcl files in the canonical style",
		Long: `Fmt rewrites configuration files in HCL's canonical style: two-space
indentation, aligned "=", quoted block labels, at most one blank line in a
row, a final newline. Each PATH (default: the current directory) is a file,
or a directory walked recursively for *.xo.hcl files, skipping hidden
directories. *.xo.json files are left alone.

Fmt names each file it rewrites. With --check it writes nothing, names the
files that are not formatted and exits 1 if there are any. With --diff it
prints what changes as a unified diff instead of the names (and, with
--check, still writes nothing). A file with syntax errors is not touched:
fmt reports the errors and exits 1.`,
		Example: `  xoc fmt
  xoc fmt --check examples testdata/valid
  xoc fmt --diff bots/payments/bot.xo.hcl`,
		RunE: func(_ *cobra.Command, args []string) error {
			return a.formatFiles(args, check, diff)
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; exit 1 if any file is not formatted")
	cmd.Flags().BoolVar(&diff, "diff", false, "print the changes as a unified diff instead of the file names")
	return cmd
}

func (a *app) formatFiles(args []string, check, diff bool) error {
	paths, err := files.FormatTargets(args)
	if err != nil {
		// A path that does not exist, or a named file that is not HCL:
		// the command line is wrong.
		return usageError("%s", err)
	}
	sources := map[string]*hcl.File{}
	var diags hcl.Diagnostics
	var changed []string
	failed := false
	for _, path := range paths {
		src, err := config.ReadSource(path)
		if err != nil {
			fmt.Fprintf(a.stderr, "xoc: %s\n", err)
			failed = true
			continue
		}
		out, more := format.Source(path, src)
		if len(more) > 0 {
			// Kept for the source lines shown with the diagnostics, with
			// any Stripe key in them masked.
			sources[path] = &hcl.File{Bytes: config.RedactSource(src, nil)}
			diags = append(diags, more...)
		}
		if more.HasErrors() || bytes.Equal(src, out) {
			continue
		}
		changed = append(changed, path)
		if diff {
			a.stdout.Write(format.Diff(path, path, src, out))
		} else {
			fmt.Fprintln(a.stdout, path)
		}
		if check {
			continue
		}
		if err := format.WriteFile(path, out); err != nil {
			fmt.Fprintf(a.stderr, "xoc: writing %s: %s\n", path, err)
			failed = true
		}
	}
	if err := a.printDiagnostics(report.FormatText, sources, diags); err != nil {
		return err
	}
	if diags.HasErrors() || failed {
		return &exitError{code: exitConfig}
	}
	if check && len(changed) > 0 {
		noun := "files"
		if len(changed) == 1 {
			noun = "file"
		}
		fmt.Fprintf(a.stderr, "xoc fmt would rewrite %d %s; run it without --check.\n", len(changed), noun)
		return &exitError{code: exitConfig}
	}
	return nil
}
