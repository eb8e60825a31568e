package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The output of the commit tests' last build, and of the build they
// commit: bot a changes one of its two files, b stays as it was, c is not
// built this time, and d is new.
var (
	oldBots = map[string][]File{"a": files("x.json", "old a", "y.json", "same"), "b": files("x.json", "b"), "c": files("x.json", "c")}
	newBots = map[string][]File{"a": files("x.json", "new a", "y.json", "same"), "b": files("x.json", "b"), "d": files("x.json", "d")}
)

// treeOf is the output folder holding bots, as readTree reads it.
func treeOf(bots ...map[string][]File) map[string]string {
	out := map[string]string{}
	for _, b := range bots {
		for label, fs := range b {
			for _, f := range fs {
				out[label+"/"+f.Name] = string(f.Data)
			}
		}
	}
	return out
}

// folderOf is a bot's folder holding fs, as readTree reads it.
func folderOf(fs []File) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		out[f.Name] = string(f.Data)
	}
	return out
}

// readTree reads every file below root, hidden ones included; nothing
// when root does not exist.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

// outputIs says whether root holds the old output or the new one,
// exactly and with nothing left over, and fails the test otherwise.
func outputIs(t *testing.T, root string) string {
	t.Helper()
	oldTree, newTree := treeOf(oldBots), treeOf(oldBots, newBots)
	switch got := readTree(t, root); {
	case maps.Equal(got, oldTree):
		return "old"
	case maps.Equal(got, newTree):
		return "new"
	default:
		t.Fatalf("the output folder is neither the old output nor the new one: %v", got)
		return ""
	}
}

// stageNew writes the old output into a new folder and stages the new
// one there.
func stageNew(t *testing.T) (root string, s *Stage) {
	t.Helper()
	root = t.TempDir()
	commit(t, root, oldBots)
	s, err := NewStage(root)
	if err != nil {
		t.Fatal(err)
	}
	for label, fs := range newBots {
		if err := s.Add(label, fs); err != nil {
			t.Fatal(err)
		}
	}
	return root, s
}

// killed is what a test's beforeStep panics with: the process is killed
// at that step, and nothing after it runs.
type killed struct{}

// run runs f with beforeStep set to hook, and reports whether hook
// killed it.
func run(hook func(step string) error, f func()) (wasKilled bool) {
	beforeStep = hook
	defer func() {
		beforeStep = nil
		if r := recover(); r != nil {
			if _, ok := r.(killed); !ok {
				panic(r)
			}
			wasKilled = true
		}
	}()
	f()
	return false
}

// at returns a hook that does what at the n-th step (from 1), and
// records the names of the steps it sees.
func at(n int, what func(step string) error, seen *[]string) func(string) error {
	count := 0
	return func(step string) error {
		count++
		if seen != nil {
			*seen = append(*seen, step)
		}
		if count == n {
			return what(step)
		}
		return nil
	}
}

func kill(string) error { panic(killed{}) }

