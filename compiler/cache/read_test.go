package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPutRecordsTheBytesBuilt: a file read is recorded by the bytes the
// build used, so that a file changed between the build's read and its
// record (a user template edited while the bot compiled) is a miss next
// time, not taken for what was built.
func TestPutRecordsTheBytesBuilt(t *testing.T) {
	f := newFixture(t)
	template := filepath.Join(t.TempDir(), "vip.xotemplate.hcl")
	built := []byte(`template "vip" { title = "as built" }`)
	if err := os.WriteFile(template, []byte(`template "vip" { title = "edited since" }`), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := f.index(t)
	key := f.key(t, f.inputs())
	if err := ix.Put(key, f.label, nil, []File{{Path: template, Data: built}}, f.wrote(t, f.label)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.index(t).Lookup(key); ok {
		t.Fatal("an entry vouches for a template file that is not what was built")
	}
	if err := os.WriteFile(template, built, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.index(t).Lookup(key); !ok {
		t.Fatal("the file as built is not found")
	}
}
