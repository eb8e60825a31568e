// Package output writes bot exports into the output folder, one folder per
// bot, so that the folder is never half old and half new, and compares an
// output folder with what a build would write (build --check).
//
// # Who writes
//
// One build at a time (on Linux and macOS, whose flock the lock is): a
// build that writes holds the output folder's lock (LockFolder), from before it reads the folder (the build cache looks
// into it) until after the build cache has recorded what it wrote; build
// --check holds it shared (LockForReading). So no build ever sees another
// one's half-done work, and whatever staging folder a build finds was
// left by a build that was killed.
//
// # Staging
//
// A build hands each bot's files to a Stage as soon as the bot is
// compiled. The Stage compares them with the bot's folder right away: an
// up-to-date folder is left alone and nothing of it is written again;
// any other is staged in a hidden staging folder S inside the output
// folder OUT, as S/<bot>. Files whose bytes did not change keep their
// inode and modification time: the staged folder links them from the old
// one instead of writing them again. A run with errors removes S and
// leaves OUT untouched (Abort).
//
// # The commit protocol
//
// Only when every bot compiled without error does Commit move the staged
// folders into place, all of them or none:
//
//  1. It writes the journal, S/.journal, listing the staged bots, through
//     a temporary file renamed into place. From the moment the journal
//     exists, the next build restores the old output (see below) unless
//     this commit removes the journal first.
//  2. For each staged bot, in label order: if OUT/<bot> exists, it is
//     renamed to S/.old/<bot>; then S/<bot> is renamed to OUT/<bot>.
//  3. The commit point: it removes the journal. The new output stands.
//  4. It removes S, the old folders with it.
//
// When a step of 1 to 3 fails (permission denied, EXDEV), Commit puts
// the old output back at once, and returns the error. Restoring a bot,
// from the journal alone, takes one or two renames, each decided by what
// exists:
//
//   - if S/<bot> does not exist, the new folder was moved in: OUT/<bot>,
//     when it exists, is renamed back to S/<bot>;
//   - if S/.old/<bot> exists, it is renamed to OUT/<bot>.
//
// This is right in every state a bot can be left in: not touched yet
// (nothing to do), moved aside (the old folder goes back), moved in (the
// new one goes out, the old one, if any, back), or half restored. Once
// every bot is restored, the journal is removed, then S.
//
// So a kill at any point leaves, at OUT/<bot>, the old folder, the new
// one, or nothing between the two renames of step 2; and the next build
// (NewStage), finding a staging folder, restores every bot of a journal
// and removes the rest, before it does anything else. It repeats the
// restore whole if it is killed in turn. A staging folder without a
// journal was stopped before its commit, or after its commit point, and
// is removed. No clean-up on these paths is deferred, so that a test can
// stand for a kill with a panic (beforeStep).
//
// The protocol guards against a process that is killed, not against the
// machine losing power: nothing is synced to disk.
package output

