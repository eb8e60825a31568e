package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The names inside a staging folder besides the staged bots' folders. A
// label never starts with a dot, so they cannot be a bot's.
const (
	journalName    = ".journal"
	newJournalName = ".journal-new"
	oldFolders     = ".old"
)

// stepCommitPoint is the step after which a commit stands.
const stepCommitPoint = "remove the journal"

// beforeStep, when a test sets it, is called before each step of a commit
// or a restore that changes the file system, with the step's name. An
// error it returns is the step's error; a panic stands for the process
// being killed before the step.
var beforeStep func(step string) error

func step(name string, do func() error) error {
	if beforeStep != nil {
		if err := beforeStep(name); err != nil {
			return err
		}
	}
	return do()
}

// journal is the content of a staging folder's journal.
type journal struct {
	Labels []string `json:"labels"`
}

// commitFolders moves the bots labels, staged in staging, into root: steps 1 to
// 4 of the package comment. On an error before the commit point it
// restores the old output.
func commitFolders(root, staging string, labels []string) error {
	err := step("make the folder of old folders", func() error { return os.Mkdir(filepath.Join(staging, oldFolders), 0o700) })
	if err == nil {
		err = writeJournal(staging, labels)
	}
	if err != nil {
		// Nothing in root changed yet (a journal put in place, if the
		// error came after, goes with the staging folder).
		os.RemoveAll(staging)
		return err
	}
	for _, label := range labels {
		if err = moveIn(root, staging, label); err != nil {
			break
		}
	}
	if err == nil {
		err = step(stepCommitPoint, func() error { return os.Remove(filepath.Join(staging, journalName)) })
	}
	if err != nil {
		if rerr := restore(root, staging, labels); rerr != nil {
			return fmt.Errorf("%w; putting the old output back failed too (%v): the next build puts it back", err, rerr)
		}
		return err
	}
	// Left behind, the staging folder has no journal: the next build
	// removes it.
	step("remove the staging folder", func() error { return os.RemoveAll(staging) })
	return nil
}

// writeJournal puts the journal listing labels into staging, whole: it
// is written beside and renamed into place.
func writeJournal(staging string, labels []string) error {
	data, err := json.Marshal(journal{Labels: labels})
	if err != nil {
		return err
	}
	tmp := filepath.Join(staging, newJournalName)
	if err := step("write the journal", func() error { return os.WriteFile(tmp, data, 0o600) }); err != nil {
		return err
	}
	return step("put the journal in place", func() error { return os.Rename(tmp, filepath.Join(staging, journalName)) })
}

// moveIn replaces the folder of label in root with the one staged: step 2
// of the package comment.
func moveIn(root, staging, label string) error {
	target := filepath.Join(root, label)
	there, err := exists(target)
	if err != nil {
		return err
	}
	if there {
		if err := step("move aside "+label, func() error { return os.Rename(target, filepath.Join(staging, oldFolders, label)) }); err != nil {
			return err
		}
	}
	return step("move in "+label, func() error { return os.Rename(filepath.Join(staging, label), target) })
}

// restore puts back the old folders of labels, in whatever state a commit
// into root from staging left them (see the package comment), then
// removes the journal and staging. It may run again after it stopped
// half way.
func restore(root, staging string, labels []string) error {
	var errs []error
	for _, label := range labels {
		if err := restoreBot(root, staging, label); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	err := step("remove the journal of a restore", func() error { return os.Remove(filepath.Join(staging, journalName)) })
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// The output is restored; the rest is a leftover without a journal.
	step("remove the restored staging folder", func() error { return os.RemoveAll(staging) })
	return nil
}

func restoreBot(root, staging, label string) error {
	target := filepath.Join(root, label)
	staged := filepath.Join(staging, label)
	old := filepath.Join(staging, oldFolders, label)
	movedIn, err := exists(staged)
	if err != nil {
		return err
	}
	if !movedIn {
		there, err := exists(target)
		if err != nil {
			return err
		}
		if there {
			if err := step("move out "+label, func() error { return os.Rename(target, staged) }); err != nil {
				return err
			}
		}
	}
	movedAside, err := exists(old)
	if err != nil || !movedAside {
		return err
	}
	return step("put back "+label, func() error { return os.Rename(old, target) })
}

// exists reports whether path names anything, a link included.
func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// recoverLeftovers restores the output that builds killed during their
// commit left in root, from their staging folders' journals, and removes
// every staging folder. Its caller holds root's lock: none of them is in
// use.
func recoverLeftovers(root string) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), stagingPrefix) {
			continue
		}
		staging := filepath.Join(root, e.Name())
		if !e.IsDir() {
			step("remove a leftover", func() error { return os.Remove(staging) })
			continue
		}
		j, err := readJournal(staging)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Stopped before its commit, or after its commit point.
			step("remove a leftover", func() error { return os.RemoveAll(staging) })
		case err != nil:
			errs = append(errs, fmt.Errorf("a build that was stopped while it replaced bot folders left %s, whose journal cannot be read: %w", staging, err))
		default:
			if err := restore(root, staging, j.Labels); err != nil {
				errs = append(errs, fmt.Errorf("a build that was stopped while it replaced bot folders left %s; putting the old folders back failed: %w", staging, err))
			}
		}
	}
	return errors.Join(errs...)
}

// readJournal reads the journal of a staging folder; an error satisfying
// fs.ErrNotExist when there is none.
func readJournal(staging string) (journal, error) {
	var j journal
	data, err := os.ReadFile(filepath.Join(staging, journalName))
	if err != nil {
		return j, err
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return j, err
	}
	for _, label := range j.Labels {
		if label == "" || strings.ContainsAny(label, `/\`) || strings.HasPrefix(label, ".") {
			return j, fmt.Errorf("the journal names %q, which is no bot's label", label)
		}
	}
	return j, nil
}
