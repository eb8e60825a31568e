package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/cache"
	"github.com/xoc-dev/xoc/compiler/output"
)

func newBuildCommand(a *app) *cobra.Command {
	var flags configFlags
	var live liveFlags
	var opts build.Options
	cmd := &cobra.Command{
		Use:   "build [DIR|DIR/... ...]",
		Short: "Compile bots into importable Kore.ai XO Platform exports",
		Long: `Build validates each bot directory and writes its export to
OUT/<bot label>/: botDefinition.json, config.json and icon.png, ready for
the platform's Import Bot, and REVIEW.md, a page for code review. A run with any error writes nothing; a bot's
folder is replaced as a whole, and files whose bytes did not change are
not rewritten. A bot whose inputs and folder are as the last build left
them is not even loaded again: the build cache is in $XOC_CACHE, else
$XDG_CACHE_HOME/xoc, else ~/.cache/xoc, and XOC_CACHE=off turns it off.
With --check it writes nothing and exits 1 if OUT differs from what it
would write: changed, missing and extra files, each named.`,
		Example: `  xoc build examples/...
  xoc build --out dist bots/payments
  xoc build --check examples/...
  XOC_VAR_stripe_api_key=sk_live_... xoc build --embed-secrets --out /tmp/import bots/payments`,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The cache only ever skips writing what is already there:
			// --check compares everything, --embed-secrets writes a
			// secret the cache must not have seen, and live checks look
			// at every bot.
			var cacheDir string
			if !opts.Check && !opts.EmbedSecrets && !live.enabled {
				cacheDir = a.cacheDir()
			}
			l, code, err := a.loadChecked(cmd.Context(), args, &flags, &live, cacheDir, opts.OutDir)
			if err != nil {
				return err
			}
			var outcome *build.Outcome
			if !l.diags.HasErrors() {
				var runDiags hcl.Diagnostics
				outcome, runDiags, err = build.Run(l.configs, opts)
				l.diags = append(l.diags, runDiags...)
				if err != nil {
					a.printDiagnostics(flags.format, l.files, l.diags)
					return &exitError{code: exitConfig, msg: fmt.Sprintf("writing %s: %s", opts.OutDir, err)}
				}
			}
			if err := a.finish(flags.format, l, code); err != nil {
				return err
			}
			if opts.Check {
				if len(outcome.Differences) > 0 {
					fmt.Fprintf(a.stderr, "%s is not what xoc build would write:\n", opts.OutDir)
					for _, d := range outcome.Differences {
						fmt.Fprintf(a.stdout, "%s\n", d)
					}
					fmt.Fprintf(a.stderr, "Run xoc build to update it.\n")
					return &exitError{code: exitConfig}
				}
				fmt.Fprintf(a.stderr, "%s is up to date.\n", opts.OutDir)
				return nil
			}
			for _, b := range l.fresh {
				outcome.Written = append(outcome.Written, output.Result{Label: b.Entry.Label})
			}
			sort.Slice(outcome.Written, func(i, j int) bool { return outcome.Written[i].Label < outcome.Written[j].Label })
			if l.index != nil && len(l.diags) == 0 {
				// The cache replays no diagnostics, so it remembers
				// only a run that had none.
				build.Remember(l.index, l.configs, l.files)
			}
			for _, r := range outcome.Written {
				if len(r.Changed) == 0 {
					fmt.Fprintf(a.stdout, "%s/%s: unchanged\n", opts.OutDir, r.Label)
				} else {
					fmt.Fprintf(a.stdout, "%s/%s: wrote %s\n", opts.OutDir, r.Label, strings.Join(r.Changed, ", "))
				}
			}
			return nil
		},
	}
	flags.register(cmd)
	live.register(cmd, a)
	cmd.Flags().StringVar(&opts.OutDir, "out", "out", "output folder; each bot is written to OUT/<bot label>/")
	cmd.Flags().BoolVar(&opts.Check, "check", false, "write nothing; exit 1 if the output folder is not what a build would write")
	cmd.Flags().BoolVar(&opts.EmbedSecrets, "embed-secrets", false, "write the Stripe API key into config.json (for a pipeline that imports and never commits the export)")
	return cmd
}

// EnvCache names the environment variable that sets the build cache's
// folder, or turns the cache off.
const EnvCache = "XOC_CACHE"

// cacheDir is the build cache's folder: $XOC_CACHE, else
// $XDG_CACHE_HOME/xoc, else $HOME/.cache/xoc. It is "", and builds run
// without the cache, when XOC_CACHE=off or none of them is set.
func (a *app) cacheDir() string {
	dir := a.getenv(EnvCache)
	switch {
	case dir == "off":
		return ""
	case dir != "":
		return dir
	case filepath.IsAbs(a.getenv("XDG_CACHE_HOME")):
		return filepath.Join(a.getenv("XDG_CACHE_HOME"), "xoc")
	case filepath.IsAbs(a.getenv("HOME")):
		return filepath.Join(a.getenv("HOME"), ".cache", "xoc")
	}
	return ""
}

// openIndex opens the cache in dir and its index of the output folder
// outDir for a run with the inputs in. It returns nil, and the build
// runs without the cache, when the folder cannot be used.
func openIndex(dir, outDir string, in cache.Inputs) *cache.Index {
	c, err := cache.Open(dir)
	if err != nil {
		return nil
	}
	ix, err := c.Index(outDir, in)
	if err != nil {
		return nil
	}
	return ix
}
