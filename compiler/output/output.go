// Package output writes bot exports into the output folder, one folder per
// bot, so that the folder is never half old and half new, and compares an
// output folder with what a build would write (build --check).
//
// A build hands each bot's files to a Stage as soon as the bot is
// compiled. The Stage compares them with the bot's folder right away: an
// up-to-date folder is left alone and nothing of it is written again;
// any other is staged in a hidden folder inside the output folder. Only
// when every bot compiled without error does Commit swap each staged
// folder into place. A run with errors removes the staging folder and
// leaves the output untouched. Files whose bytes did not change keep
// their inode and modification time: the staged folder links them from
// the old one instead of writing them again.
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
	"sync"
	"time"
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
	root string

	mu sync.Mutex
	// dir is the staging folder, made when the first bot needs writing.
	dir     string
	results []Result
	// staged are the labels of the bots staged in dir.
	staged  []string
	added   map[string]bool
	aborted bool
}

// NewStage prepares to write bots into root. The staging folder it needs
// goes inside root, so that moving a folder into place is a rename on
// one file system.
func NewStage(root string) (*Stage, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	removeLeftovers(root)
	return &Stage{root: root, added: map[string]bool{}}, nil
}

// leftoverAge is how old a staging folder must be before a build takes it
// for the leftover of a killed build: a younger one may belong to another
// build writing into the same folder right now.
const leftoverAge = 10 * time.Minute

func removeLeftovers(root string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagingPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > leftoverAge {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// stagingDir returns the staging folder, making it on first use.
func (s *Stage) stagingDir() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return "", errors.New("output: add after abort")
	}
	if s.dir == "" {
		dir, err := os.MkdirTemp(s.root, stagingPrefix)
		if err != nil {
			return "", err
		}
		s.dir = dir
	}
	return s.dir, nil
}

// Add compares one bot's files with its folder and, unless the folder is
// already up to date, stages them. It is safe to call from several
// goroutines for different labels.
func (s *Stage) Add(label string, files []File) error {
	s.mu.Lock()
	if s.added[label] {
		s.mu.Unlock()
		return fmt.Errorf("output: bot %q added twice", label)
	}
	s.added[label] = true
	s.mu.Unlock()

	target := filepath.Join(s.root, label)
	want := make(map[string][]byte, len(files))
	for _, f := range files {
		want[f.Name] = f.Data
	}
	diffs, err := compareFiles(want, target)
	if err != nil {
		return err
	}
	r := Result{Label: label}
	changed := make(map[string]bool, len(diffs))
	for _, d := range diffs {
		r.Changed = append(r.Changed, d.Name)
		changed[d.Name] = true
	}
	if len(diffs) > 0 {
		root, err := s.stagingDir()
		if err != nil {
			return err
		}
		dir := filepath.Join(root, label)
		if err := os.Mkdir(dir, 0o755); err != nil {
			return err
		}
		for _, f := range files {
			path := filepath.Join(dir, f.Name)
			// An unchanged file keeps its identity: link the old one
			// into the new folder instead of writing a copy.
			if !changed[f.Name] && os.Link(filepath.Join(target, f.Name), path) == nil {
				continue
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				return err
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results = append(s.results, r)
	if len(diffs) > 0 {
		s.staged = append(s.staged, label)
	}
	return nil
}

// Abort removes the staging folder; nothing of the run is left.
func (s *Stage) Abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = true
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// Result says what a commit did to one bot's folder.
type Result struct {
	Label string
	// Changed lists the files written or removed, sorted; empty when the
	// folder was already up to date and was left alone.
	Changed []string
}

// Commit moves every staged bot folder into place, in label order, and
// removes the staging folder. It returns the result of every bot added,
// in label order.
func (s *Stage) Commit() ([]Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return nil, errors.New("output: commit after abort")
	}
	sort.Slice(s.results, func(i, j int) bool { return s.results[i].Label < s.results[j].Label })
	if s.dir == "" {
		return s.results, nil
	}
	defer os.RemoveAll(s.dir)
	sort.Strings(s.staged)
	for _, label := range s.staged {
		if err := s.commitBot(label); err != nil {
			return s.results, err
		}
	}
	return s.results, nil
}

func (s *Stage) commitBot(label string) error {
	staged := filepath.Join(s.dir, label)
	target := filepath.Join(s.root, label)
	old := filepath.Join(s.dir, ".old-"+label)
	hadOld := false
	if _, err := os.Lstat(target); err == nil {
		if err := os.Rename(target, old); err != nil {
			return err
		}
		hadOld = true
	}
	if err := os.Rename(staged, target); err != nil {
		if hadOld {
			os.Rename(old, target)
		}
		return err
	}
	return nil
}

// Difference is one way an output folder differs from what a build
// writes.
type Difference struct {
	// Name is the file's or folder's path: the output folder as given,
	// joined with the path below it, slash-separated (CheckBot and
	// CheckExtra); relative to the bot's folder within compareFiles.
	Name string
	Kind string // "changed", "missing" or "extra"
}

func (d Difference) String() string { return d.Kind + ": " + d.Name }

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
// would write. Names in the result start with root.
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
