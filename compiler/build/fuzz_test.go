package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/review"
)

// FuzzParseToExport runs the whole compiler on arbitrary input: whatever
// the file says, nothing panics, and a configuration that validates always
// yields an export that passes xoc's own check of it (a failure there
// would be a bug in xoc, reported to the user as one).
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
		// One memory across inputs, as one build has across bots: it
		// copies the dialog tasks earlier inputs had in common with this
		// one, and must give what encoding this bot alone gives.
		files, c, diags := compile(cfg, lower.Options{}, fuzzMemory)
		for _, d := range diags {
			if d.Summary == "Internal error in xoc" {
				t.Fatalf("a valid configuration gave an inconsistent export: %s\n%s", d.Detail, src)
			}
		}
		if diags.HasErrors() {
			return
		}
		bot, _ := lower.Lower(cfg, lower.Options{})
		want, err := kore.Encode(bot)
		if err != nil {
			t.Fatalf("kore.Encode failed where the shared Encoder did not: %v", err)
		}
		for i, f := range want.Files() {
			if !bytes.Equal(files[i].Data, f.Data) {
				t.Fatalf("%s differs from kore.Encode's\n%s", f.Name, src)
			}
		}
		if page := review.Render(bot); !bytes.Equal(files[len(files)-1].Data, page) {
			t.Fatalf("REVIEW.md differs from review.Render's\n%s", src)
		}
		// As a build does: the next input is written into this one's
		// memory.
		fuzzMemory.recycle(c)
	})
}

var fuzzMemory = newMemory()
