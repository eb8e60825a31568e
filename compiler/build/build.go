// Package build runs the back half of the compiler for a set of loaded
// bots: lower each to the export IR, encode it, and either write the
// exports into the output folder (all or nothing) or compare them with it
// (build --check). Bots are compiled in parallel and each is staged as soon
// as it is done, so a large workspace is never held in memory at once.
package build

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/output"
	"github.com/xoc-dev/xoc/compiler/review"
)

// Options configure a build.
type Options struct {
	OutDir string
	// Check compares instead of writing.
	Check        bool
	EmbedSecrets bool
	// Parallelism bounds how many bots compile at once; 0 means one per CPU.
	Parallelism int
}

// Outcome is what a build did.
type Outcome struct {
	// Written says, per bot, which files changed (build).
	Written []output.Result
	// Differences lists how the output folder differs from the build
	// (build --check), sorted by name.
	Differences []output.Difference
}

// Compile builds the files of one bot's export.
func Compile(cfg *config.Config, opts lower.Options) ([]output.File, hcl.Diagnostics) {
	files, _, diags := compile(cfg, opts, newMemory())
	return files, diags
}

// compiled is what compile wrote, to recycle once written out: the
// export's botDefinition.json and the review page.
type compiled struct {
	export *kore.Export
	review []byte
}

// recycle hands the memory of c's files back to the encoder and the
// renderer, for the next bot. Nothing may use the files afterwards.
func (mem memory) recycle(c compiled) {
	mem.encoder.Recycle(c.export)
	if c.review != nil {
		mem.review.Recycle(c.review)
	}
}

// memory is what the bots of one build share: the bots install the same
// templates, and the encoder and the review renderer write each distinct
// dialog task once per build.
type memory struct {
	encoder *kore.Encoder
	review  *review.Renderer
}

func newMemory() memory {
	return memory{encoder: kore.NewEncoder(), review: review.NewRenderer()}
}

// compile is Compile with the memory of a build. It also returns what
// the files hold, to recycle once they are written.
func compile(cfg *config.Config, opts lower.Options, mem memory) ([]output.File, compiled, hcl.Diagnostics) {
	bot, diags := lower.Lower(cfg, opts)
	if diags.HasErrors() {
		return nil, compiled{}, diags
	}
	x, err := mem.encoder.Encode(bot)
	if err != nil {
		// The configuration was valid, so this is xoc's fault.
		return nil, compiled{}, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Internal error in xoc",
			Detail:   fmt.Sprintf("bot %q: the export failed xoc's own consistency check; please report this: %s", cfg.Bot.Label, err),
			Subject:  cfg.Bot.DeclRange.Ptr(),
		})
	}
	var files []output.File
	for _, f := range x.Files() {
		files = append(files, output.File{Name: f.Name, Data: f.Data})
	}
	page := mem.review.Render(bot)
	files = append(files, output.File{Name: "REVIEW.md", Data: page})
	return files, compiled{export: x, review: page}, diags
}

// Run builds every bot. With any error diagnostic, nothing is written.
func Run(cfgs []*config.Config, opts Options) (*Outcome, hcl.Diagnostics, error) {
	outcome := &Outcome{}
	var stage *output.Stage
	if !opts.Check {
		var err error
		stage, err = output.NewStage(opts.OutDir)
		if err != nil {
			return nil, nil, err
		}
	}
	lowerOpts := lower.Options{EmbedSecrets: opts.EmbedSecrets}
	mem := newMemory()

	var (
		mu       sync.Mutex
		diags    hcl.Diagnostics
		firstErr error
	)
	parallel(len(cfgs), opts.Parallelism, func(i int) {
		cfg := cfgs[i]
		files, c, d := compile(cfg, lowerOpts, mem)
		var diffs []output.Difference
		var err error
		if !d.HasErrors() {
			if opts.Check {
				diffs, err = output.CheckBot(opts.OutDir, cfg.Bot.Label, files)
			} else {
				err = stage.Add(cfg.Bot.Label, files)
			}
			// The files are written or compared, and kept by neither:
			// the next bot may write into them.
			mem.recycle(c)
		}
		mu.Lock()
		diags = append(diags, d...)
		outcome.Differences = append(outcome.Differences, diffs...)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	})

	if firstErr != nil || diags.HasErrors() {
		if stage != nil {
			stage.Abort()
		}
		return outcome, diags, firstErr
	}
	if opts.Check {
		labels := make([]string, len(cfgs))
		for i, c := range cfgs {
			labels[i] = c.Bot.Label
		}
		extra, err := output.CheckExtra(opts.OutDir, labels)
		if err != nil {
			return outcome, diags, err
		}
		outcome.Differences = append(outcome.Differences, extra...)
		sort.Slice(outcome.Differences, func(i, j int) bool { return outcome.Differences[i].Name < outcome.Differences[j].Name })
		return outcome, diags, nil
	}
	results, err := stage.Commit()
	outcome.Written = results
	return outcome, diags, err
}

// parallel runs f(0), …, f(n-1) on workers goroutines, or on as many as
// there are CPUs when workers is 0.
func parallel(n, workers int, f func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
