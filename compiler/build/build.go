// Package build is the compiler's entry point for a workspace: it takes
// the directories of a command line and the run's inputs, and validates,
// builds (into an output folder, all or nothing) or checks (against an
// output folder) every bot in them.
//
// The run streams: each worker loads, compiles and stages one bot, then
// drops it, so memory does not grow with the workspace. All a run keeps
// per bot is its result (directory, label, declared variable names, the
// files it changed, what the cache needs to remember it) and, for a bot
// with diagnostics, the bytes of its source files, to print them with.
// The checks across bots (labels differ, every --var is declared) run on
// those results at the end. The one exception is --check-credentials,
// which checks each distinct key once for the whole run: it loads every
// bot before checking, and holds their configurations until then.
package build

import (
	"context"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/files"
	"github.com/xoc-dev/xoc/compiler/live"
	"github.com/xoc-dev/xoc/compiler/output"
)

// Mode is what a run does with the bots it loads.
type Mode int

const (
	// Validate loads and checks every bot and writes nothing.
	Validate Mode = iota
	// Write builds every bot into the output folder, all or nothing.
	Write
	// Compare builds every bot and compares it with the output folder
	// (build --check); it writes nothing.
	Compare
	// Keep builds every bot and keeps its files in memory, in
	// Bot.Files, for xoc run to read one bot's export without writing
	// it. It is for a single bot, not a workspace.
	Keep
)

// Request is one run over a workspace.
type Request struct {
	Mode Mode
	// Dirs are the command line's directory arguments: bot directories
	// and DIR/... patterns; none means the current directory.
	Dirs []string
	// Vars are the --var values, in command-line order; VarFiles the
	// --var-file paths.
	Vars     []config.VarArg
	VarFiles []string
	// Environ is the run's environment, as KEY=value strings: its
	// XOC_VAR_ values, the build cache's folder (XOC_CACHE, …) and the
	// auth profiles' test keys. The engine reads no other environment.
	Environ []string
	// OutDir is the output folder of Write and Compare.
	OutDir string
	// EmbedSecrets writes the Stripe key into config.json.
	EmbedSecrets bool
	// Credentials, when set, checks every bot's Stripe credentials live
	// once every bot loaded without error.
	Credentials *live.Options
	// Parallelism bounds how many bots are processed at once; 0 means
	// one per CPU.
	Parallelism int
	// Waiting, when set, is told why the run waits before it waits for
	// another build that holds the output folder (see Run).
	Waiting func(message string)
}

// Result is what a run found and did.
type Result struct {
	// Bots are the bots of the run in directory order, those the cache
	// found up to date included.
	Bots []Bot
	// Diagnostics are every problem found, unsorted.
	Diagnostics hcl.Diagnostics
	// Sources are the bytes of the files that diagnostics may name, by
	// file name: every file of a bot with diagnostics and every
	// --var-file. They are safe to print: Stripe keys and values that
	// may be secret are masked, byte for byte, so that the diagnostics'
	// ranges still point right (see redact).
	Sources map[string][]byte
	// Unreachable reports that a live check could not reach Stripe.
	Unreachable bool
	// Differences lists how the output folder differs from the build
	// (Compare), sorted by name.
	Differences []Difference
}

// Difference is one way the output folder differs from a build: a file
// changed, missing or extra.
type Difference = output.Difference

// Bot is the outcome of one bot of a run.
type Bot struct {
	Dir   string
	Label string // "" when the bot has no valid bot block
	// Cached reports that the build cache found the bot's folder up to
	// date; it was neither loaded nor compiled.
	Cached bool
	// Changed lists the files a Write run wrote or removed in the bot's
	// folder, sorted; empty when the folder was up to date.
	Changed []string
	// Files are the bot's files, by name, in a Keep run.
	Files map[string][]byte
	// Deploy is the bot's deploy block, or nil (not known for a bot the
	// cache found up to date).
	Deploy *config.Deploy

	variables  []string  // declared variable names
	labelRange hcl.Range // the bot block, for a duplicate label
	remember   *memo     // what the cache records of a built bot
	// sensitive are the variables the bot declares sensitive, and
	// secrets the places in its files that hold their values: what
	// sources shown under diagnostics must not show.
	sensitive []string
	secrets   []hcl.Range
}

// EnvCache names the environment variable that sets the build cache's
// folder, or turns the cache off with "off".
const EnvCache = "XOC_CACHE"

// Run runs req. Its error is a failure of the output folder (it cannot
// be written or read); problems with the bots are diagnostics.
func Run(ctx context.Context, req Request) (*Result, error) {
	dirs, err := files.BotDirs(req.Dirs)
	if err != nil {
		return nil, &UsageError{err}
	}
	r := &run{req: req, res: &Result{Sources: map[string][]byte{}}}
	r.in = config.Inputs{Env: config.InputsFromEnviron(req.Environ), Vars: req.Vars}
	r.loadVarFiles()
	r.res.Bots = make([]Bot, len(dirs))
	for i, dir := range dirs {
		r.res.Bots[i].Dir = dir
	}
	err = r.build(ctx)
	r.redact()
	return r.res, err
}

// UsageError is a Request the command line should not have made: a
// pattern that matches no directory.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }
