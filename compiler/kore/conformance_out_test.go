package kore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xoc-dev/xoc/compiler/kore/internal/shapes"
)

// TestCommittedExportsConform holds the exports of the examples, built
// from the real template catalog and committed under out/, to the shapes
// of the real platform exports, like TestConformance does for the sample
// bot.
func TestCommittedExportsConform(t *testing.T) {
	ref, err := shapes.Load(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "out", "*"))
	checked := 0
	for _, dir := range dirs {
		for _, name := range []string{BotDefinitionFile, ConfigFile} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				continue
			}
			checked++
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) { checkConforms(t, ref, name, data) })
		}
	}
	if checked < 4 {
		t.Fatalf("found %d export files under out/; want the examples' exports", checked)
	}
}
