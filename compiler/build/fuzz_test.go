package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/internal/exportcheck"
	"github.com/xoc-dev/xoc/compiler/kore"
)

// FuzzParseToExport runs the whole compiler on arbitrary input: whatever
// the file says, nothing panics, and a configuration that validates always
// yields an export that passes xoc's own checks (a failure there would be
// a bug in xoc, reported to the user as one) and the test-only oracle,
// which checks the bytes written.
func FuzzParseToExport(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.xo.hcl"))
	var whole strings.Builder
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
		whole.Write(data)
		whole.WriteString("\n")
	}
	f.Add(whole.String())
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"stripe_api_key": "sk_test_4eC39HqLyjWDarjtT1zdp7dc"}
		cfg, _, diags := config.Load(dir, config.Inputs{Env: env})
		if diags.HasErrors() {
			return
		}
		files, diags := compile(cfg, false)
		for _, d := range diags {
			if d.Summary == "Internal error in xoc" {
				t.Fatalf("a valid configuration gave an inconsistent export: %s\n%s", d.Detail, src)
			}
		}
		if diags.HasErrors() {
			return
		}
		// The writer's own checks passed; the oracle reads the bytes.
		byName := map[string][]byte{}
		for _, f := range files {
			byName[f.Name] = f.Data
		}
		if err := exportcheck.Check(byName[kore.BotDefinitionFile], byName[kore.ConfigFile]); err != nil {
			t.Fatalf("the export passed xoc's checks but not the oracle's: %v\n%s", err, src)
		}
	})
}
