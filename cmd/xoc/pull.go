package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/platform"
)

func newPullCommand(a *app) *cobra.Command {
	var (
		pf        platformFlags
		botID     string
		outDir    string
		published bool
	)
	cmd := &cobra.Command{
		Use:   "pull",
		Short: "Download a bot's export from the Kore.ai XO Platform",
		Long: `Pull exports a bot through the platform's public API, waits for the export
to end, downloads the zip and unpacks its botDefinition.json, config.json
and icon.png into --out (default: a folder named after the bot id). Other
entries of the zip are ignored and named; a zip with an entry whose name
leaves the folder (../x, /x) or that unpacks to more than the limits is
refused as a whole, and nothing is written. Each file is written to a
temporary file first and renamed into place.

By default the in-development copy is exported (what deploy imports into
and the builder edits); --published exports the published one.

Exit status: 0 written; 1 the platform refused, or its zip was refused;
2 bad command line; 3 the platform could not be reached, kept answering
429 or 5xx, or did not finish within --timeout.`,
		Example: `  xoc pull --bot-id st-1234 --out live/payments`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if botID == "" {
				return usageError("--bot-id is required: the id of the bot to pull (st-...)")
			}
			if !platform.ValidBotID(botID) {
				return usageError("--bot-id %q is not a bot id: it looks like st-1234abcd-…", botID)
			}
			if outDir == "" {
				outDir = botID
			}
			out, scrub := a.scrubbed(a.secrets(&pf, nil))
			x, err := out.pullExport(cmd.Context(), &pf, botID, published)
			if err != nil {
				return platformExit(err, scrub)
			}
			if err := platform.WriteFiles(outDir, x.Files); err != nil {
				return &exitError{code: exitConfig, msg: scrub(err.Error())}
			}
			if len(x.Ignored) > 0 {
				fmt.Fprintf(out.stderr, "%s: ignored the export zip's other entries: %s\n", outDir, strings.Join(x.Ignored, ", "))
			}
			fmt.Fprintf(out.stdout, "%s: wrote %s\n", outDir, strings.Join(slices.Sorted(maps.Keys(x.Files)), ", "))
			return nil
		},
	}
	pf.register(cmd)
	cmd.Flags().StringVar(&botID, "bot-id", "", "the bot to pull, `st-...`; required")
	cmd.Flags().StringVar(&outDir, "out", "", "folder `DIR` to write the export's files into (default: ./<bot id>)")
	cmd.Flags().BoolVar(&published, "published", false, "export the published copy, not the in-development one")
	return cmd
}

// pullExport exports a bot and returns its files, unpacked in memory.
func (a *app) pullExport(ctx context.Context, pf *platformFlags, botID string, published bool) (*platform.Export, error) {
	client, err := a.platformClient(pf, false, a.stderr)
	if err != nil {
		return nil, err
	}
	typ := platform.ExportLatest
	if published {
		typ = platform.ExportPublished
	}
	return client.Export(ctx, botID, typ)
}
