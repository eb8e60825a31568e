package build

import (
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/cache"
	"github.com/xoc-dev/xoc/compiler/config"
)

// Fresh is a bot the cache found up to date in the output folder: its
// inputs are those of its last build, and its folder is as that build
// left it. A run neither loads nor compiles it.
type Fresh struct {
	Dir   string
	Entry *cache.Entry
}

// Split looks up each bot directory in the output folder's index and
// returns the bots that are up to date there, and, in the order given,
// the directories to load and build.
func Split(ix *cache.Index, dirs []string) (fresh []Fresh, stale []string) {
	if ix.Empty() {
		// A first build into the folder: nothing to look up, and no
		// file to read twice.
		return nil, dirs
	}
	entries := make([]*cache.Entry, len(dirs))
	parallel(len(dirs), 0, func(i int) {
		paths, err := config.ConfigFiles(dirs[i])
		if err != nil || len(paths) == 0 {
			return // for Load to report
		}
		files := make([]cache.File, len(paths))
		for k, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				return
			}
			files[k] = cache.File{Path: path, Data: data}
		}
		if key, err := ix.Key(dirs[i], files); err == nil {
			entries[i], _ = ix.Lookup(key)
		}
	})
	for i, e := range entries {
		if e != nil {
			fresh = append(fresh, Fresh{Dir: dirs[i], Entry: e})
		} else {
			stale = append(stale, dirs[i])
		}
	}
	return fresh, stale
}

// Remember puts the entry of every bot just built into the index and
// saves the index. Each bot's key is made from the bytes it was loaded
// from (sources, by file name, as Load returns them), so it says exactly
// what the bot was built from even when a file changed since. Call it
// only after a run without diagnostics, which the cache does not replay.
// Errors are ignored: a bot left out is built again next time.
func Remember(ix *cache.Index, cfgs []*config.Config, sources map[string]*hcl.File) {
	parallel(len(cfgs), 0, func(i int) {
		cfg := cfgs[i]
		files := make([]cache.File, len(cfg.Files))
		for k, path := range cfg.Files {
			f := sources[path]
			if f == nil {
				return
			}
			files[k] = cache.File{Path: path, Data: f.Bytes}
		}
		key, err := ix.Key(cfg.Dir, files)
		if err != nil {
			return
		}
		var read []string
		if cfg.Bot.Icon != "" {
			read = append(read, filepath.Join(cfg.Dir, filepath.FromSlash(cfg.Bot.Icon)))
		}
		variables := make([]string, 0, len(cfg.Variables))
		for name := range cfg.Variables {
			variables = append(variables, name)
		}
		ix.Put(key, cfg.Bot.Label, variables, read)
	})
	ix.Save()
}
