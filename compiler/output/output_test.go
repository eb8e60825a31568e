package output

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func files(kv ...string) []File {
	var out []File
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, File{Name: kv[i], Data: []byte(kv[i+1])})
	}
	return out
}

func commit(t *testing.T, root string, bots map[string][]File) []Result {
	t.Helper()
	s, err := NewStage(root)
	if err != nil {
		t.Fatal(err)
	}
	for label, fs := range bots {
		if err := s.Add(label, fs); err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCommitWritesAndReplacesWholeFolder(t *testing.T) {
	root := t.TempDir()
	commit(t, root, map[string][]File{"a": files("x.json", "1", "y.json", "2", "stale.json", "old")})
	res := commit(t, root, map[string][]File{"a": files("x.json", "1", "y.json", "3")})
	if want := []string{"stale.json", "y.json"}; !reflect.DeepEqual(res[0].Changed, want) {
		t.Errorf("changed = %v, want %v", res[0].Changed, want)
	}
	got := readTree(t, filepath.Join(root, "a"))
	if len(got) != 2 || got["y.json"] != "3" {
		t.Errorf("folder holds %v", got)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

func TestUnchangedFilesAreNotRewritten(t *testing.T) {
	root := t.TempDir()
	commit(t, root, map[string][]File{"a": files("same.json", "1", "diff.json", "2")})
	before, _ := os.Stat(filepath.Join(root, "a", "same.json"))
	res := commit(t, root, map[string][]File{"a": files("same.json", "1", "diff.json", "changed")})
	after, _ := os.Stat(filepath.Join(root, "a", "same.json"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was rewritten")
	}
	if !reflect.DeepEqual(res[0].Changed, []string{"diff.json"}) {
		t.Errorf("changed = %v", res[0].Changed)
	}

	// Nothing changed at all: the folder itself is left alone.
	dirBefore, _ := os.Stat(filepath.Join(root, "a"))
	res = commit(t, root, map[string][]File{"a": files("same.json", "1", "diff.json", "changed")})
	dirAfter, _ := os.Stat(filepath.Join(root, "a"))
	if len(res[0].Changed) != 0 || !os.SameFile(dirBefore, dirAfter) {
		t.Errorf("an up-to-date folder was replaced (changed %v)", res[0].Changed)
	}
}

func TestAbortLeavesOutputUntouched(t *testing.T) {
	root := t.TempDir()
	commit(t, root, map[string][]File{"a": files("x.json", "1")})
	s, err := NewStage(root)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("a", files("x.json", "2"))
	s.Add("b", files("x.json", "3"))
	s.Abort()
	got := readTree(t, root)
	if len(got) != 1 || got["a/x.json"] != "1" {
		t.Errorf("abort changed the output: %v", got)
	}
	if _, err := s.Commit(); err == nil {
		t.Error("commit after abort succeeded")
	}
}

// TestLeftoversAreRemoved: whatever a killed build left in the output
// folder before its commit is removed by the next build at once, however
// recent: the next build holds the folder's lock, so that no other build
// can be writing it.
func TestLeftoversAreRemoved(t *testing.T) {
	root := t.TempDir()
	staging := filepath.Join(root, stagingPrefix+"recent")
	os.MkdirAll(filepath.Join(staging, "a"), 0o755)
	os.WriteFile(filepath.Join(staging, "a", "x.json"), []byte("1"), 0o644)
	os.WriteFile(filepath.Join(root, stagingPrefix+"file"), nil, 0o644)
	commit(t, root, map[string][]File{"a": files("x.json", "1")})
	if entries, _ := os.ReadDir(root); len(entries) != 1 || entries[0].Name() != "a" {
		t.Errorf("the output folder holds %v, want only a", entries)
	}
}

func TestCheckNamesChangedMissingAndExtra(t *testing.T) {
	root := t.TempDir()
	commit(t, root, map[string][]File{
		"a":   files("x.json", "1", "y.json", "2", "extra.json", "e"),
		"old": files("x.json", "1"),
	})
	diffs, err := CheckBot(root, "a", files("x.json", "1", "y.json", "changed", "z.json", "new"))
	if err != nil {
		t.Fatal(err)
	}
	extra, _ := CheckExtra(root, []string{"a"})
	diffs = append(diffs, extra...)
	want := []Difference{
		{filepath.ToSlash(filepath.Join(root, "a", "extra.json")), "extra"},
		{filepath.ToSlash(filepath.Join(root, "a", "y.json")), "changed"},
		{filepath.ToSlash(filepath.Join(root, "a", "z.json")), "missing"},
		{filepath.ToSlash(filepath.Join(root, "old")), "extra"},
	}
	if !reflect.DeepEqual(diffs, want) {
		t.Errorf("got  %v\nwant %v", diffs, want)
	}
	fresh, _ := CheckBot(root, "a", files("x.json", "1", "y.json", "2", "extra.json", "e"))
	if len(fresh) != 0 {
		t.Errorf("fresh output reported as %v", fresh)
	}
}

// TestUpToDateBotsAreNotStaged checks that a bot whose folder is already
// what the build writes costs no write at all, not even in staging.
func TestUpToDateBotsAreNotStaged(t *testing.T) {
	root := t.TempDir()
	bots := map[string][]File{"a": files("x.json", "1"), "b": files("y.json", "2")}
	commit(t, root, bots)
	s, err := NewStage(root)
	if err != nil {
		t.Fatal(err)
	}
	for label, fs := range bots {
		if err := s.Add(label, fs); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		t.Errorf("adding up-to-date bots wrote into the output folder: %v", entries)
	}
	res, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Label != "a" || res[1].Label != "b" {
		t.Fatalf("results = %v, want a and b", res)
	}
	for _, r := range res {
		if len(r.Changed) != 0 {
			t.Errorf("%s changed %v", r.Label, r.Changed)
		}
		// What the cache would record: the files compared.
		if len(r.Files) != 1 || r.Files[0].Name != map[string]string{"a": "x.json", "b": "y.json"}[r.Label] {
			t.Errorf("%s: files %v", r.Label, r.Files)
		}
	}
	if err := s.Add("a", files("x.json", "1")); err == nil {
		t.Error("adding a bot twice succeeded")
	}
}
