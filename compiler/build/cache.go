package build

import (
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/cache"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/files"
	"github.com/xoc-dev/xoc/compiler/internal/safefile"
)

// memo is what the cache records of a bot once its build is committed:
// the key of the bytes it was loaded from, the files it read, and the
// files of its folder as the commit verified them.
type memo struct {
	key   cache.Key
	read  []cache.File
	wrote []cache.WrittenFile
}

// openCache opens the index of the output folder in the build cache, for
// a run with the request's inputs. Without a usable cache folder the run
// goes without.
func (r *run) openCache() {
	dir := cacheFolder(r.getenv)
	if dir == "" {
		return
	}
	c, err := cache.Open(dir)
	if err != nil {
		return
	}
	in := cache.Inputs{VarFiles: r.req.VarFiles, Env: r.in.Env}
	for _, v := range r.req.Vars {
		in.Vars = append(in.Vars, [2]string{v.Name, v.Value})
	}
	if ix, err := c.Index(r.req.OutDir, in); err == nil {
		r.index = ix
	}
}

// lookUpCached marks the bots that the cache finds up to date in the
// output folder, and returns the indexes of the others, to process.
func (r *run) lookUpCached() []int {
	todo := make([]int, 0, len(r.res.Bots))
	if r.index == nil || r.index.Empty() {
		// Nothing to look up, and no file to read twice.
		for i := range r.res.Bots {
			todo = append(todo, i)
		}
		return todo
	}
	r.each(indexes(len(r.res.Bots)), func(i int) error {
		b := &r.res.Bots[i]
		if e := r.lookUp(b.Dir); e != nil {
			b.Cached, b.Label, b.variables = true, e.Label, e.Variables
		}
		return nil
	})
	for i, b := range r.res.Bots {
		if !b.Cached {
			todo = append(todo, i)
		}
	}
	return todo
}

// lookUp returns the cache entry of the bot in dir when it is up to date.
func (r *run) lookUp(dir string) *cache.Entry {
	paths, err := files.BotFiles(dir)
	if err != nil || len(paths) == 0 {
		return nil // for loading to report
	}
	files := make([]cache.File, len(paths))
	for k, path := range paths {
		// A file that cannot be read as a regular one is for loading
		// to report.
		data, _, err := safefile.ReadFile(path, true, sourceLimit)
		if err != nil {
			return nil
		}
		files[k] = cache.File{Path: path, Data: data}
	}
	key, err := r.index.Key(dir, files)
	if err != nil {
		return nil
	}
	e, _ := r.index.Lookup(key)
	return e
}

// sourceLimit bounds a configuration file the cache reads to look a bot
// up; a larger one is loaded instead.
const sourceLimit = 16 << 20

// memo makes the cache's record of a loaded bot from the bytes it was
// loaded from (files, by name), so that it says exactly what the bot was
// built from even when a file changed since.
func (r *run) memo(cfg *config.Config, sources map[string]*hcl.File) *memo {
	files := make([]cache.File, len(cfg.Files))
	for k, path := range cfg.Files {
		f := sources[path]
		if f == nil {
			return nil
		}
		files[k] = cache.File{Path: path, Data: f.Bytes}
	}
	key, err := r.index.Key(cfg.Dir, files)
	if err != nil {
		return nil
	}
	m := &memo{key: key}
	if cfg.Bot.Icon != "" {
		m.read = append(m.read, cache.File{Path: filepath.Join(cfg.Dir, filepath.FromSlash(cfg.Bot.Icon))})
	}
	// The user template files, by the bytes the bot was built from: the
	// lookup, which reads only the bot's directory, finds them here.
	for _, path := range cfg.TemplateFiles() {
		f := sources[path]
		if f == nil {
			return nil
		}
		m.read = append(m.read, cache.File{Path: path, Data: f.Bytes})
	}
	return m
}

// remember puts the entry of every bot just built into the index and
// saves it, after a committed run without diagnostics: the cache replays
// none. Errors are ignored: a bot left out is built again next time.
func (r *run) remember() {
	if r.index == nil || len(r.res.Diagnostics) > 0 {
		return
	}
	for _, b := range r.res.Bots {
		if b.remember != nil {
			r.index.Put(b.remember.key, b.Label, b.variables, b.remember.read, b.remember.wrote)
		}
	}
	r.index.Save()
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
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
