package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture is a cache, an output folder holding one bot's folder, and the
// bot's directory with its configuration files and icon.
type fixture struct {
	cache          *Cache
	cacheDir, out  string
	botDir         string
	paths          []string
	icon           string
	label, varFile string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{cacheDir: filepath.Join(root, "cache"), out: filepath.Join(root, "out"), botDir: filepath.Join(root, "bot"), label: "payments"}
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"bot.xo.hcl", "stripe.xo.hcl"} {
		path := filepath.Join(f.botDir, name)
		write(path, "# "+name+"\n")
		f.paths = append(f.paths, path)
	}
	f.icon = filepath.Join(f.botDir, "icon.png")
	write(f.icon, "png bytes")
	f.varFile = filepath.Join(root, "prod.vars")
	write(f.varFile, `brand = "Acme"`)
	for _, name := range []string{"botDefinition.json", "config.json", "REVIEW.md"} {
		write(filepath.Join(f.out, f.label, name), "output of "+name)
	}
	c, err := Open(f.cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	f.cache = c
	return f
}

func (f *fixture) inputs() Inputs {
	return Inputs{
		Vars:     [][2]string{{"brand", "Acme"}},
		VarFiles: []string{f.varFile},
		Env:      map[string]string{"stripe_api_key": "sk_test_51CacheFixtureKey0001"},
	}
}

func (f *fixture) indexFor(t *testing.T, out string, in Inputs) *Index {
	t.Helper()
	ix, err := f.cache.Index(out, in)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func (f *fixture) index(t *testing.T) *Index { return f.indexFor(t, f.out, f.inputs()) }

// wrote is what the stat of each file of a bot's folder in the output
// folder says now: what a build that has just verified them would record.
func (f *fixture) wrote(t *testing.T, label string) []WrittenFile {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(f.out, label))
	if err != nil {
		t.Fatal(err)
	}
	out := []WrittenFile{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, writtenFile(info))
	}
	return out
}

// files reads the given configuration files.
func files(t *testing.T, paths ...string) []File {
	t.Helper()
	var out []File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{Path: p, Data: data})
	}
	return out
}

