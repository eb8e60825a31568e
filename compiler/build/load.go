package build

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
)

// Loaded is every bot of a run, loaded.
type Loaded struct {
	// Configs are in the order of the directories.
	Configs []*config.Config
	// Files are the files of all bots, by name, for printing diagnostics
	// and for the build cache: each with its bytes, and with its syntax
	// tree only for bots that have diagnostics (report.WriteText parses
	// the others again when it needs them).
	Files map[string]*hcl.File
	Diags hcl.Diagnostics
}

// Load loads the bots in dirs in parallel. The result is the same as
// loading them one after the other: configs in directory order and
// diagnostics per directory in that order.
func Load(dirs []string, in config.Inputs, parallelism int) *Loaded {
	type result struct {
		cfg   *config.Config
		files map[string]*hcl.File
		diags hcl.Diagnostics
	}
	results := make([]result, len(dirs))
	parallel(len(dirs), parallelism, func(i int) {
		cfg, files, diags := config.Load(dirs[i], in)
		results[i] = result{cfg, files, diags}
	})

	l := &Loaded{Files: map[string]*hcl.File{}}
	for _, r := range results {
		l.Configs = append(l.Configs, r.cfg)
		l.Diags = append(l.Diags, r.diags...)
		for name, f := range r.files {
			if len(r.diags) == 0 {
				// Only the bytes of a bot without diagnostics are kept:
				// its syntax trees were most of a build's live memory,
				// and a diagnostic about it later is rare enough to parse
				// it again for (report.WriteText does).
				f = &hcl.File{Bytes: f.Bytes}
			}
			l.Files[name] = f
		}
	}
	return l
}
