package main

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
)

func TestDiffAfterDeployIsEqual(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.deployed(t)
	code, stdout, stderr := p.xoc(t, nil, "diff", paymentsExample, "--bot-id", botID)
	if code != exitOK {
		t.Fatalf("exit %d: a deployed bot is what it was built from\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if stdout != "" || !strings.Contains(stderr, "The live bot "+botID+" is what "+paymentsExample+" builds.") {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}
}

// entityPrompt returns the first prompt of the entity component name.
func entityPrompt(def map[string]any, name string) map[string]any {
	for _, c := range def["dialogComponents"].([]any) {
		if c := c.(map[string]any); c["name"] == name {
			return c["message"].([]any)[0].(map[string]any)["localeData"].(map[string]any)["en"].(map[string]any)
		}
	}
	return nil
}

// An edit in the platform's builder is reported, and nothing else.
func TestDiffReportsAnEditInThePlatform(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.deployed(t)
	p.srv.EditBot(botID, func(def, cfg map[string]any) {
		entityPrompt(def, "dueDate")["text"] = "By%20when%3F"
	})
	code, stdout, stderr := p.xoc(t, nil, "diff", paymentsExample, "--bot-id", botID)
	if code != exitConfig {
		t.Fatalf("exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	want := "--- live " + botID + "\n+++ build " + paymentsExample + "\n" +
		`~ dialog "Bill a customer" › node "dueDate" (entity) › prompt` + "\n" +
		"    - By when?\n" +
		"    + When should the invoice be paid?\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "1 difference.") {
		t.Errorf("stderr: %s", stderr)
	}

	code, stdout, _ = p.xoc(t, nil, "diff", paymentsExample, "--bot-id", botID, "--format", "json")
	var doc struct {
		FormatVersion string `json:"format_version"`
		Equal         bool
		Changes       []map[string]any
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != exitConfig {
		t.Fatalf("exit %d, %v\n%s", code, err, stdout)
	}
	if doc.FormatVersion != "1.0" || doc.Equal || len(doc.Changes) != 1 {
		t.Fatalf("want one change:\n%s", stdout)
	}
	c := doc.Changes[0]
	if c["op"] != "changed" || c["node"] != "dueDate" || c["field"] != "prompt" || c["live"] != "By when?" || c["built"] != "When should the invoice be paid?" {
		t.Errorf("the change: %v", c)
	}
}

// diff also compares an export folder, as deploy --from sends it.
func TestDiffExportFolder(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.deployed(t)
	out := t.TempDir()
	if code, _, stderr := p.xoc(t, nil, "build", "--out", out, paymentsExample); code != exitOK {
		t.Fatalf("build: %s", stderr)
	}
	if code, _, stderr := p.xoc(t, nil, "diff", out+"/payments_assistant", "--bot-id", botID); code != exitOK {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestDiffUnreachable(t *testing.T) {
	p := newPlatformEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, _, stderr := p.xoc(t, []string{"XOC_KORE_HOST=http://" + addr}, "diff", paymentsExample, "--bot-id", "st-1")
	if code != exitUnreachable {
		t.Errorf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if code, _, _ := p.xoc(t, nil, "diff", paymentsExample); code != exitUsage {
		t.Errorf("no --bot-id: exit %d, want %d", code, exitUsage)
	}
}
