package main

import (
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/cache"
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

// loaded is the result of loading every bot of a command line.
type loaded struct {
	configs []*config.Config
	files   map[string]*hcl.File
	diags   hcl.Diagnostics
	// fresh are the bots the build cache found up to date in the output
	// folder, which were not loaded; index is the cache's index of that
	// folder, to remember the loaded ones in, or nil.
	fresh []build.Fresh
	index *cache.Index
}

// loadBots expands the directory arguments and loads every bot, gathering
// all diagnostics. With a cache folder, bots the cache finds up to date
// in the output folder outDir are not loaded but listed as fresh.
func (a *app) loadBots(args []string, f *configFlags, cacheDir, outDir string) (*loaded, error) {
	if err := f.validateFormat(); err != nil {
		return nil, err
	}
	dirs, err := config.ExpandDirs(args)
	if err != nil {
		return nil, usageError("%s", err)
	}
	in := config.Inputs{Env: config.InputsFromEnviron(a.environ)}
	for _, s := range f.vars {
		v, err := config.ParseVarArg(s)
		if err != nil {
			return nil, usageError("%s", err)
		}
		in.Vars = append(in.Vars, v)
	}
	out := &loaded{files: map[string]*hcl.File{}}
	varParser := hclparse.NewParser()
	for _, path := range f.varFiles {
		vf, diags := config.ParseVarFile(varParser, path)
		out.diags = append(out.diags, diags...)
		if vf != nil {
			in.Files = append(in.Files, vf)
		}
	}
	for name, file := range varParser.Files() {
		out.files[name] = file
	}

	if cacheDir != "" {
		ci := cache.Inputs{VarFiles: f.varFiles, Env: in.Env}
		for _, v := range in.Vars {
			ci.Vars = append(ci.Vars, [2]string{v.Name, v.Value})
		}
		if out.index = openIndex(cacheDir, outDir, ci); out.index != nil {
			out.fresh, dirs = build.Split(out.index, dirs)
		}
	}
	bots := build.Load(dirs, in, 0)
	out.diags = append(out.diags, bots.Diags...)
	for name, file := range bots.Files {
		out.files[name] = file
	}
	out.configs = bots.Configs
	// A fresh bot was built without error, so its label was unique then;
	// a loaded bot may take it since.
	labels := map[string]string{} // label → bot directory
	for _, b := range out.fresh {
		labels[b.Entry.Label] = b.Dir
	}
	for _, cfg := range bots.Configs {
		if cfg.Bot.Label == "" {
			continue
		}
		if prev, dup := labels[cfg.Bot.Label]; dup {
			out.diags = append(out.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate bot label",
				Detail: fmt.Sprintf("Bot %q is declared in %s and in %s; each bot's export goes to a folder named after its label, so labels must differ.",
					cfg.Bot.Label, prev, cfg.Dir),
				Subject: cfg.Bot.DeclRange.Ptr(),
			})
			continue
		}
		labels[cfg.Bot.Label] = cfg.Dir
	}
	undeclared := config.UndeclaredVars(out.configs, in.Vars)
	if len(out.fresh) > 0 {
		declared := map[string]bool{}
		for _, b := range out.fresh {
			for _, name := range b.Entry.Variables {
				declared[name] = true
			}
		}
		undeclared = slices.DeleteFunc(undeclared, func(name string) bool { return declared[name] })
	}
	sort.Strings(undeclared)
	for _, name := range undeclared {
		out.diags = append(out.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Value for undeclared variable",
			Detail:   fmt.Sprintf("--var %s sets a variable that no bot of this run declares. Declare it with a variable %q block, or remove the --var.", name, name),
		})
	}
	return out, nil
}
