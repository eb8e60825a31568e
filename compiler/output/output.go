// Package output writes bot exports into the output folder, one folder per
// bot, so that the folder is never half old and half new, and compares an
// output folder with what a build would write (build --check).
//
// A build stages every bot's files in a hidden folder inside the output
// folder as the bot is compiled, and only when every bot compiled without
// error swaps each staged folder into place. A run with errors removes
// the staging folder and leaves the output untouched. Files whose bytes
// did not change keep their inode and modification time: the new folder
// links them from the old one instead of writing them again.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is one file of a bot's export folder.
type File struct {
	Name string
	Data []byte
}

// stagingPrefix names staging folders; a leftover one (a killed build) is
// removed by the next build.
const stagingPrefix = ".xoc-staging-"

// Stage collects bot folders to write under an output folder.
type Stage struct {
	root    string
	dir     string
	labels  []string
	aborted bool
}

// NewStage creates a staging folder inside root (so that moving a folder
// into place is a rename on one file system).
func NewStage(root string) (*Stage, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	removeLeftovers(root)
	dir, err := os.MkdirTemp(root, stagingPrefix)
	if err != nil {
		return nil, err
	}
	return &Stage{root: root, dir: dir}, nil
}

func removeLeftovers(root string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), stagingPrefix) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// Add writes one bot's files into the staging folder. It is safe to call
// from several goroutines for different labels.
func (s *Stage) Add(label string, files []File) error {
	dir := filepath.Join(s.dir, label)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the staging folder; nothing of the run is left.
func (s *Stage) Abort() {
	s.aborted = true
	os.RemoveAll(s.dir)
}

// Result says what a commit did to one bot's folder.
type Result struct {
	Label string
	// Changed lists the files written or removed, sorted; empty when the
	// folder was already up to date and was left alone.
	Changed []string
}

// Commit moves every staged bot folder into place, in label order, and
// removes the staging folder.
func (s *Stage) Commit() ([]Result, error) {
	if s.aborted {
		return nil, errors.New("output: commit after abort")
	}
	defer os.RemoveAll(s.dir)
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		r, err := s.commitBot(e.Name())
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	return results, nil
}

func (s *Stage) commitBot(label string) (Result, error) {
	staged := filepath.Join(s.dir, label)
	target := filepath.Join(s.root, label)
	r := Result{Label: label}
	diffs, err := compareDirs(staged, target)
	if err != nil {
		return r, err
	}
	if len(diffs) == 0 {
		return r, nil
	}
	for _, d := range diffs {
		r.Changed = append(r.Changed, d.Name)
	}
	// Unchanged files keep their identity: link the old file into the new
	// folder in place of the staged copy.
	unchanged, _ := sameFiles(staged, target)
	for _, name := range unchanged {
		tmp := filepath.Join(staged, name+".link")
		if os.Link(filepath.Join(target, name), tmp) == nil {
			os.Rename(tmp, filepath.Join(staged, name))
		}
	}
	old := filepath.Join(s.dir, ".old-"+label)
	hadOld := false
	if _, err := os.Lstat(target); err == nil {
		if err := os.Rename(target, old); err != nil {
			return r, err
		}
		hadOld = true
	}
	if err := os.Rename(staged, target); err != nil {
		if hadOld {
			os.Rename(old, target)
		}
		return r, err
	}
	return r, nil
}

// Difference is one way an output folder differs from what a build
// writes.
type Difference struct {
	// Name is the path relative to the output folder's parent bot folder
	// (for compareDirs) or the output folder (for Check).
	Name string
	Kind string // "changed", "missing" or "extra"
}

func (d Difference) String() string { return d.Kind + ": " + d.Name }

// compareDirs compares a freshly staged folder with the existing one.
func compareDirs(staged, target string) ([]Difference, error) {
	want, err := readFolder(staged)
	if err != nil {
		return nil, err
	}
	return compareFiles(want, target)
}

// compareFiles compares wanted files (by name) with a folder on disk.
func compareFiles(want map[string][]byte, target string) ([]Difference, error) {
	have, err := readFolder(target)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var diffs []Difference
	for name, data := range want {
		old, ok := have[name]
		switch {
		case !ok:
			diffs = append(diffs, Difference{name, "missing"})
		case !bytes.Equal(old, data):
			diffs = append(diffs, Difference{name, "changed"})
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, Difference{name, "extra"})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Name < diffs[j].Name })
	return diffs, nil
}

// sameFiles lists the files whose bytes are equal in both folders.
func sameFiles(a, b string) ([]string, error) {
	fa, err := readFolder(a)
	if err != nil {
		return nil, err
	}
	fb, err := readFolder(b)
	if err != nil {
		return nil, err
	}
	var out []string
	for name, data := range fa {
		if old, ok := fb[name]; ok && bytes.Equal(old, data) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// readFolder reads every regular file of a folder, including those in
// subfolders (by slash-separated relative name).
func readFolder(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out, err
}

// CheckBot compares one bot's folder under root with the files a build
// would write. Names in the result are relative to root.
func CheckBot(root, label string, files []File) ([]Difference, error) {
	want := make(map[string][]byte, len(files))
	for _, f := range files {
		want[f.Name] = f.Data
	}
	diffs, err := compareFiles(want, filepath.Join(root, label))
	for i := range diffs {
		diffs[i].Name = filepath.ToSlash(filepath.Join(root, label, diffs[i].Name))
	}
	return diffs, err
}

// CheckExtra lists what the output folder holds beyond the bots of the
// run: folders a build would not write (a bot that was deleted or
// renamed) and stray files.
func CheckExtra(root string, labels []string) ([]Difference, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	built := map[string]bool{}
	for _, l := range labels {
		built[l] = true
	}
	var diffs []Difference
	for _, e := range entries {
		if built[e.Name()] || strings.HasPrefix(e.Name(), stagingPrefix) {
			continue
		}
		diffs = append(diffs, Difference{filepath.ToSlash(filepath.Join(root, e.Name())), "extra"})
	}
	return diffs, nil
}

// Describe renders differences one per line.
func Describe(diffs []Difference) string {
	var b strings.Builder
	for _, d := range diffs {
		fmt.Fprintf(&b, "%s\n", d)
	}
	return b.String()
}