func (f *fixture) keyIn(t *testing.T, ix *Index, botDir string, paths ...string) Key {
	t.Helper()
	k, err := ix.Key(botDir, files(t, paths...))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// key is the fixture bot's key in a run with the inputs in.
func (f *fixture) key(t *testing.T, in Inputs) Key {
	t.Helper()
	return f.keyIn(t, f.indexFor(t, f.out, in), f.botDir, f.paths...)
}

// TestKeyCoversEveryInput changes each thing a bot's export depends on,
// one at a time, and wants a new key for each.
func TestKeyCoversEveryInput(t *testing.T) {
	f := newFixture(t)
	ix := f.index(t)
	base := f.key(t, f.inputs())
	if again := f.key(t, f.inputs()); again != base {
		t.Fatal("the same inputs gave another key")
	}
	changes := map[string]func(t *testing.T) Key{
		"a configuration file's bytes": func(t *testing.T) Key {
			old, _ := os.ReadFile(f.paths[0])
			defer os.WriteFile(f.paths[0], old, 0o644)
			os.WriteFile(f.paths[0], append(old, ' '), 0o644)
			return f.key(t, f.inputs())
		},
		"the configuration files": func(t *testing.T) Key {
			return f.keyIn(t, ix, f.botDir, f.paths[0])
		},
		"a --var value": func(t *testing.T) Key {
			in := f.inputs()
			in.Vars = [][2]string{{"brand", "Acme Corp"}}
			return f.key(t, in)
		},
		"a --var split differently": func(t *testing.T) Key {
			in := f.inputs()
			in.Vars = [][2]string{{"bran", "dAcme"}}
			return f.key(t, in)
		},
		"a --var-file's bytes": func(t *testing.T) Key {
			old, _ := os.ReadFile(f.varFile)
			defer os.WriteFile(f.varFile, old, 0o644)
			os.WriteFile(f.varFile, []byte(`brand = "Other"`), 0o644)
			return f.key(t, f.inputs())
		},
		"an XOC_VAR_ value": func(t *testing.T) Key {
			in := f.inputs()
			in.Env = map[string]string{"stripe_api_key": "sk_test_51CacheFixtureKey0002"}
			return f.key(t, in)
		},
		"a --var moved to XOC_VAR_": func(t *testing.T) Key {
			// The same fields in the same order, in other lists.
			one := f.key(t, Inputs{Vars: [][2]string{{"env", "x"}}})
			other := f.key(t, Inputs{Env: map[string]string{"x": "env"}})
			if one == other {
				t.Error("--var env=x and XOC_VAR_x=env gave the same key")
			}
			return one
		},
		"another XOC_VAR_ variable": func(t *testing.T) Key {
			in := f.inputs()
			in.Env = map[string]string{"stripe_api_key": "sk_test_51CacheFixtureKey0001", "brand": ""}
			return f.key(t, in)
		},
		"the bot directory": func(t *testing.T) Key {
			// The same directory, written differently, is the same.
			if f.keyIn(t, ix, f.botDir+"/.", f.paths...) != base {
				t.Error("the same bot directory, written differently, gave another key")
			}
			return f.keyIn(t, ix, filepath.Dir(f.botDir), f.paths...)
		},
		"the output folder": func(t *testing.T) Key {
			return f.keyIn(t, f.indexFor(t, f.out+"-other", f.inputs()), f.botDir, f.paths...)
		},
		"the program": func(t *testing.T) Key {
			saved := f.cache.program
			defer func() { f.cache.program = saved }()
			f.cache.program[0] ^= 1
			return f.key(t, f.inputs())
		},
	}
	for what, change := range changes {
		if change(t) == base {
			t.Errorf("changing %s kept the key", what)
		}
	}
	if f.key(t, f.inputs()) != base {
		t.Fatal("the fixture was not restored")
	}
}

// TestLookupChecksWhatTheBuildLeft: an entry is used only while the
// bot's folder holds exactly what its build wrote, and the files it read
// are unchanged.
func TestLookupChecksWhatTheBuildLeft(t *testing.T) {
	folder := func(f *fixture, name string) string { return filepath.Join(f.out, f.label, name) }
	for what, change := range map[string]func(t *testing.T, f *fixture){
		"nothing": func(*testing.T, *fixture) {},
		"a file edited, size and modification time kept": func(t *testing.T, f *fixture) {
			path := folder(f, "config.json")
			info, _ := os.Stat(path)
			old, _ := os.ReadFile(path)
			os.WriteFile(path, bytes.ToUpper(old), 0o644)
			os.Chtimes(path, info.ModTime(), info.ModTime())
		},
		"a file replaced": func(t *testing.T, f *fixture) {
			path := folder(f, "REVIEW.md")
			old, _ := os.ReadFile(path)
			os.Remove(path)
			os.WriteFile(path, old, 0o644)
		},
		"a file removed": func(t *testing.T, f *fixture) { os.Remove(folder(f, "REVIEW.md")) },
		"a file added":   func(t *testing.T, f *fixture) { os.WriteFile(folder(f, "notes.txt"), nil, 0o644) },
		"the folder removed": func(t *testing.T, f *fixture) {
			os.RemoveAll(filepath.Join(f.out, f.label))
		},
		"the icon changed": func(t *testing.T, f *fixture) { os.WriteFile(f.icon, []byte("other png"), 0o644) },
		"the icon removed": func(t *testing.T, f *fixture) { os.Remove(f.icon) },
	} {
		t.Run(what, func(t *testing.T) {
			f := newFixture(t)
			ix := f.index(t)
			key := f.key(t, f.inputs())
			if _, ok := ix.Lookup(key); ok {
				t.Fatal("an empty cache found an entry")
			}
			if err := ix.Put(key, f.label, []string{"stripe_api_key", "brand"}, []File{{Path: f.icon}}, f.wrote(t, f.label)); err != nil {
				t.Fatal(err)
			}
			if err := ix.Save(); err != nil {
				t.Fatal(err)
			}
			// Some file systems keep times to the second or coarser.
			time.Sleep(10 * time.Millisecond)
			change(t, f)
			e, ok := f.index(t).Lookup(key)
			if want := what == "nothing"; ok != want {
				t.Fatalf("found an entry: %t, want %t", ok, want)
			}
			if ok && (e.Label != f.label || strings.Join(e.Variables, ",") != "brand,stripe_api_key") {
				t.Errorf("entry %+v", e)
			}
		})
	}
}

// TestSaveKeepsOtherBots: a build of some bots of an output folder keeps
// the entries of the others, and drops the old entry of a bot it built
// anew.
func TestSaveKeepsOtherBots(t *testing.T) {
	f := newFixture(t)
	other := "billing"
	if err := os.MkdirAll(filepath.Join(f.out, other), 0o755); err != nil {
		t.Fatal(err)
	}
	ix := f.index(t)
	in := f.inputs()
	oldKey := f.key(t, in)
	otherKey := f.keyIn(t, ix, filepath.Dir(f.botDir))
	ix.Put(oldKey, f.label, nil, nil, f.wrote(t, f.label))
	ix.Put(otherKey, other, nil, nil, f.wrote(t, other))
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}

	in.Vars = nil
	ix = f.indexFor(t, f.out, in)
	newKey := f.key(t, in)
	ix.Put(newKey, f.label, nil, nil, f.wrote(t, f.label))
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}
	ix = f.index(t)
	for key, want := range map[Key]bool{newKey: true, otherKey: true, oldKey: false} {
		if _, ok := ix.Lookup(key); ok != want {
			t.Errorf("entry %s found: %t, want %t", key, ok, want)
		}
	}
}

