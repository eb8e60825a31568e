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
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"golang.org/x/sync/errgroup"

	"github.com/xoc-dev/xoc/compiler/cache"
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
	// Getenv looks up the run's environment: XOC_VAR_ values, the build
	// cache's folder and the auth profiles' test keys. Nil means an empty
	// environment.
	Getenv func(string) string
	// Environ lists the run's environment as KEY=value strings, for the
	// XOC_VAR_ values.
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
	// --var-file.
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

	variables  []string  // declared variable names
	labelRange hcl.Range // the bot block, for a duplicate label
	remember   *memo     // what the cache records of a built bot
}

// EnvCache names the environment variable that sets the build cache's
// folder, or turns the cache off with "off".
const EnvCache = "XOC_CACHE"

// Run runs req. Its error is a failure of the output folder (it cannot
// be written or read); problems with the bots are diagnostics.
func Run(ctx context.Context, req Request) (*Result, error) {
	if req.Getenv == nil {
		req.Getenv = func(string) string { return "" }
	}
	dirs, err := files.BotDirs(req.Dirs)
	if err != nil {
		return nil, &UsageError{err}
	}
	r := &run{req: req, res: &Result{Sources: map[string][]byte{}}}
	r.in = config.Inputs{Env: config.InputsFromEnviron(req.Environ), Vars: req.Vars}
	r.loadVarFiles()
	if req.Mode == Write && req.Credentials == nil && !req.EmbedSecrets {
		// The cache only ever skips writing what is already there:
		// Compare compares everything, --embed-secrets writes a secret
		// the cache must not have seen, and live checks look at every
		// bot.
		r.openCache()
	}
	r.res.Bots = make([]Bot, len(dirs))
	for i, dir := range dirs {
		r.res.Bots[i].Dir = dir
	}
	if err := r.build(ctx); err != nil {
		return r.res, err
	}
	return r.res, nil
}

// UsageError is a Request the command line should not have made: a
// pattern that matches no directory.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// run is the state of one Run.
type run struct {
	req   Request
	in    config.Inputs
	res   *Result
	index *cache.Index // nil without the cache

	mu     sync.Mutex // guards res.Diagnostics, res.Sources and labels
	labels map[string]int
}

// loadVarFiles parses every --var-file into the run's inputs.
func (r *run) loadVarFiles() {
	parser := hclparse.NewParser()
	for _, path := range r.req.VarFiles {
		vf, diags := config.ParseVarFile(parser, path)
		r.res.Diagnostics = append(r.res.Diagnostics, diags...)
		if vf != nil {
			r.in.Files = append(r.in.Files, vf)
		}
	}
	for name, f := range parser.Files() {
		r.res.Sources[name] = f.Bytes
	}
}

// build processes every bot, then checks across bots and, with no error,
// commits the output.
func (r *run) build(ctx context.Context) error {
	var stage *output.Stage
	if r.req.Mode == Write {
		var err error
		if stage, err = output.NewStage(r.req.OutDir); err != nil {
			return err
		}
	}
	r.labels = map[string]int{}
	todo := r.lookUpCached()

	var firstErr error
	if r.req.Credentials != nil {
		firstErr = r.checkedBuild(ctx, todo, stage)
	} else {
		firstErr = r.each(todo, func(i int) error {
			cfg, ok := r.load(i)
			if !ok {
				return nil
			}
			return r.emit(i, cfg, stage)
		})
	}
	r.checkAcrossBots()

	if firstErr != nil || r.res.Diagnostics.HasErrors() {
		if stage != nil {
			stage.Abort()
		}
		return firstErr
	}
	switch r.req.Mode {
	case Compare:
		return r.compareExtra()
	case Write:
		results, err := stage.Commit()
		r.recordWritten(results)
		if err != nil {
			return err
		}
		r.remember()
	}
	return nil
}

