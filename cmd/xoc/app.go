package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/report"
)

// Exit codes.
const (
	exitOK          = 0
	exitConfig      = 1 // the configuration has errors, or --check found differences
	exitUsage       = 2 // bad command line
	exitUnreachable = 3 // a live check could not reach Stripe
	// exitInternal is a bug in xoc (a panic); sysexits.h calls it
	// EX_SOFTWARE.
	exitInternal = 70
)

// exitError ends a command with an exit code; its message, if any, has
// been printed already or is printed by run.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// app is one invocation of xoc: its streams and environment, so tests can
// run the whole command line in-process.
type app struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	environ []string
}

// getenv returns the value of the variable key in the app's environment,
// or "" when it is not set.
func (a *app) getenv(key string) string {
	v, _ := a.lookupEnv(key)
	return v
}

// lookupEnv returns the value of the variable key in the app's
// environment and whether it is set, as os.LookupEnv does for the
// process: the app reads no other environment, so tests control all of it.
func (a *app) lookupEnv(key string) (string, bool) {
	for _, kv := range a.environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// color reports whether diagnostics on stderr may use colour: a terminal,
// and NO_COLOR not set to a value. As no-color.org has it, NO_COLOR
// turns colour off when it is present and not empty; an empty NO_COLOR
// is the same as none.
func (a *app) color() bool {
	if a.getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := a.stderr.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, environ []string) (code int) {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, environ: environ}
	defer func() {
		// A panic is a bug; say so plainly rather than dump a trace on a
		// user, and still fail.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "xoc: internal error (please report it): %s\n", report.Escape(fmt.Sprint(r)))
			code = exitInternal
		}
	}()
	root := newRootCommand(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			// Messages quote file names, URLs and answers of servers:
			// their terminal controls are shown, not obeyed.
			fmt.Fprintf(stderr, "xoc: %s\n", report.Escape(ee.msg))
		}
		return ee.code
	}
	// Cobra's own errors are about the command line: unknown flags,
	// commands or argument counts.
	fmt.Fprintf(stderr, "xoc: %s\nRun 'xoc --help' for usage.\n", report.Escape(err.Error()))
	return exitUsage
}

func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "xoc",
		Short: "Compile HCL bot descriptions into Kore.ai XO Platform bot exports",
		Long: `xoc compiles version-controlled HCL descriptions of Kore.ai XO Platform bots,
their Stripe action, authorization profiles and templates into bot exports
(botDefinition.json, config.json, icon.png) that the platform imports, with
every dialog task fully built.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError("%s", err)
	})
	root.AddCommand(
		newValidateCommand(a),
		newBuildCommand(a),
		newFmtCommand(a),
		newTemplatesCommand(a),
		newVersionCommand(a),
		newRunCommand(a),
		newDeployCommand(a),
		newPullCommand(a),
		newDiffCommand(a),
	)
	return root
}

// printDiagnostics writes diagnostics in the chosen format: text to
// stderr (human output), json and github to stdout (results).
func (a *app) printDiagnostics(format string, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	return a.printResult(format, files, diags, nil)
}

// printResult is printDiagnostics for a command with results of its own:
// with --format json, fill adds them to the one document stdout holds.
func (a *app) printResult(format string, files map[string]*hcl.File, diags hcl.Diagnostics, fill func(*report.Document)) error {
	report.Sort(diags)
	switch format {
	case report.FormatJSON:
		doc := report.NewDocument(diags)
		if fill != nil {
			fill(&doc)
		}
		return report.WriteDocument(a.stdout, doc)
	case report.FormatGitHub:
		return report.WriteGitHub(a.stdout, diags)
	default:
		return report.WriteText(a.stderr, files, diags, a.color())
	}
}