func TestDamagedIndexIsEmpty(t *testing.T) {
	f := newFixture(t)
	ix := f.index(t)
	key := f.key(t, f.inputs())
	ix.Put(key, f.label, nil, nil, f.wrote(t, f.label))
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ix.path, []byte(`{"`+key.String()+`": {"label": 7`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.index(t).Lookup(key); ok {
		t.Error("a damaged index gave an entry")
	}
}

// TestCacheHoldsNoSecret: the values a key covers are never written into
// the cache folder, which only its owner may read.
func TestCacheHoldsNoSecret(t *testing.T) {
	f := newFixture(t)
	ix := f.index(t)
	in := f.inputs()
	key := f.key(t, in)
	ix.Put(key, f.label, []string{"stripe_api_key"}, []File{{Path: f.icon}}, f.wrote(t, f.label))
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}
	err := filepath.Walk(f.cacheDir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: others may read it", path, info.Mode().Perm())
		}
		if info.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{in.Env["stripe_api_key"], "Acme"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q", path, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTrim: indexes unused for a month go, others stay; the folder is
// looked at once a day.
func TestTrim(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	files := map[string]time.Duration{"old.json": 31 * 24 * time.Hour, "recent.json": 29 * 24 * time.Hour, ".tmp-left": 2 * time.Hour, ".tmp-saving": time.Minute}
	for name, age := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, now.Add(-age), now.Add(-age))
	}
	trim(dir, now)
	for name, wantKept := range map[string]bool{"old.json": false, "recent.json": true, ".tmp-left": false, ".tmp-saving": true, ".trimmed": true} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != wantKept {
			t.Errorf("%s kept: %t, want %t", name, err == nil, wantKept)
		}
	}
	// Within a day of the last look, nothing is removed.
	path := filepath.Join(dir, "recent.json")
	os.Chtimes(path, now.Add(-40*24*time.Hour), now.Add(-40*24*time.Hour))
	trim(dir, now.Add(time.Hour))
	if _, err := os.Stat(path); err != nil {
		t.Error("trimmed again within a day")
	}
	trim(dir, now.Add(25*time.Hour))
	if _, err := os.Stat(path); err == nil {
		t.Error("not trimmed after a day")
	}
}

// TestProgramIdentity: a program rebuilt or installed anew at the same
// path is another program, even with its old modification time.
func TestProgramIdentity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xoc")
	if err := os.WriteFile(path, []byte("program one"), 0o755); err != nil {
		t.Fatal(err)
	}
	identity := func() [32]byte {
		t.Helper()
		sum, err := fileIdentity(path)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := identity()
	if identity() != first {
		t.Fatal("the same file gave another identity")
	}
	info, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(path, []byte("program two"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(path, info.ModTime(), info.ModTime())
	if identity() == first {
		t.Error("a program written anew, same size and modification time, kept its identity")
	}
	if _, err := programDigest(); err != nil {
		t.Errorf("the running program: %v", err)
	}
}

// TestPutRecordsOnlyWhatWasVerified: an entry holds the files as the
// build verified them, not as the folder is when the entry is made; a
// file changed in between makes the entry useless. Without verified
// files, nothing is recorded.
func TestPutRecordsOnlyWhatWasVerified(t *testing.T) {
	for what, change := range map[string]func(path string) error{
		"edited in place": func(path string) error { return os.WriteFile(path, []byte("edited"), 0o644) },
		"replaced": func(path string) error {
			if err := os.WriteFile(path+".new", []byte("replaced"), 0o644); err != nil {
				return err
			}
			return os.Rename(path+".new", path)
		},
	} {
		t.Run(what, func(t *testing.T) {
			f := newFixture(t)
			ix := f.index(t)
			key := f.key(t, f.inputs())
			verified := f.wrote(t, f.label)
			if err := change(filepath.Join(f.out, f.label, "REVIEW.md")); err != nil {
				t.Fatal(err)
			}
			if err := ix.Put(key, f.label, nil, nil, verified); err != nil {
				t.Fatal(err)
			}
			if _, ok := ix.Lookup(key); ok {
				t.Error("an entry vouched for a file changed after the build verified it")
			}
		})
	}
	f := newFixture(t)
	ix := f.index(t)
	key := f.key(t, f.inputs())
	if err := ix.Put(key, f.label, nil, nil, nil); err == nil {
		t.Error("an entry was made without verified files")
	}
	ix.Save()
	if _, ok := f.index(t).Lookup(key); ok {
		t.Error("an entry without verified files was found")
	}
}