// checkedBuild is build with --check-credentials: every bot is loaded,
// the keys are checked once each, and only then, with no error so far,
// are the bots compiled.
func (r *run) checkedBuild(ctx context.Context, todo []int, stage *output.Stage) error {
	cfgs := make([]*config.Config, len(r.res.Bots))
	r.each(todo, func(i int) error {
		if cfg, ok := r.load(i); ok {
			cfgs[i] = cfg
		}
		return nil
	})
	if r.res.Diagnostics.HasErrors() {
		return nil
	}
	loaded := slices.DeleteFunc(slices.Clone(cfgs), func(c *config.Config) bool { return c == nil })
	diags, unreachable := live.CheckConfigs(ctx, loaded, live.CheckOptions{Options: *r.req.Credentials, Getenv: r.req.Getenv})
	r.res.Diagnostics = append(r.res.Diagnostics, diags...)
	r.res.Unreachable = unreachable
	r.keepSourcesOf(diags)
	if diags.HasErrors() {
		return nil
	}
	return r.each(todo, func(i int) error {
		if cfgs[i] == nil {
			return nil
		}
		err := r.emit(i, cfgs[i], stage)
		cfgs[i] = nil
		return err
	})
}

// each calls f for the bots todo on the run's workers, and returns the
// first error.
func (r *run) each(todo []int, f func(i int) error) error {
	var g errgroup.Group
	g.SetLimit(r.parallelism())
	for _, i := range todo {
		g.Go(func() error { return f(i) })
	}
	return g.Wait()
}

func (r *run) parallelism() int {
	if r.req.Parallelism > 0 {
		return r.req.Parallelism
	}
	return runtime.GOMAXPROCS(0)
}

// load loads bot i and records what the run keeps of it. It reports
// whether the bot loaded without error.
func (r *run) load(i int) (*config.Config, bool) {
	b := &r.res.Bots[i]
	cfg, files, diags := config.Load(b.Dir, r.in)
	if cfg != nil {
		b.Label, b.labelRange = cfg.Bot.Label, cfg.Bot.DeclRange
		for name := range cfg.Variables {
			b.variables = append(b.variables, name)
		}
		slices.Sort(b.variables)
		if r.index != nil {
			b.remember = r.memo(cfg, files)
		}
	}
	r.report(diags, files)
	if cfg == nil || diags.HasErrors() {
		return nil, false
	}
	return cfg, true
}

// emit compiles a loaded bot and writes (Write) or compares (Compare) it.
// A bot whose label another bot of the run has already is not written:
// the run fails on the duplicate label (checkAcrossBots).
func (r *run) emit(i int, cfg *config.Config, stage *output.Stage) error {
	if r.req.Mode == Validate {
		return nil
	}
	files, diags := compile(cfg, r.req.EmbedSecrets)
	if len(diags) > 0 {
		r.report(diags, nil)
		r.keepSourcesOf(diags)
	}
	if diags.HasErrors() || !r.claimLabel(cfg.Bot.Label, i) {
		return nil
	}
	switch r.req.Mode {
	case Keep:
		b := &r.res.Bots[i]
		b.Files = make(map[string][]byte, len(files))
		for _, f := range files {
			b.Files[f.Name] = f.Data
		}
		return nil
	case Compare:
		diffs, err := output.CheckBot(r.req.OutDir, cfg.Bot.Label, files)
		r.mu.Lock()
		r.res.Differences = append(r.res.Differences, diffs...)
		r.mu.Unlock()
		return err
	}
	return stage.Add(cfg.Bot.Label, files)
}

// claimLabel reserves label for bot i; false means another bot has it.
func (r *run) claimLabel(label string, i int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, taken := r.labels[label]; taken {
		return false
	}
	r.labels[label] = i
	return true
}

// report adds diagnostics, and keeps the bytes of a bot's files when it
// has any: the only sources a run holds.
func (r *run) report(diags hcl.Diagnostics, files map[string]*hcl.File) {
	if len(diags) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Diagnostics = append(r.res.Diagnostics, diags...)
	for name, f := range files {
		r.res.Sources[name] = f.Bytes
	}
}

