package kore

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden compares the export of the sample bot with the committed
// files; run `go test ./compiler/kore -update` after an intended change and
// review the diff.
func TestGolden(t *testing.T) {
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "golden", sampleBot().Label)
	for _, f := range []File{{BotDefinitionFile, x.BotDefinition}, {ConfigFile, x.Config}} {
		path := filepath.Join(dir, f.Name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s differs from %s; run `go test ./compiler/kore -update` and review the diff\n%s",
				f.Name, path, firstDifference(f.Data, want))
		}
	}
}

// firstDifference shows the first line where got and want differ.
func firstDifference(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("line %d:\n  got:  %s\n  want: %s", i+1, gl, wl)
		}
	}
	return "(same lines)"
}
