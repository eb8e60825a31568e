package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/report"
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
would write: changed, missing and extra files, each named.

With --format json, stdout holds one document: the diagnostics, and the
folders written ("bots") or, with --check, "up_to_date" and the
"differences". With --format github, every line on stdout is an
annotation, the differences of --check included.`,
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
			if res == nil && err != nil {
				if _, usage := err.(*exitError); usage {
					return err
				}
				res = &build.Result{}
			}
			if err != nil {
				// The output folder failed: a diagnostic like any other,
				// so that each format reports it in its own way.
				res.Diagnostics = append(res.Diagnostics, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Cannot write the output folder",
					Detail:   fmt.Sprintf("writing %s: %s", outDir, err),
				})
			}
			ok := !res.Diagnostics.HasErrors()
			if err := a.finishWith(flags.format, res, func(doc *report.Document) {
				switch {
				case !ok:
				case check:
					doc.SetDifferences(differences(res.Differences))
				default:
					doc.Bots = writtenBots(outDir, res.Bots)
				}
			}); err != nil {
				return err
			}
			if check {
				return a.reportDifferences(flags.format, outDir, res.Differences)
			}
			a.reportWritten(flags.format, outDir, res.Bots)
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

// writtenBots lists what a build wrote, by label.
func writtenBots(outDir string, bots []build.Bot) []report.Bot {
	out := make([]report.Bot, 0, len(bots))
	for _, b := range bots {
		changed := b.Changed
		if changed == nil {
			changed = []string{}
		}
		out = append(out, report.Bot{Label: b.Label, Folder: outDir + "/" + b.Label, Changed: changed})
	}
	slices.SortStableFunc(out, func(x, y report.Bot) int { return strings.Compare(x.Label, y.Label) })
	return out
}

func differences(diffs []build.Difference) []report.Difference {
	out := make([]report.Difference, len(diffs))
	for i, d := range diffs {
		out[i] = report.Difference{Name: d.Name, Kind: d.Kind}
	}
	return out
}

// reportWritten says what a build wrote, one line per bot: the command's
// result on stdout in text format. With --format github stdout is for
// annotations, so the lines go to stderr; with json they are in the
// document.
func (a *app) reportWritten(format, outDir string, bots []build.Bot) {
	var w io.Writer
	switch format {
	case report.FormatJSON:
		return
	case report.FormatGitHub:
		w = a.stderr
	default:
		w = a.stdout
	}
	for _, b := range writtenBots(outDir, bots) {
		if len(b.Changed) == 0 {
			fmt.Fprintf(w, "%s: unchanged\n", b.Folder)
		} else {
			fmt.Fprintf(w, "%s: wrote %s\n", b.Folder, strings.Join(b.Changed, ", "))
		}
	}
}

// reportDifferences says how the output folder differs from the build
// (build --check), and exits 1 when it does: in text format each
// difference on stdout, with github as annotations; with json they are in
// the document already.
func (a *app) reportDifferences(format, outDir string, diffs []build.Difference) error {
	human := a.stderr
	if format == report.FormatJSON {
		human = io.Discard // one document on stdout, and that is all
	}
	if len(diffs) == 0 {
		fmt.Fprintf(human, "%s is up to date.\n", outDir)
		return nil
	}
	fmt.Fprintf(human, "%s is not what xoc build would write:\n", outDir)
	switch format {
	case report.FormatGitHub:
		if err := report.WriteGitHubDifferences(a.stdout, differences(diffs)); err != nil {
			return err
		}
	case report.FormatText:
		for _, d := range diffs {
			fmt.Fprintf(a.stdout, "%s\n", d)
		}
	}
	fmt.Fprintf(human, "Run xoc build to update it.\n")
	return &exitError{code: exitConfig}
}