// keepSourcesOf reads the files that diagnostics found after loading
// name, when the run does not hold them: a bot without load diagnostics
// kept none.
func (r *run) keepSourcesOf(diags hcl.Diagnostics) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range diags {
		for _, rng := range []*hcl.Range{d.Subject, d.Context} {
			if rng == nil || rng.Filename == "" {
				continue
			}
			if _, ok := r.res.Sources[rng.Filename]; ok {
				continue
			}
			if data, err := os.ReadFile(rng.Filename); err == nil {
				r.res.Sources[rng.Filename] = data
			}
		}
	}
}

// checkAcrossBots reports what no bot shows alone: two bots with one
// label, and --var values that no bot of the run declares.
func (r *run) checkAcrossBots() {
	var diags hcl.Diagnostics
	first := map[string]*Bot{} // by label, in directory order
	declared := map[string]bool{}
	for i := range r.res.Bots {
		b := &r.res.Bots[i]
		for _, name := range b.variables {
			declared[name] = true
		}
		if b.Label == "" {
			continue
		}
		prev, dup := first[b.Label]
		if !dup {
			first[b.Label] = b
			continue
		}
		at := b
		if b.Cached && !prev.Cached {
			// A cached bot was not loaded: name the one that was.
			at = prev
		}
		var subject *hcl.Range
		if !at.Cached {
			subject = at.labelRange.Ptr()
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate bot label",
			Detail: fmt.Sprintf("Bot %q is declared in %s and in %s; each bot's export goes to a folder named after its label, so labels must differ.",
				b.Label, prev.Dir, b.Dir),
			Subject: subject,
		})
	}
	var undeclared []string
	for _, v := range r.req.Vars {
		if !declared[v.Name] && !slices.Contains(undeclared, v.Name) {
			undeclared = append(undeclared, v.Name)
		}
	}
	slices.Sort(undeclared)
	for _, name := range undeclared {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Value for undeclared variable",
			Detail:   fmt.Sprintf("--var %s sets a variable that no bot of this run declares. Declare it with a variable %q block, or remove the --var.", name, name),
		})
	}
	r.res.Diagnostics = append(r.res.Diagnostics, diags...)
	r.keepSourcesOf(diags)
}

// compareExtra adds what the output folder holds beyond the run's bots.
func (r *run) compareExtra() error {
	labels := make([]string, 0, len(r.res.Bots))
	for _, b := range r.res.Bots {
		labels = append(labels, b.Label)
	}
	extra, err := output.CheckExtra(r.req.OutDir, labels)
	if err != nil {
		return err
	}
	r.res.Differences = append(r.res.Differences, extra...)
	slices.SortFunc(r.res.Differences, func(a, b output.Difference) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// recordWritten puts what the commit did into each bot's result.
func (r *run) recordWritten(results []output.Result) {
	changed := make(map[string][]string, len(results))
	for _, res := range results {
		changed[res.Label] = res.Changed
	}
	for i := range r.res.Bots {
		r.res.Bots[i].Changed = changed[r.res.Bots[i].Label]
	}
}

// cacheFolder is the build cache's folder: $XOC_CACHE, else
// $XDG_CACHE_HOME/xoc, else $HOME/.cache/xoc. It is "", and the run goes
// without the cache, when XOC_CACHE=off or none of them is set.
func cacheFolder(getenv func(string) string) string {
	dir := getenv(EnvCache)
	switch {
	case dir == "off":
		return ""
	case dir != "":
		return dir
	case filepath.IsAbs(getenv("XDG_CACHE_HOME")):
		return filepath.Join(getenv("XDG_CACHE_HOME"), "xoc")
	case filepath.IsAbs(getenv("HOME")):
		return filepath.Join(getenv("HOME"), ".cache", "xoc")
	}
	return ""
}
