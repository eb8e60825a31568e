package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
)

func newValidateCommand(a *app) *cobra.Command {
	var flags configFlags
	var live liveFlags
	cmd := &cobra.Command{
		Use:   "validate [DIR|DIR/... ...]",
		Short: "Check bot configurations and report every error",
		Long: `Validate loads each bot directory (default: the current directory; DIR/...
means every bot directory below DIR), checks it against the language's
schema and rules, and reports every problem it finds. It writes nothing.
With --check-credentials it also checks the Stripe keys live.`,
		Example: `  xoc validate examples/...
  xoc validate --format json bots/payments
  XOC_VAR_stripe_api_key=sk_test_... xoc validate --check-credentials bots/payments`,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := a.request(build.Validate, args, &flags, &live)
			if err != nil {
				return err
			}
			res, err := a.runEngine(cmd.Context(), req)
			if err != nil {
				return err
			}
			if err := a.finish(flags.format, res); err != nil {
				return err
			}
			if flags.format == "text" {
				for _, b := range res.Bots {
					fmt.Fprintf(a.stdout, "%s: bot %q is valid.\n", b.Dir, b.Label)
				}
			}
			return nil
		},
	}
	flags.register(cmd)
	live.register(cmd, a)
	return cmd
}
