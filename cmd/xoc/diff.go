package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/exportdiff"
	"github.com/xoc-dev/xoc/compiler/platform"
	"github.com/xoc-dev/xoc/compiler/report"
	"github.com/xoc-dev/xoc/compiler/runner"
)

func newDiffCommand(a *app) *cobra.Command {
	var (
		flags     configFlags
		pf        platformFlags
		botID     string
		published bool
	)
	cmd := &cobra.Command{
		Use:   "diff [DIR]",
		Short: "Compare the live bot on the Kore.ai XO Platform with what xoc builds",
		Long: `Diff exports the live bot (--bot-id, or the bot_id of the bot's deploy
block) as pull does, in memory, and compares it with what xoc builds from
DIR (a bot directory, default ".", or an export folder such as
out/<label>), by meaning, not bytes. Dialog tasks are matched by refId;
for each it reports the nodes, prompts, messages, scripts, service calls,
transitions and utterances added, removed or changed; then env variables
and auth profiles. What a round trip through the platform changes without
changing the bot is ignored: re-assigned _ids, timestamps, encryptedHash,
node positions, and the order of dialogs, nodes, utterances and variables.
A secured variable's value is neither compared nor shown.

"+" marks what only the build has (a deploy would add it), "-" what only
the live bot has (a deploy would remove it, or it was added in the
platform), "~" what differs, with the live value first.

Exit status: 0 the same; 1 they differ (as diff(1)), or the
configuration has errors; 2 bad command line; 3 the platform could not
be reached, kept answering 429 or 5xx, or did not finish within
--timeout.`,
		Example: `  xoc diff bots/payments --bot-id st-1234
  xoc diff out/payments_assistant --bot-id st-1234 --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flags.validateFormat(); err != nil {
				return err
			}
			if botID != "" && !platform.ValidBotID(botID) {
				return usageError("--bot-id %q is not a bot id: it looks like st-1234abcd-…", botID)
			}
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			def, cfg, deploy, err := a.builtExport(cmd.Context(), dir, &flags)
			if err != nil {
				return err
			}
			if botID == "" && deploy != nil {
				botID = deploy.BotID
			}
			if botID == "" {
				return usageError("--bot-id is required: the id of the live bot to compare with (st-...), unless the bot's deploy block names it")
			}
			out, scrub := a.scrubbed(a.secrets(&pf, flags.vars))
			x, err := out.pullExport(cmd.Context(), &pf, botID, published)
			if err != nil {
				return platformExit(err, scrub)
			}
			liveDef := x.Files[platform.DefinitionFile]
			if liveDef == nil {
				liveDef = x.Files[platform.AppDefinitionFile]
			}
			changes, err := exportdiff.Compare(exportdiff.Export{Definition: liveDef, Config: x.Files[platform.ConfigFile]},
				exportdiff.Export{Definition: def, Config: cfg})
			if err != nil {
				return &exitError{code: exitConfig, msg: scrub(err.Error())}
			}
			if flags.format == report.FormatJSON {
				doc := struct {
					FormatVersion string              `json:"format_version"`
					BotID         string              `json:"bot_id"`
					Dir           string              `json:"dir"`
					Equal         bool                `json:"equal"`
					Changes       []exportdiff.Change `json:"changes"`
				}{"1.0", botID, dir, len(changes) == 0, append([]exportdiff.Change{}, changes...)}
				enc := json.NewEncoder(out.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(doc); err != nil {
					return err
				}
			}
			if len(changes) == 0 {
				fmt.Fprintf(out.stderr, "The live bot %s is what %s builds.\n", botID, dir)
				return nil
			}
			if flags.format != report.FormatJSON {
				fmt.Fprintf(out.stdout, "--- live %s\n+++ build %s\n%s", botID, dir, exportdiff.Format(changes))
			}
			plural := "s"
			if len(changes) == 1 {
				plural = ""
			}
			fmt.Fprintf(out.stderr, "The live bot %s differs from what %s builds: %d difference%s.\n", botID, dir, len(changes), plural)
			return &exitError{code: exitConfig}
		},
	}
	flags.register(cmd)
	cmd.Flags().Lookup("format").Usage = "output format: text, or json for one document with every difference (github: diagnostics as annotations)"
	pf.register(cmd)
	cmd.Flags().StringVar(&botID, "bot-id", "", "the live bot to compare with, `st-...` (default: the bot_id of the bot's deploy block)")
	cmd.Flags().BoolVar(&published, "published", false, "compare with the published copy, not the in-development one")
	return cmd
}

// builtExport returns the definition and config.json of dir, read from an
// export folder or built in memory from a bot directory, and, for a bot
// directory, its deploy block.
func (a *app) builtExport(ctx context.Context, dir string, flags *configFlags) (def, cfg []byte, deploy *config.Deploy, err error) {
	def, cfg, err = runner.ReadExport(dir)
	switch {
	case err == nil:
		return def, cfg, nil, nil
	case !errors.Is(err, runner.ErrNoExport):
		return nil, nil, nil, &exitError{code: exitConfig, msg: err.Error()}
	}
	req, err := a.request(build.Keep, []string{dir}, flags, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := a.runEngine(ctx, req)
	if err != nil {
		return nil, nil, nil, err
	}
	if res.Diagnostics.HasErrors() {
		return nil, nil, nil, a.finish(flags.format, res)
	}
	b := res.Bots[0]
	return b.Files[runner.DefinitionFile], b.Files[runner.ConfigFile], b.Deploy, nil
}
