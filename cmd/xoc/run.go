package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/live"
	"github.com/xoc-dev/xoc/compiler/runner"
)

func newRunCommand(a *app) *cobra.Command {
	var (
		flags    configFlags
		dialog   string
		entities []string
		apiURL   string
		verbose  bool
	)
	cmd := &cobra.Command{
		Use:   "run DIR",
		Short: "Run a dialog task of a bot export, as the XO runtime would",
		Long: `Run executes one dialog task of a bot the way the XO Platform's runtime does:
entity values given with --entity (others get a sample answer), script nodes
in a JavaScript engine, {{...}} templates resolved against context and env,
service nodes sent over HTTP, transitions followed, messages printed.

DIR is either an export folder (out/<label>, holding botDefinition.json) or a
bot's source directory, which is compiled in memory first; either way the
run reads the export files xoc writes, not the compiler's model.

Stripe calls go to --stripe-api-url (default $XOC_STRIPE_API_URL, else the
export's own base URL). The pre-authorized key comes from
XOC_VAR_<key variable>; an end user's key for an auth profile from
XOC_TEST_KEY_<PROFILE>. Exit status 1 means a call failed, a template did
not resolve or the dialog did not end.`,
		Example: `  XOC_VAR_stripe_api_key=sk_test_123 xoc run examples/stripe-pre-authorized \
      --dialog "Create a Customer" --entity name="Smith & Sons" --stripe-api-url http://127.0.0.1:12111
  XOC_TEST_KEY_STRIPE_END_USER=sk_test_123 xoc run out/billing_self_service --dialog "List all invoices"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			def, cfgJSON, err := a.exportOf(cmd.Context(), args[0], &flags)
			if err != nil {
				return err
			}
			bot, err := runner.Parse(def, cfgJSON)
			if err != nil {
				return &exitError{code: exitConfig, msg: err.Error()}
			}
			opts := runner.Options{
				Dialog:   dialog,
				Entities: map[string]string{},
				Env:      map[string]string{},
				UserKeys: map[string]string{},
				Out:      a.stdout,
			}
			for _, e := range entities {
				name, value, ok := strings.Cut(e, "=")
				if !ok || name == "" {
					return usageError("invalid --entity %q: want name=value", e)
				}
				opts.Entities[name] = value
			}
			// Env values and end-user keys come from the environment, so
			// that secrets never sit on a command line.
			for name, value := range config.InputsFromEnviron(a.environ) {
				opts.Env[name] = value
			}
			if apiURL == "" {
				apiURL = a.getenv(live.EnvAPIURL)
			}
			opts.StripeAPIURL = apiURL
			for _, p := range bot.AuthProfiles() {
				if key := a.getenv(live.ProfileKeyEnvVar(p)); key != "" {
					opts.UserKeys[p] = key
				}
			}
			t, err := runner.Run(cmd.Context(), bot, opts)
			if verbose && t != nil {
				fmt.Fprint(a.stderr, t.Format())
			}
			if err != nil {
				return &exitError{code: exitConfig, msg: err.Error()}
			}
			if problems := t.Problems(); len(problems) > 0 {
				return &exitError{code: exitConfig, msg: "run failed: " + strings.Join(problems, "; ")}
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&dialog, "dialog", "", "the dialog task to run, by name (required when the bot has several)")
	cmd.Flags().StringArrayVar(&entities, "entity", nil, "answer an entity: --entity name=value (repeatable)")
	cmd.Flags().StringVar(&apiURL, "stripe-api-url", "", "send Stripe calls here, e.g. a local stripe-mock (default $"+live.EnvAPIURL+")")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print the whole transcript (nodes, calls, answers) to stderr")
	return cmd
}

// exportOf returns the botDefinition.json and config.json of dir: read
// from an export folder, or compiled in memory from a bot directory.
func (a *app) exportOf(ctx context.Context, dir string, flags *configFlags) (def, cfg []byte, err error) {
	def, cfg, err = runner.ReadExport(dir)
	switch {
	case err == nil:
		return def, cfg, nil
	case !errors.Is(err, runner.ErrNoExport):
		return nil, nil, &exitError{code: exitConfig, msg: err.Error()}
	}
	req, err := a.request(build.Keep, []string{dir}, flags, nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := a.runEngine(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if res.Diagnostics.HasErrors() {
		return nil, nil, a.finish(flags.format, res)
	}
	files := res.Bots[0].Files
	return files[runner.DefinitionFile], files[runner.ConfigFile], nil
}
