package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/report"
)

// configFlags are the flags of every command that loads bots.
type configFlags struct {
	vars     []string
	varFiles []string
	format   string
}

func (f *configFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.vars, "var", nil, "set a variable: --var name=value (repeatable; highest precedence)")
	cmd.Flags().StringArrayVar(&f.varFiles, "var-file", nil, "read variable values from an HCL file of name = value lines (repeatable)")
	cmd.Flags().StringVar(&f.format, "format", report.FormatText, "diagnostics format: text, json or github")
}

func (f *configFlags) validateFormat() error {
	for _, ok := range report.Formats {
		if f.format == ok {
			return nil
		}
	}
	return usageError("--format must be text, json or github, not %q", f.format)
}

// request turns a command line that loads bots into the engine's request:
// its directories, variables and, with --check-credentials, the live
// check's settings.
func (a *app) request(mode build.Mode, args []string, f *configFlags, lf *liveFlags) (build.Request, error) {
	if err := f.validateFormat(); err != nil {
		return build.Request{}, err
	}
	if err := checkDirArgs(args); err != nil {
		return build.Request{}, err
	}
	vars, err := f.varArgs()
	if err != nil {
		return build.Request{}, err
	}
	req := build.Request{Mode: mode, Dirs: args, Vars: vars, VarFiles: f.varFiles, Environ: a.environ,
		Waiting: func(msg string) { fmt.Fprintf(a.stderr, "xoc: %s\n", report.Escape(msg)) }}
	if lf != nil {
		if req.Credentials, err = lf.options(a); err != nil {
			return build.Request{}, err
		}
	}
	return req, nil
}

// varArgs returns the --var values, having checked them and the
// --var-file paths.
func (f *configFlags) varArgs() ([]config.VarArg, error) {
	var vars []config.VarArg
	for _, s := range f.vars {
		v, err := config.ParseVarArg(s)
		if err != nil {
			return nil, usageError("%s", err)
		}
		vars = append(vars, v)
	}
	return vars, checkVarFiles(f.varFiles)
}

// runEngine runs a request. A pattern that matches nothing is a usage
// error; a failure of the output folder comes back with the result, whose
// diagnostics are printed first.
func (a *app) runEngine(ctx context.Context, req build.Request) (*build.Result, error) {
	res, err := build.Run(ctx, req)
	var usage *build.UsageError
	if errors.As(err, &usage) {
		return nil, usageError("%s", usage.Err)
	}
	return res, err
}

// finish prints the run's diagnostics and turns their errors into the
// exit code: exitUnreachable when a live check could not reach Stripe,
// else exitConfig.
func (a *app) finish(format string, res *build.Result) error {
	return a.finishWith(format, res, nil)
}

// finishWith is finish for a command with results of its own, which fill
// adds to the --format json document.
func (a *app) finishWith(format string, res *build.Result, fill func(*report.Document)) error {
	if err := a.printResult(format, sourcesOf(res), res.Diagnostics, fill); err != nil {
		return err
	}
	if !res.Diagnostics.HasErrors() {
		return nil
	}
	if res.Unreachable {
		return &exitError{code: exitUnreachable}
	}
	return &exitError{code: exitConfig}
}

// sourcesOf gives the run's source files as report.WriteText takes them:
// by their bytes, parsed again where a diagnostic needs their blocks.
func sourcesOf(res *build.Result) map[string]*hcl.File {
	files := make(map[string]*hcl.File, len(res.Sources))
	for name, data := range res.Sources {
		files[name] = &hcl.File{Bytes: data}
	}
	return files
}
