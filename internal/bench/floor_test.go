package bench

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"golang.org/x/sync/errgroup"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// floor is the work no compiler of a workspace can avoid, with the same
// parallelism as a build: find and read every bot's input files, parse
// them with hclparse, and write the very bytes xoc writes for the bot,
// which newFloor learnt from one build of the workspace beforehand. What
// it leaves out (evaluation, validation, lowering, encoding and checking
// the export, the review page, comparing with the old output, the build
// cache) is what x-floor-median puts a price on.
type floor struct{ bots []floorBot }

// floorBot is one bot of a floor: its folder and what a build writes for
// it.
type floorBot struct {
	dir, label string
	files      []outFile
}

type outFile struct {
	name string
	data []byte
}

// newFloor builds the benchws workspace at root with the xoc binary bin
// into the folder ref, which must not exist, and reads back every file it
// wrote. Bot i of the workspace, in folder benchws.BotDir(i), is written
// to ref/benchws.Label(i).
func newFloor(bin, root, ref string) (*floor, error) {
	if err := xocBuild(bin, ref, root); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(ref)
	if err != nil {
		return nil, err
	}
	f := &floor{bots: make([]floorBot, len(entries))}
	for i, entry := range entries {
		bot := floorBot{dir: filepath.Join(root, benchws.BotDir(i)), label: benchws.Label(i)}
		if entry.Name() != bot.label {
			return nil, fmt.Errorf("xoc build wrote %s where bot %d, %s, belongs: not a benchws workspace", entry.Name(), i, bot.label)
		}
		files, err := os.ReadDir(filepath.Join(ref, bot.label))
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			if !file.Type().IsRegular() {
				return nil, fmt.Errorf("%s/%s is not a regular file", bot.label, file.Name())
			}
			data, err := os.ReadFile(filepath.Join(ref, bot.label, file.Name()))
			if err != nil {
				return nil, err
			}
			bot.files = append(bot.files, outFile{file.Name(), data})
		}
		f.bots[i] = bot
	}
	// Every bot folder of the workspace was built.
	dirs, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	if len(dirs) != len(f.bots) {
		return nil, fmt.Errorf("xoc build wrote %d bots of the %d in %s", len(f.bots), len(dirs), root)
	}
	return f, nil
}

// size is the number of bytes the floor writes.
func (f *floor) size() int64 {
	var n int64
	for _, bot := range f.bots {
		for _, file := range bot.files {
			n += int64(len(file.data))
		}
	}
	return n
}

// run does the floor's work into the output folder out, which must not
// exist yet, on runtime.GOMAXPROCS(0) workers.
func (f *floor) run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, bot := range f.bots {
		g.Go(func() error {
			paths, err := inputFiles(bot.dir)
			if err != nil {
				return err
			}
			if err := parseInputs(paths); err != nil {
				return err
			}
			dir := filepath.Join(out, bot.label)
			if err := os.Mkdir(dir, 0o755); err != nil {
				return err
			}
			for _, file := range bot.files {
				if err := os.WriteFile(filepath.Join(dir, file.name), file.data, 0o644); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// inputFiles lists the configuration files of the bot in dir, as xoc
// does: its regular files named *.xo.hcl or *.xo.json, sorted (leaving
// out only what a generated workspace never has: hidden files and
// editors' backups).
func inputFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".xo.hcl") || strings.HasSuffix(e.Name(), ".xo.json")) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths, nil
}

// parseInputs reads and parses a bot's configuration files as config.Load
// does before evaluating them.
func parseInputs(paths []string) error {
	p := hclparse.NewParser()
	for _, path := range paths {
		var diags hcl.Diagnostics
		if strings.HasSuffix(path, ".json") {
			_, diags = p.ParseJSONFile(path)
		} else {
			_, diags = p.ParseHCLFile(path)
		}
		if diags.HasErrors() {
			return diags
		}
	}
	return nil
}

// xocBuild runs `bin build --out out root/...` with the build cache in the
// scratch folder.
func xocBuild(bin, out, root string) error {
	cmd := exec.Command(bin, "build", "--out", out, filepath.Join(root, "..."))
	cmd.Env = append(os.Environ(), "XOC_CACHE="+cacheDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("xoc build --out %s %s/...: %v\n%s", out, root, err, stderr.Bytes())
	}
	return nil
}

// TestFloorWritesReferenceBytes runs the floor of a small workspace and
// expects in its output folder exactly what xoc build wrote; and an error
// from a bot whose input does not parse.
func TestFloorWritesReferenceBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the xoc binary")
	}
	bin := distinctBinary(t)
	dir := t.TempDir()
	root, ref, out := filepath.Join(dir, "ws"), filepath.Join(dir, "ref"), filepath.Join(dir, "out")
	const n = 6
	if err := benchws.GenerateDistinct(root, n); err != nil {
		t.Fatal(err)
	}
	f, err := newFloor(bin, root, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.bots) != n {
		t.Fatalf("floor of %d bots, want %d", len(f.bots), n)
	}
	if err := f.run(out); err != nil {
		t.Fatal(err)
	}
	if err := sameTree(ref, out); err != nil {
		t.Error(err)
	}

	// The floor does parse: a bot with a syntax error fails it.
	bad := filepath.Join(root, benchws.BotDir(n-1), "broken.xo.hcl")
	if err := os.WriteFile(bad, []byte("bot {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.run(filepath.Join(dir, "out-bad")); err == nil {
		t.Error("the floor parsed a file with a syntax error")
	}
}

// sameTree returns an error naming the first difference between the
// files under a and under b, contents included.
func sameTree(a, b string) error {
	files := func(root string) (map[string][]byte, error) {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			m[rel], err = os.ReadFile(path)
			return err
		})
		return m, err
	}
	x, err := files(a)
	if err != nil {
		return err
	}
	y, err := files(b)
	if err != nil {
		return err
	}
	var errs []error
	for rel, data := range x {
		if other, ok := y[rel]; !ok {
			errs = append(errs, fmt.Errorf("%s is missing from %s", rel, b))
		} else if !bytes.Equal(data, other) {
			errs = append(errs, fmt.Errorf("%s differs between %s and %s", rel, a, b))
		}
	}
	for rel := range y {
		if _, ok := x[rel]; !ok {
			errs = append(errs, fmt.Errorf("%s is not in %s", rel, a))
		}
	}
	if len(x) == 0 {
		errs = append(errs, fmt.Errorf("no file in %s", a))
	}
	return errors.Join(errs...)
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{2.5, 1, 9}, 2.5},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median = %v, want %v", got, c.want)
		}
	}
}
