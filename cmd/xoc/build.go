package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
)

func newBuildCommand(a *app) *cobra.Command {
	var flags configFlags
	var live liveFlags
	var (
		outDir              string
		check, embedSecrets bool
	)
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
			mode := build.Write
			if check {
				mode = build.Compare
			}
			if err := checkOutDir(outDir); err != nil {
				return err
			}
			req, err := a.request(mode, args, &flags, &live)
			if err != nil {
				return err
			}
			req.OutDir, req.EmbedSecrets = outDir, embedSecrets
			res, err := a.runEngine(cmd.Context(), req)
			if err != nil {
				if res != nil {
					a.printDiagnostics(flags.format, sourcesOf(res), res.Diagnostics)
				}
				return &exitError{code: exitConfig, msg: fmt.Sprintf("writing %s: %s", outDir, err)}
			}
			if err := a.finish(flags.format, res); err != nil {
				return err
			}
			if check {
				return a.reportDifferences(outDir, res.Differences)
			}
			bots := slices.Clone(res.Bots)
			slices.SortStableFunc(bots, func(x, y build.Bot) int { return strings.Compare(x.Label, y.Label) })
			for _, b := range bots {
				if len(b.Changed) == 0 {
					fmt.Fprintf(a.stdout, "%s/%s: unchanged\n", outDir, b.Label)
				} else {
					fmt.Fprintf(a.stdout, "%s/%s: wrote %s\n", outDir, b.Label, strings.Join(b.Changed, ", "))
				}
			}
			return nil
		},
	}
	flags.register(cmd)
	live.register(cmd, a)
	cmd.Flags().StringVar(&outDir, "out", "out", "output folder; each bot is written to OUT/<bot label>/")
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; exit 1 if the output folder is not what a build would write")
	cmd.Flags().BoolVar(&embedSecrets, "embed-secrets", false, "write the Stripe API key into config.json (for a pipeline that imports and never commits the export)")
	return cmd
}

// reportDifferences says how the output folder differs from the build
// (build --check): each difference on stdout, and exit 1 when there is
// any.
func (a *app) reportDifferences(outDir string, diffs []build.Difference) error {
	if len(diffs) == 0 {
		fmt.Fprintf(a.stderr, "%s is up to date.\n", outDir)
		return nil
	}
	fmt.Fprintf(a.stderr, "%s is not what xoc build would write:\n", outDir)
	for _, d := range diffs {
		fmt.Fprintf(a.stdout, "%s\n", d)
	}
	fmt.Fprintf(a.stderr, "Run xoc build to update it.\n")
	return &exitError{code: exitConfig}
}
