package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// runFloor does the work no compiler of this workspace can avoid, with
// the same parallelism as a build: read and parse every bot's input
// files, and write, per bot, files of the sizes a build writes, encoded
// by encoding/json. What it leaves out (evaluation, validation, lowering,
// building the JSON tree, the self-check, the review page, comparing with
// the old output) is what x-floor puts a price on.
func runFloor(b *testing.B, ws *workspace, out string) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		b.Fatal(err)
	}
	parallel(len(ws.dirs), func(k int) {
		if parseBot(b, ws.dirs[k]) == nil {
			return
		}
		dir := filepath.Join(out, filepath.Base(ws.dirs[k]))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Error(err)
			return
		}
		for f, size := range ws.outSizes[k] {
			if err := writeJSONOfSize(filepath.Join(dir, fmt.Sprintf("file%d.json", f)), size); err != nil {
				b.Error(err)
			}
		}
	})
}

func parseFiles(b *testing.B, paths []string) map[string]*hcl.File {
	p := hclparse.NewParser()
	for _, path := range paths {
		var diags hcl.Diagnostics
		if strings.HasSuffix(path, ".json") {
			_, diags = p.ParseJSONFile(path)
		} else {
			_, diags = p.ParseHCLFile(path)
		}
		if diags.HasErrors() {
			b.Error(diags)
			return nil
		}
	}
	return p.Files()
}

// floorLine is one string of the floor's output: about as long as a line
// of an export.
const floorLine = "the floor writes as many bytes as a build, line after line"

// writeJSONOfSize writes a JSON array of strings of exactly size bytes
// (or a few more, for sizes too small to hold one), the cheapest way
// encoding/json has: compact, no indent.
func writeJSONOfSize(path string, size int) error {
	// `["…","…",…]` and a newline: a string of the array is
	// len(floorLine)+3 bytes with its comma, less one comma, plus "[]\n".
	line := len(floorLine) + 3
	k := max((size-2)/line, 1)
	items := make([]string, k)
	for i := range items {
		items[i] = floorLine
	}
	// Pad the last item so that the total comes out exact.
	if pad := size - (2 + k*line); pad > 0 {
		items[k-1] += strings.Repeat("x", pad)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// The encoder writes the file in one call.
	if err := json.NewEncoder(f).Encode(items); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func TestFloorWritesExactSizes(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{64, 65, 404, 1000, 136492} {
		path := filepath.Join(dir, "f.json")
		if err := writeJSONOfSize(path, size); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() != int64(size) {
			t.Errorf("wrote %d bytes, want %d", fi.Size(), size)
		}
	}
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
