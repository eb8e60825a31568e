package config

import (
	"path/filepath"
	"testing"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// BenchmarkLoad loads the example bots and a few generated distinct ones
// (every bot of a distinct workspace customises each template it installs,
// so each attribute is evaluated, checked and validated):
//
//	go test ./compiler/config/ -run XXX -bench Load -benchmem -count 5
func BenchmarkLoad(b *testing.B) {
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "*"))
	if err != nil || len(examples) == 0 {
		b.Fatalf("no examples: %v", err)
	}
	ws := b.TempDir()
	// Six bots are every combination of the generator's two authorization
	// modes and three syntaxes in turn (see benchws.DistinctFiles).
	const distinct = 6
	if err := benchws.GenerateDistinct(ws, distinct); err != nil {
		b.Fatal(err)
	}
	var bots []string
	for i := range distinct {
		bots = append(bots, filepath.Join(ws, benchws.BotDir(i)))
	}
	for _, c := range []struct {
		name string
		dirs []string
	}{{"examples", examples}, {"distinct", bots}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, dir := range c.dirs {
					if _, _, diags := Load(dir, Inputs{}); diags.HasErrors() {
						b.Fatalf("%s: %v", dir, diags)
					}
				}
			}
		})
	}
}
