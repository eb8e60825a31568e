package build

import (
	"runtime"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
)

// Loaded is every bot of a run, loaded.
type Loaded struct {
	// Configs are in the order of the directories.
	Configs []*config.Config
	// Files are the parsed files of all bots, for printing diagnostics.
	Files map[string]*hcl.File
	Diags hcl.Diagnostics
}

// Load loads the bots in dirs in parallel. The result is the same as
// loading them one after the other: configs in directory order and
// diagnostics per directory in that order.
func Load(dirs []string, in config.Inputs, parallelism int) *Loaded {
	if parallelism <= 0 {
		parallelism = runtime.GOMAXPROCS(0)
	}
	type result struct {
		cfg   *config.Config
		files map[string]*hcl.File
		diags hcl.Diagnostics
	}
	results := make([]result, len(dirs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(parallelism, len(dirs)) {
		wg.Go(func() {
			for i := range next {
				cfg, files, diags := config.Load(dirs[i], in)
				results[i] = result{cfg, files, diags}
			}
		})
	}
	for i := range dirs {
		next <- i
	}
	close(next)
	wg.Wait()

	l := &Loaded{Files: map[string]*hcl.File{}}
	for _, r := range results {
		l.Configs = append(l.Configs, r.cfg)
		l.Diags = append(l.Diags, r.diags...)
		for name, f := range r.files {
			l.Files[name] = f
		}
	}
	return l
}
