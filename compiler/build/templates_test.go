package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeUserTemplateBot writes a bot under root/bot whose template_source
// names a template file in root/shared, outside the bot's directory, as
// bots sharing a folder of templates do.
func writeUserTemplateBot(t *testing.T, root string) (templateFile string) {
	t.Helper()
	tmpl, err := os.ReadFile(filepath.Join("..", "catalog", "testdata", "vip_customer.xotemplate.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	templateFile = filepath.Join(root, "shared", "vip_customer.xotemplate.hcl")
	bot := `bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "../shared/vip_customer.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
`
	for path, data := range map[string][]byte{templateFile: tmpl, filepath.Join(root, "bot", "bot.xo.hcl"): []byte(bot)} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return templateFile
}

// TestCacheSeesUserTemplateChanges: a bot is built again when its user
// template file changes, though no file of its directory did.
func TestCacheSeesUserTemplateChanges(t *testing.T) {
	root := t.TempDir()
	templateFile := writeUserTemplateBot(t, root)
	out, cacheDir := t.TempDir(), t.TempDir()
	build := func() *Result {
		t.Helper()
		res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{filepath.Join(root, "bot")}, OutDir: out,
			Environ: []string{EnvCache + "=" + cacheDir}})
		if err != nil || len(res.Diagnostics) > 0 {
			t.Fatalf("build: %v %s", err, res.Diagnostics)
		}
		return res
	}
	build()
	if res := build(); !res.Bots[0].Cached {
		t.Fatal("an unchanged bot was built again")
	}
	src, err := os.ReadFile(templateFile)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), `text = "VIP {{`, `text = "Welcome aboard: VIP {{`, 1)
	if edited == string(src) {
		t.Fatal("the fixture's message moved")
	}
	if err := os.WriteFile(templateFile, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := build(); res.Bots[0].Cached {
		t.Fatal("the bot was taken from the cache after its template file changed")
	}
	review, err := os.ReadFile(filepath.Join(out, "vip_desk", "REVIEW.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(review), "Welcome aboard") {
		t.Error("REVIEW.md does not show the edited template")
	}
	if res := build(); !res.Bots[0].Cached {
		t.Error("the rebuilt bot is not remembered")
	}
}
