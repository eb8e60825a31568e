package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/platform"
	"github.com/xoc-dev/xoc/compiler/report"
)

// deployFlags are deploy's own flags.
type deployFlags struct {
	from, botID, importOptions string
	publish, dryRun            bool
	embedSecrets               bool
	versionComment             string
}

func newDeployCommand(a *app) *cobra.Command {
	var (
		flags configFlags
		pf    platformFlags
		df    deployFlags
	)
	cmd := &cobra.Command{
		Use:   "deploy [DIR|DIR/... ...]",
		Short: "Build bots and import them into the Kore.ai XO Platform",
		Long: `Deploy builds each bot directory (or takes the export in --from), uploads its
botDefinition.json, config.json and, for a new bot, icon.png through the
platform's public API, imports them as a new bot or into an existing one
(--bot-id, or the bot_id of the bot's deploy block), and waits for the
import to end. It prints each step of the import the platform reports,
and the bot's id: for a new bot, the id the platform assigned, to write
into the bot's deploy block from then on.

The platform's URL and the credentials of a JWT app come from --host,
--client-id and --client-secret, or XOC_KORE_HOST, XOC_KORE_CLIENT_ID and
XOC_KORE_CLIENT_SECRET. The Stripe key is never sent unless
--embed-secrets is given: set the bot's secured env variable once in the
platform instead.

Exit status: 0 deployed; 1 the configuration has errors, or the platform
refused the request or reports the import failed (the failing task is
named); 2 bad command line; 3 the platform could not be reached, kept
answering 429 or 5xx, or did not finish within --timeout.`,
		Example: `  xoc deploy --dry-run bots/payments
  XOC_KORE_HOST=https://platform.kore.ai XOC_KORE_CLIENT_ID=cs-... XOC_KORE_CLIENT_SECRET=... \
      xoc deploy --bot-id st-1234 --publish bots/payments
  xoc deploy --from out/payments_assistant --bot-id st-1234 --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.deploy(cmd.Context(), args, &flags, &pf, &df)
		},
	}
	flags.register(cmd)
	cmd.Flags().Lookup("format").Usage = "output format: text, or json for one document with the whole outcome (github: diagnostics as annotations)"
	pf.register(cmd)
	cmd.Flags().StringVar(&df.from, "from", "", "deploy the export in folder `EXPORT` (such as out/<label>) instead of building bot directories")
	cmd.Flags().StringVar(&df.botID, "bot-id", "", "import into the existing bot `st-...` instead of creating a new one (default: the bot_id of the bot's deploy block)")
	cmd.Flags().StringVar(&df.importOptions, "import-options", "", "importOptions of an import into an existing bot, as a `JSON` object (default: the deploy block's import_options, else dialog tasks, utterances replaced, NLP settings, bot settings and env variables)")
	cmd.Flags().BoolVar(&df.publish, "publish", false, "publish the bot once the import succeeded")
	cmd.Flags().StringVar(&df.versionComment, "version-comment", "", "version comment `TEXT` of --publish (default: the git commit of the bot's directory, when there is one)")
	cmd.Flags().BoolVar(&df.dryRun, "dry-run", false, "print the requests deploy would send, secrets redacted, and send nothing")
	cmd.Flags().BoolVar(&df.embedSecrets, "embed-secrets", false, "send the Stripe key's value in config.json; without it the secured env variable is sent empty")
	return cmd
}

// bundle is one bot to deploy.
type bundle struct {
	dir, label string
	files      map[string][]byte
	// botID and importOptions are those of the bot's deploy block.
	botID         string
	importOptions json.RawMessage
}

// deployOutcome is one bot's deploy, as --format json reports it.
type deployOutcome struct {
	Label  string `json:"label"`
	Dir    string `json:"dir"`
	BotID  string `json:"bot_id"`
	NewBot bool   `json:"new_bot"`
	// Status is "success", "failed" (the platform reports the import
	// failed), "refused" (it refused a request), "unreachable", or
	// "not started" (an earlier bot found the platform unreachable).
	Status         string             `json:"status"`
	ImportID       string             `json:"import_id,omitempty"`
	StatusLogs     []statusLog        `json:"status_logs"`
	FailedTasks    []statusLog        `json:"failed_tasks"`
	Published      bool               `json:"published"`
	VersionComment string             `json:"version_comment,omitempty"`
	Error          string             `json:"error,omitempty"`
	Requests       []platform.Request `json:"requests,omitempty"`
}

type statusLog struct {
	TaskType string `json:"task_type"`
	TaskName string `json:"task_name"`
	Status   string `json:"status"`
}

func statusLogs(logs []platform.StatusLog) []statusLog {
	out := []statusLog{}
	for _, l := range logs {
		out = append(out, statusLog{l.TaskType, l.TaskName, l.Status})
	}
	return out
}

func (a *app) deploy(ctx context.Context, args []string, flags *configFlags, pf *platformFlags, df *deployFlags) error {
	if err := flags.validateFormat(); err != nil {
		return err
	}
	if df.from != "" && len(args) > 0 {
		return usageError("--from deploys an export folder; give it or bot directories, not both")
	}
	if df.botID != "" && !platform.ValidBotID(df.botID) {
		return usageError("--bot-id %q is not a bot id: it looks like st-1234abcd-…", df.botID)
	}
	var importOptions json.RawMessage
	if df.importOptions != "" {
		var obj map[string]any
		if err := json.Unmarshal([]byte(df.importOptions), &obj); err != nil {
			return usageError("--import-options must be a JSON object: %s", err)
		}
		if df.botID == "" {
			return usageError("--import-options applies to an import into an existing bot: give --bot-id too")
		}
		importOptions = json.RawMessage(df.importOptions)
	}
	if df.versionComment != "" && !df.publish {
		return usageError("--version-comment goes with --publish")
	}
	secrets := a.secrets(pf, flags.vars)
	bundles, err := a.bundles(ctx, args, flags, df)
	if err != nil || bundles == nil {
		return err
	}
	if df.botID != "" && len(bundles) > 1 {
		return usageError("--bot-id names one bot, but %d bots would be deployed", len(bundles))
	}
	for _, b := range bundles {
		if withValue := addSecuredValues(secrets, b.files[platform.ConfigFile]); len(withValue) > 0 && !df.embedSecrets {
			// Only an export written by build --embed-secrets gets here.
			return usageError("%s/config.json holds the value of the secured variable %s: deploy sends it only with --embed-secrets", b.dir, strings.Join(withValue, ", "))
		}
	}
	out, scrub := a.scrubbed(secrets)
	client, err := out.platformClient(pf, df.dryRun, out.stderr)
	if err != nil {
		return err
	}
	outcomes := make([]deployOutcome, len(bundles))
	var worst error
	for i, b := range bundles {
		// The flags win over the bot's deploy block.
		botID, options := cmpOr(df.botID, b.botID), importOptions
		if options == nil && df.botID == "" {
			options = b.importOptions
		}
		o := &outcomes[i]
		*o = deployOutcome{Label: b.label, Dir: b.dir, BotID: botID, NewBot: botID == "", Status: "not started", StatusLogs: []statusLog{}, FailedTasks: []statusLog{}}
		if worst != nil && platform.Unreachable(worst) {
			if flags.format != report.FormatJSON {
				out.printDeploy(o, df.dryRun)
			}
			continue
		}
		opts := platform.DeployOptions{BotID: botID, ImportOptions: options, Publish: df.publish, VersionComment: df.versionComment}
		if df.publish && opts.VersionComment == "" {
			opts.VersionComment = versionComment(ctx, b.dir)
		}
		o.VersionComment = opts.VersionComment
		before := len(client.Requests())
		res, err := client.Deploy(ctx, platform.Bundle{Files: b.files}, opts)
		o.Requests = client.Requests()[before:]
		o.BotID, o.NewBot, o.Published = res.BotID, res.NewBot, res.Published
		o.ImportID = res.Import.ID
		o.StatusLogs, o.FailedTasks = statusLogs(res.Import.StatusLogs), statusLogs(res.Import.FailedTasks())
		o.Status = "success"
		if err != nil {
			o.Error = scrub(err.Error())
			var failed *platform.ImportFailedError
			switch {
			case platform.Unreachable(err):
				o.Status = "unreachable"
			case errors.As(err, &failed):
				o.Status = "failed"
			default:
				o.Status = "refused"
			}
			if worst == nil || platform.Unreachable(err) {
				worst = err
			}
		}
		if flags.format != report.FormatJSON {
			out.printDeploy(o, df.dryRun)
		}
	}
	if flags.format == report.FormatJSON {
		doc := struct {
			FormatVersion string          `json:"format_version"`
			DryRun        bool            `json:"dry_run"`
			Bots          []deployOutcome `json:"bots"`
		}{"1.0", df.dryRun, outcomes}
		enc := json.NewEncoder(out.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	}
	if worst == nil {
		return nil
	}
	exit := platformExit(worst, scrub)
	if flags.format != report.FormatJSON {
		exit.(*exitError).msg = "" // printed with its bot
	}
	return exit
}

// bundles returns the bots to deploy: the export in --from, or each bot
// built in memory. A build with errors prints its diagnostics and
// returns the exit error.
func (a *app) bundles(ctx context.Context, args []string, flags *configFlags, df *deployFlags) ([]bundle, error) {
	if df.from != "" {
		files := map[string][]byte{}
		for _, name := range []string{platform.DefinitionFile, platform.ConfigFile, platform.IconFile} {
			data, err := os.ReadFile(filepath.Join(df.from, name))
			if err != nil {
				return nil, &exitError{code: exitConfig, msg: fmt.Sprintf("--from %s: %s", df.from, err)}
			}
			files[name] = data
		}
		return []bundle{{dir: df.from, label: filepath.Base(filepath.Clean(df.from)), files: files}}, nil
	}
	req, err := a.request(build.Keep, args, flags, nil)
	if err != nil {
		return nil, err
	}
	req.EmbedSecrets = df.embedSecrets
	res, err := a.runEngine(ctx, req)
	if err != nil {
		return nil, err
	}
	format := flags.format
	if format == report.FormatJSON && !res.Diagnostics.HasErrors() {
		// Warnings go to stderr: stdout holds the one outcome document.
		format = report.FormatText
	}
	if err := a.finish(format, res); err != nil {
		return nil, err
	}
	var bundles []bundle
	for _, b := range res.Bots {
		bd := bundle{dir: b.Dir, label: b.Label, files: b.Files}
		if b.Deploy != nil {
			bd.botID, bd.importOptions = b.Deploy.BotID, b.Deploy.ImportOptions
		}
		bundles = append(bundles, bd)
	}
	slices.SortStableFunc(bundles, func(x, y bundle) int { return strings.Compare(x.label, y.label) })
	return bundles, nil
}

// printDeploy prints one bot's deploy as text: the import's steps on
// stderr, the bot's id (the result) on stdout; for a dry run, the
// requests on stdout.
func (a *app) printDeploy(o *deployOutcome, dryRun bool) {
	if dryRun {
		fmt.Fprintf(a.stdout, "%s: the requests deploy would send (dry run: nothing was sent):\n", o.Label)
		for _, r := range o.Requests {
			fmt.Fprint(a.stdout, describeRequest(r))
		}
		return
	}
	for _, l := range o.StatusLogs {
		fmt.Fprintf(a.stderr, "%s: %-17s %-30s %s\n", o.Label, l.TaskType, l.TaskName, l.Status)
	}
	switch {
	case o.Status == "success" && o.NewBot:
		fmt.Fprintf(a.stdout, "%s: %s\n", o.Label, o.BotID)
		fmt.Fprintf(a.stderr, "%s: imported as a new bot, %s; to deploy into it from now on, write deploy { bot_id = %q } in its bot block\n", o.Label, o.BotID, o.BotID)
	case o.Status == "success":
		fmt.Fprintf(a.stdout, "%s: %s\n", o.Label, o.BotID)
	}
	if o.Published {
		fmt.Fprintf(a.stderr, "%s: published %s (%s)\n", o.Label, o.BotID, o.VersionComment)
	}
	switch {
	case o.Error != "":
		fmt.Fprintf(a.stderr, "%s: %s\n", o.Label, o.Error)
	case o.Status == "not started":
		fmt.Fprintf(a.stderr, "%s: not deployed: the platform could not be reached\n", o.Label)
	}
}

// describeRequest renders a request of a dry run: method and URL, then
// what it carries.
func describeRequest(r platform.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-4s %s\n", r.Method, r.URL)
	if r.Auth {
		b.WriteString("       auth: <a JWT signed with the client secret, made when sent>\n")
	}
	for _, f := range r.Form {
		if f.File != nil {
			fmt.Fprintf(&b, "       form %s: %s (%d bytes, sha256 %s)\n", f.Name, f.File.Name, f.File.Size, f.File.SHA256)
		} else {
			fmt.Fprintf(&b, "       form %s: %s\n", f.Name, f.Value)
		}
	}
	if len(r.Body) > 0 {
		fmt.Fprintf(&b, "       body: %s\n", r.Body)
	}
	if strings.Contains(r.URL, "/import/status/") {
		b.WriteString("       (repeated until the import ends)\n")
	}
	return b.String()
}

// versionComment is the default comment of --publish: the git commit of
// dir, when it is in a git repository, else a plain note.
func versionComment(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
	if commit := strings.TrimSpace(string(out)); err == nil && commit != "" {
		return "xoc deploy of commit " + commit
	}
	return "xoc deploy"
}
