package files

import (
	"path/filepath"
	"slices"
	"testing"
)

// xoc fmt DIR formats user template files too, but not their hidden
// copies or editors' backups; xoc build DIR/... takes no folder of them
// for a bot.
func TestTemplateFilesAreFormattedNotBots(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"bot/bot.xo.hcl":                        "",
		"bot/templates/refund.xotemplate.hcl":   "",
		"bot/templates/refund.xotemplate.json":  "{}",
		"bot/templates/.refund.xotemplate.hcl":  "",
		"bot/templates/refund.xotemplate.hcl~":  "",
		"bot/templates/#refund.xotemplate.hcl#": "",
		"shared/vip.xotemplate.hcl":             "",
	})
	got, err := FormatTargets([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(dir, "bot", "bot.xo.hcl"),
		filepath.Join(dir, "bot", "templates", "refund.xotemplate.hcl"),
		filepath.Join(dir, "shared", "vip.xotemplate.hcl"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("FormatTargets = %v, want %v", got, want)
	}
	bots, err := BotDirs([]string{filepath.Join(dir, "...")})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(bots, []string{filepath.Join(dir, "bot")}) {
		t.Errorf("BotDirs = %v, want only the bot", bots)
	}
}