// commitSteps lists the steps of the commit of the new output.
func commitSteps(t *testing.T) []string {
	t.Helper()
	_, s := stageNew(t)
	var steps []string
	run(at(0, nil, &steps), func() {
		if _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	return steps
}

// afterCommitPoint reports whether a commit stopped before step n (from
// 1) of steps had passed its commit point.
func afterCommitPoint(steps []string, n int) bool {
	for _, step := range steps[:n-1] {
		if step == stepCommitPoint {
			return true
		}
	}
	return false
}

// TestKilledCommitIsRestored kills a commit before each of its steps,
// then the next build's restore before each of its own, then lets a
// restore finish. No bot's folder may ever be lost: after the kill, each
// is old, new or, during its swap, restored by the next build; after the
// restore, the output is the old one or, past the commit point, the new
// one, whole.
func TestKilledCommitIsRestored(t *testing.T) {
	steps := commitSteps(t)
	t.Logf("the commit's steps: %q", steps)
	if len(steps) < 4 {
		t.Fatalf("steps %q", steps)
	}
	for k := 1; k <= len(steps); k++ {
		for j := 1; ; j++ {
			name := fmt.Sprintf("killed before %q (step %d), its restore before step %d", steps[k-1], k, j)
			root, s := stageNew(t)
			if !run(at(k, kill, nil), func() { s.Commit() }) {
				t.Fatalf("%s: not killed", name)
			}
			for label, fs := range newBots {
				switch got := readTree(t, filepath.Join(root, label)); {
				case maps.Equal(got, folderOf(fs)), maps.Equal(got, folderOf(oldBots[label])):
				case len(got) == 0 && journalExists(t, root):
				default:
					t.Fatalf("%s: %s holds %v", name, label, got)
				}
			}
			restoreKilled := run(at(j, kill, nil), func() {
				if _, err := NewStage(root); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			})
			if _, err := NewStage(root); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want := map[bool]string{false: "old", true: "new"}[afterCommitPoint(steps, k)]
			if got := outputIs(t, root); got != want {
				t.Fatalf("%s: the output is the %s one, want the %s one", name, got, want)
			}
			if !restoreKilled {
				break
			}
		}
	}
}

func journalExists(t *testing.T, root string) bool {
	t.Helper()
	journals, err := filepath.Glob(filepath.Join(root, stagingPrefix+"*", journalName))
	if err != nil {
		t.Fatal(err)
	}
	return len(journals) == 1
}

// TestFailedCommitChangesNothing fails each step of a commit in turn, as
// a rename that is refused (permission denied, EXDEV): until the commit
// point, Commit reports the error and leaves the old output whole, with
// nothing left over; after it, the new output stands.
func TestFailedCommitChangesNothing(t *testing.T) {
	steps := commitSteps(t)
	for k := 1; k <= len(steps); k++ {
		root, s := stageNew(t)
		refused := errors.New("refused")
		var err error
		run(at(k, func(string) error { return refused }, nil), func() { _, err = s.Commit() })
		if afterCommitPoint(steps, k) {
			if err != nil {
				t.Errorf("failing %q, after the commit point: %v", steps[k-1], err)
			}
			NewStage(root) // removes what is left over
			if got := outputIs(t, root); got != "new" {
				t.Errorf("failing %q, after the commit point: the output is the %s one", steps[k-1], got)
			}
			continue
		}
		if !errors.Is(err, refused) {
			t.Errorf("failing %q: error %v", steps[k-1], err)
		}
		if got := outputIs(t, root); got != "old" {
			t.Errorf("failing %q: the output is the %s one", steps[k-1], got)
		}
	}
}

// TestFailedRestoreIsFinishedNextTime: when putting the old output back
// after a failed step fails too, Commit says so, and the next build
// finishes the restore.
func TestFailedRestoreIsFinishedNextTime(t *testing.T) {
	steps := commitSteps(t)
	last := 0
	for k, step := range steps {
		if strings.HasPrefix(step, "move in ") {
			last = k + 1
		}
	}
	root, s := stageNew(t)
	refused := errors.New("refused")
	var err error
	// The last move in fails, then the first step of the restore.
	run(at(last, func(string) error { beforeStep = at(1, func(string) error { return refused }, nil); return refused }, nil), func() { _, err = s.Commit() })
	if err == nil || !strings.Contains(err.Error(), "next build") {
		t.Fatalf("error %v, want one that says the next build restores the output", err)
	}
	if _, err := NewStage(root); err != nil {
		t.Fatal(err)
	}
	if got := outputIs(t, root); got != "old" {
		t.Errorf("the output is the %s one", got)
	}
}

// TestResultFilesAreWhatWasCommitted: a commit reports the files of each
// folder for the build cache to recognise it by, and none for a folder
// whose file was replaced after its commit point.
func TestResultFilesAreWhatWasCommitted(t *testing.T) {
	steps := commitSteps(t)
	last := len(steps) // removing the staging folder, after the commit point
	root, s := stageNew(t)
	var res []Result
	run(at(last, func(string) error {
		os.Remove(filepath.Join(root, "d", "x.json"))
		return os.WriteFile(filepath.Join(root, "d", "x.json"), []byte("d"), 0o644)
	}, nil), func() {
		var err error
		if res, err = s.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	for _, r := range res {
		wantNames := len(newBots[r.Label])
		if r.Label == "d" {
			wantNames = 0
		}
		if len(r.Files) != wantNames {
			t.Errorf("%s: files %v, want %d", r.Label, r.Files, wantNames)
		}
		for _, st := range r.Files {
			now, err := os.Lstat(filepath.Join(root, r.Label, st.Name))
			if err != nil || !st.SameFile(now) {
				t.Errorf("%s/%s: %v", r.Label, st.Name, err)
			}
		}
	}
}
