package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/live"
	"github.com/xoc-dev/xoc/compiler/report"
	"github.com/xoc-dev/xoc/compiler/runner"
)

// runScriptHeapGrowth is the heap growth one script of a run may cause; 0
// means the runner's default. Tests lower it, to hit it quickly.
var runScriptHeapGrowth int64

func newRunCommand(a *app) *cobra.Command {
	var (
		flags     configFlags
		dialog    string
		entities  []string
		apiURL    string
		verbose   bool
		allowLive bool
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
export's own base URL). The export's env values, the pre-authorized key
among them, come from XOC_VAR_<name>, --var-file and --var, as for build;
an end user's key for an auth profile from XOC_TEST_KEY_<PROFILE>. Keys are
sent only to that Stripe base URL, and live-mode keys (sk_live_, rk_live_)
only with --live. Exit status 1 means a call failed, a template did not
resolve or the dialog did not end.`,
		Example: `  XOC_VAR_stripe_api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc xoc run examples/stripe-pre-authorized \
      --dialog "Create a Customer" --entity name="Smith & Sons" --stripe-api-url http://127.0.0.1:12111
  XOC_TEST_KEY_STRIPE_END_USER=sk_test_4eC39HqLyjWDarjtT1zdp7dc xoc run out/billing_self_service \
      --dialog "List all invoices" --stripe-api-url http://127.0.0.1:12111`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := flags.validateFormat(); err != nil {
				return err
			}
			if err := checkDirArgs([]string{dir}); err != nil {
				return err
			}
			vars, err := flags.varArgs()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("stripe-api-url") {
				if err := checkAPIURL("--stripe-api-url", apiURL); err != nil {
					return err
				}
			}
			stripeURL, err := stripeAPIURL(a, apiURL)
			if err != nil {
				return err
			}
			answers, err := entityAnswers(entities)
			if err != nil {
				return err
			}

			def, cfgJSON, compiled, err := a.exportOf(cmd.Context(), dir, &flags)
			if err != nil {
				return err
			}
			bot, err := runner.Parse(def, cfgJSON)
			if err != nil {
				return &exitError{code: exitConfig, msg: err.Error()}
			}
			if !compiled {
				// A bot compiled here had its --var names checked against
				// its variables; an export has only its env variables.
				if err := checkRunVars(vars, bot.EnvNames()); err != nil {
					return err
				}
			}
			env, varSources, diags := runValues(a.environ, flags.varFiles, vars, bot.EnvNames())
			if diags.HasErrors() {
				a.printDiagnostics(flags.format, varSources, diags)
				return &exitError{code: exitConfig}
			}
			opts := runner.Options{
				Dialog:              dialog,
				Entities:            answers,
				Env:                 env,
				StripeAPIURL:        stripeURL,
				UserKeys:            map[string]string{},
				AllowLiveKeys:       allowLive,
				Out:                 escapingWriter{a.stdout},
				MaxScriptHeapGrowth: runScriptHeapGrowth,
			}
			// End-user keys come from the environment only, so that they
			// never sit on a command line.
			for _, p := range bot.AuthProfiles() {
				if key := a.getenv(live.ProfileKeyEnvVar(p)); key != "" {
					opts.UserKeys[p] = key
				}
			}
			if flags.format == report.FormatJSON {
				opts.Out = nil // the messages are in the document
			}
			t, err := runner.Run(cmd.Context(), bot, opts)
			if verbose && t != nil {
				fmt.Fprint(a.stderr, report.Escape(t.Format()))
			}
			if err != nil && isUsage(runError(err)) {
				return runError(err)
			}
			if flags.format == report.FormatJSON {
				if err := a.printResult(flags.format, nil, nil, func(doc *report.Document) { doc.Run = runOutcome(t, err) }); err != nil {
					return err
				}
			}
			if err != nil {
				return runError(err)
			}
			if problems := t.Problems(); len(problems) > 0 {
				return &exitError{code: exitConfig, msg: "run failed: " + strings.Join(problems, "; ")}
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().Lookup("format").Usage = "output format: text, json for one document with the diagnostics and the run (messages, calls, problems), or github for diagnostics as annotations"
	cmd.Flags().StringVar(&dialog, "dialog", "", "the dialog task to run, by name (required when the bot has several)")
	cmd.Flags().StringArrayVar(&entities, "entity", nil, "answer an entity: --entity name=value (repeatable; the dialog must have the entity)")
	cmd.Flags().StringVar(&apiURL, "stripe-api-url", "", "send Stripe calls, and the keys, here, e.g. a local stripe-mock (default $"+live.EnvAPIURL+", else the export's stripe_base_url)")
	cmd.Flags().BoolVar(&allowLive, "live", false, "allow live-mode keys (sk_live_, rk_live_): the run then acts on the live Stripe account")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print the whole transcript (nodes, calls, answers) to stderr")
	return cmd
}

// escapingWriter shows the terminal controls of what it writes as
// escapes: a bot's messages are text for people, whatever the export or
// a server put in them.
type escapingWriter struct{ w io.Writer }

func (e escapingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, report.Escape(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// runOutcome describes a run for the JSON document; t may be nil when the
// run could not start.
func runOutcome(t *runner.Transcript, err error) *report.Run {
	out := &report.Run{Messages: []string{}, Calls: []report.RunCall{}, Problems: []string{}}
	if t != nil {
		out.Dialog, out.Ended = t.Dialog, t.Ended
		out.Messages = append(out.Messages, t.Messages...)
		for _, c := range t.Calls {
			out.Calls = append(out.Calls, report.RunCall{Node: c.NodeID, Method: c.Method, URL: c.URL, Status: c.Status, Error: c.Error})
		}
		out.Problems = append(out.Problems, t.Problems()...)
	}
	if err != nil {
		out.Error = err.Error()
	}
	out.Succeeded = err == nil && t != nil && len(t.Problems()) == 0
	return out
}

// isUsage reports whether err ends xoc with a usage error.
func isUsage(err error) bool {
	var ee *exitError
	return errors.As(err, &ee) && ee.code == exitUsage
}

// entityAnswers reads the --entity name=value arguments.
func entityAnswers(args []string) (map[string]string, error) {
	answers := map[string]string{}
	for _, e := range args {
		name, value, ok := strings.Cut(e, "=")
		if !ok || name == "" {
			return nil, usageError("invalid --entity %q: want name=value", e)
		}
		answers[name] = value
	}
	return answers, nil
}

// runError turns a failed run into the exit: a dialog or entity the bot
// does not have, or a live key without --live, is a command-line mistake;
// anything else a failed run. Where the runner names one of its options,
// the message names what the user sets instead.
func runError(err error) error {
	var unknown *runner.UnknownEntityError
	var liveKey *runner.LiveKeyError
	var noKey *runner.NoUserKeyError
	switch {
	case errors.As(err, &unknown), errors.Is(err, runner.ErrNoDialog):
		return usageError("%s", err)
	case errors.As(err, &liveKey):
		return usageError("%s holds a live-mode Stripe key (%s): a run sends real requests, which would act on the live account. Use a test key, or pass --live.", liveKey.Source, liveKey.Key)
	case errors.As(err, &noKey):
		msg := strings.Replace(err.Error(), noKey.Error(), fmt.Sprintf("the service needs the end user to sign in with authorization profile %q: set %s to a Stripe test key", noKey.Profile, live.ProfileKeyEnvVar(noKey.Profile)), 1)
		return &exitError{code: exitConfig, msg: msg}
	}
	return &exitError{code: exitConfig, msg: err.Error()}
}

// exportOf returns the botDefinition.json and config.json of dir: read
// from an export folder, or compiled in memory from a bot directory
// (compiled is then true).
func (a *app) exportOf(ctx context.Context, dir string, flags *configFlags) (def, cfg []byte, compiled bool, err error) {
	def, cfg, err = runner.ReadExport(dir)
	switch {
	case err == nil:
		return def, cfg, false, nil
	case !errors.Is(err, runner.ErrNoExport):
		return nil, nil, false, &exitError{code: exitConfig, msg: err.Error()}
	}
	req, err := a.request(build.Keep, []string{dir}, flags, nil)
	if err != nil {
		return nil, nil, false, err
	}
	res, err := a.runEngine(ctx, req)
	if err != nil {
		return nil, nil, false, err
	}
	if res.Diagnostics.HasErrors() {
		return nil, nil, false, a.finish(flags.format, res)
	}
	files := res.Bots[0].Files
	return files[runner.DefinitionFile], files[runner.ConfigFile], true, nil
}