import (
	"github.com/xoc-dev/xoc/compiler/internal/filestat"

	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// File is one file of a bot's export folder.
type File struct {
	Name string
	Data []byte
	// Private files are written readable by their owner only (0600), and
	// a file found readable by others differs: it holds a secret.
	Private bool
}

// perm is the mode a file is written with.
func (f File) perm() fs.FileMode {
	if f.Private {
		return 0o600
	}
	return 0o644
}

// stagingPrefix names staging folders; one the next build finds is
// restored from or removed.
const stagingPrefix = ".xoc-staging-"

// Stage collects bot folders to write under an output folder.
type Stage struct {
	root string

	mu sync.Mutex
	// dir is the staging folder, made when the first bot needs writing.
	dir     string
	results []Result
	// staged holds, by label of each bot staged in dir, what the stat of
	// each of its files said once staged (a filestat.Stat, not the
	// fs.FileInfo: a build keeps these for every bot until it commits).
	staged map[string][]filestat.Stat
	added  map[string]bool
	closed bool // by Abort or Commit
}

// NewStage prepares to write bots into root: it restores what a build
// that was killed during its commit left, and removes any other staging
// folder (see the package comment). The caller holds root's lock
// (LockFolder): any staging folder is then a killed build's. The staging
// folder it needs goes inside root, so that moving a folder into place
// is a rename on one file system.
func NewStage(root string) (*Stage, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if err := recoverLeftovers(root); err != nil {
		return nil, err
	}
	return &Stage{root: root, staged: map[string][]filestat.Stat{}, added: map[string]bool{}}, nil
}

// stagingDir returns the staging folder, making it on first use.
func (s *Stage) stagingDir() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("output: add after commit or abort")
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
	diffs, same, err := compareFiles(files, target)
	if err != nil {
		return err
	}
	r := Result{Label: label}
	for _, d := range diffs {
		r.Changed = append(r.Changed, d.Name)
	}
	var staged []filestat.Stat
	if len(diffs) == 0 {
		for _, f := range files {
			r.Files = append(r.Files, filestat.Of(same[f.Name]))
		}
		sortStats(r.Files)
	} else {
		root, err := s.stagingDir()
		if err != nil {
			return err
		}
		dir := filepath.Join(root, label)
		if err := os.Mkdir(dir, 0o755); err != nil {
			return err
		}
		for _, f := range files {
			info, err := stageFile(filepath.Join(dir, f.Name), f, filepath.Join(target, f.Name), same[f.Name])
			if err != nil {
				return err
			}
			staged = append(staged, filestat.Of(info))
		}
		sortStats(staged)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results = append(s.results, r)
	if staged != nil {
		s.staged[label] = staged
	}
	return nil
}

// stageFile writes f at path and returns what its stat says. An unchanged
// file keeps its identity: the old one, which compared equal to f as
// unchanged says, is linked instead of written again.
func stageFile(path string, f File, old string, unchanged fs.FileInfo) (fs.FileInfo, error) {
	if unchanged != nil && os.Link(old, path) == nil {
		if info, err := os.Lstat(path); err == nil && os.SameFile(info, unchanged) {
			return info, nil
		}
		// Not the file that was compared: write it instead.
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, f.perm())
	if err != nil {
		return nil, err
	}
	_, err = file.Write(f.Data)
	var info fs.FileInfo
	if err == nil {
		info, err = file.Stat()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return info, err
}

func sortStats(stats []filestat.Stat) {
	sort.Slice(stats, func(i, j int) bool { return stats[i].Name < stats[j].Name })
}

// Abort removes the staging folder; nothing of the run is left.
func (s *Stage) Abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
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
	// Files are what the stat of each file of the folder says, by name,
	// for a build cache to recognise the folder by: each one is a file
	// this run compared byte for byte with what it should hold, or wrote
	// (or linked, having compared it). Nil when the folder, after the
	// commit, does not hold those very files.
	Files []filestat.Stat
}

// Commit moves every staged bot folder into place, all or none, as the
// package comment tells, and returns the result of every bot added, in
// label order. After an error, the output folder is as it was, or, when
// even restoring it failed (the error says so), the next build restores
// it.
func (s *Stage) Commit() ([]Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("output: commit after commit or abort")
	}
	sort.Slice(s.results, func(i, j int) bool { return s.results[i].Label < s.results[j].Label })
	if s.dir == "" {
		return s.results, nil
	}
	labels := make([]string, 0, len(s.staged))
	for label := range s.staged {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	s.closed = true // a stage commits once
	if err := commitFolders(s.root, s.dir, labels); err != nil {
		return nil, err
	}
	for i, r := range s.results {
		if staged, ok := s.staged[r.Label]; ok {
			s.results[i].Files = committedFiles(filepath.Join(s.root, r.Label), staged)
		}
	}
	return s.results, nil
}

// committedFiles checks that a committed folder holds the very files
// staged for it, and returns what their stat says now: removing the old
// folder changed the change time of the files linked from it.
func committedFiles(dir string, staged []filestat.Stat) []filestat.Stat {
	out := make([]filestat.Stat, 0, len(staged))
	for _, was := range staged {
		info, err := os.Lstat(filepath.Join(dir, was.Name))
		if err != nil || !was.SameFile(info) {
			return nil
		}
		out = append(out, filestat.Of(info))
	}
	return out
}
