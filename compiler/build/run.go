package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"golang.org/x/sync/errgroup"

	"github.com/xoc-dev/xoc/compiler/cache"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/live"
	"github.com/xoc-dev/xoc/compiler/output"
)

// getenv looks up a variable of the run's environment.
func (r *run) getenv(key string) string {
	for _, kv := range r.req.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// lockWait is how long a run waits for another build that holds its
// output folder before it gives up: far longer than a build of thousands
// of bots takes, far shorter than a CI job's own timeout.
const lockWait = time.Minute

// afterCommit, when a test sets it, is called between a run's commit and
// the build cache's record of it.
var afterCommit func()

// run is the state of one Run.
type run struct {
	req   Request
	in    config.Inputs
	res   *Result
	index *cache.Index // nil without the cache

	mu     sync.Mutex      // guards res.Diagnostics, res.Sources and labels
	labels map[string]bool // claimed by a bot being written or compared

	// varSources are the bytes of the --var-files, by name. They go into
	// res.Sources at the end of the run (see redact), once the bots have
	// said which of their values are secret.
	varSources map[string][]byte
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
	r.varSources = map[string][]byte{}
	for name, f := range parser.Files() {
		r.varSources[name] = f.Bytes
	}
}

// build processes every bot, then checks across bots and, with no error,
// commits the output.
// lock takes the output folder with take (output.LockFolder or
// LockForReading). When another build holds it, the run says so through
// Request.Waiting before it waits, so that a build that seems to hang
// tells why.
func (r *run) lock(ctx context.Context, take func(context.Context, string, time.Duration) (*output.Lock, error)) (*output.Lock, error) {
	lock, err := take(ctx, r.req.OutDir, 0)
	var busy *output.BusyError
	if !errors.As(err, &busy) {
		return lock, err
	}
	if r.req.Waiting != nil {
		who := "another xoc build"
		if busy.PID != 0 {
			who += fmt.Sprintf(" (pid %d)", busy.PID)
		}
		r.req.Waiting(fmt.Sprintf("%s is using %s; waiting for it to finish (at most %v)", who, r.req.OutDir, lockWait))
	}
	return take(ctx, r.req.OutDir, lockWait)
}

func (r *run) build(ctx context.Context) error {
	var stage *output.Stage
	switch r.req.Mode {
	case Write:
		// From here on the run reads and writes the output folder, and
		// the build cache's record of it: one build at a time.
		lock, err := r.lock(ctx, output.LockFolder)
		if err != nil {
			return err
		}
		defer lock.Release()
		if stage, err = output.NewStage(r.req.OutDir); err != nil {
			return err
		}
		if r.req.Credentials == nil && !r.req.EmbedSecrets {
			// The cache only ever skips writing what is already
			// there: --embed-secrets writes a secret the cache must
			// not have seen, and live checks look at every bot.
			// Compare compares everything.
			r.openCache()
		}
	case Compare:
		lock, err := r.lock(ctx, output.LockForReading)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	r.labels = map[string]bool{}
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
		if err != nil {
			return err
		}
		r.recordWritten(results)
		if afterCommit != nil {
			afterCommit()
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
	diags, unreachable := live.CheckConfigs(ctx, loaded, live.CheckOptions{Options: *r.req.Credentials, Getenv: r.getenv})
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
		b.Deploy = cfg.Bot.Deploy
		for name := range cfg.Variables {
			b.variables = append(b.variables, name)
		}
		slices.Sort(b.variables)
		for _, name := range b.variables {
			if cfg.Variables[name].Sensitive {
				b.sensitive = append(b.sensitive, name)
			}
		}
		b.secrets = cfg.SensitiveRanges()
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
	if diags.HasErrors() || !r.claimLabel(cfg.Bot.Label) {
		return nil
	}
	if r.req.EmbedSecrets {
		// The export holds the key: no one else may read it.
		for k := range files {
			files[k].Private = true
		}
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

// claimLabel reserves label for one bot; false means another bot has it.
func (r *run) claimLabel(label string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.labels[label] {
		return false
	}
	r.labels[label] = true
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

// recordWritten puts what the commit did into each bot's result, and the
// files it verified into what the cache records of it.
func (r *run) recordWritten(results []output.Result) {
	byLabel := make(map[string]output.Result, len(results))
	for _, res := range results {
		byLabel[res.Label] = res
	}
	for i := range r.res.Bots {
		b := &r.res.Bots[i]
		res := byLabel[b.Label]
		b.Changed = res.Changed
		if b.remember != nil {
			b.remember.wrote = res.Files
		}
	}
}
