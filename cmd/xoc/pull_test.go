package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/internal/koretest"
)

// deployed deploys the payments example as a new bot and returns its id.
func (p *platformEnv) deployed(t *testing.T) string {
	t.Helper()
	code, stdout, stderr := p.xoc(t, nil, "deploy", paymentsExample)
	m := botIDLine.FindStringSubmatch(stdout)
	if code != exitOK || m == nil {
		t.Fatalf("deploy: exit %d\n%s", code, stderr)
	}
	return m[1]
}

func TestPull(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.deployed(t)
	out := filepath.Join(t.TempDir(), "live")
	code, stdout, stderr := p.xoc(t, nil, "pull", "-v", "--bot-id", botID, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// -v names the download, without the link's signature.
	if !strings.Contains(stderr, "GET "+p.srv.URL+"/downloads/") {
		t.Errorf("-v should log the download:\n%s", stderr)
	}
	if stdout != out+": wrote botDefinition.json, config.json, icon.png\n" {
		t.Errorf("stdout: %q", stdout)
	}
	var def struct {
		EncryptedHash string `json:"encryptedHash"`
		Dialogs       []any  `json:"dialogs"`
	}
	data, err := os.ReadFile(filepath.Join(out, "botDefinition.json"))
	if err != nil || json.Unmarshal(data, &def) != nil || def.EncryptedHash == "" || len(def.Dialogs) != 5 {
		t.Errorf("botDefinition.json is not the platform's export: %v", err)
	}
	p.checkFilesHaveNoSecrets(t, out)
	reqs := p.srv.Requests()
	last := reqs[len(reqs)-1]
	if !strings.HasPrefix(last.Path, "/downloads/") {
		t.Errorf("the last request should be the download:\n%s", requestLines(reqs))
	}
}

// A zip with entries that climb out of --out is refused whole: nothing is
// written, not even the export's own files.
func TestPullRefusesEscapingZip(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.deployed(t)
	p.srv.ServeEscapingZip()
	root := t.TempDir()
	out := filepath.Join(root, "a", "live")
	code, stdout, stderr := p.xoc(t, nil, "pull", "--bot-id", botID, "--out", out)
	if code != exitConfig {
		t.Fatalf("exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	if !strings.Contains(stderr, `unsafe export zip: the entry "../escaped.txt" points outside the export's folder`) || stdout != "" {
		t.Errorf("stderr should name the entry:\n%s%s", stdout, stderr)
	}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if path != root {
			t.Errorf("pull wrote %s", path)
		}
		return err
	})
	for _, name := range koretest.EscapingEntries {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
}

func TestPullUsageAndErrors(t *testing.T) {
	p := newPlatformEnv(t)
	for _, args := range [][]string{{"pull"}, {"pull", "--bot-id", "../etc"}, {"pull", "--bot-id", "st-1", "extra"}} {
		if code, _, stderr := p.xoc(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, stderr)
		}
	}
	code, _, stderr := p.xoc(t, nil, "pull", "--bot-id", "st-00000000-0000-4000-8000-00000000dead", "--out", t.TempDir())
	if code != exitConfig || !strings.Contains(stderr, "Bot not found") {
		t.Errorf("a missing bot: exit %d\n%s", code, stderr)
	}
	p.srv.Fail(5, 503)
	code, _, stderr = p.xoc(t, nil, "pull", "--bot-id", "st-1", "--out", t.TempDir())
	if code != exitUnreachable {
		t.Errorf("5xx: exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
}
