package kore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xoc-dev/xoc/compiler/internal/exportcheck"
	"github.com/xoc-dev/xoc/compiler/kore"
)

// TestCommittedExportsPassTheOracle reads every export xoc has committed,
// the examples' under out/ and the golden ones, and checks their bytes
// with the test-only oracle: what the writer's own checks let through
// must hold together as JSON the platform reads.
func TestCommittedExportsPassTheOracle(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"../../out/*", "testdata/golden/*"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if _, err := os.Stat(filepath.Join(m, kore.BotDefinitionFile)); err == nil {
				dirs = append(dirs, m)
			}
		}
	}
	if len(dirs) < 3 {
		t.Fatalf("found %d exports, want the examples' and the golden ones: %v", len(dirs), dirs)
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			def, err := os.ReadFile(filepath.Join(dir, kore.BotDefinitionFile))
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := os.ReadFile(filepath.Join(dir, kore.ConfigFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := exportcheck.Check(def, cfg); err != nil {
				t.Error(err)
			}
		})
	}
}
