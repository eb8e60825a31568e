package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildDocument is the --format json document with build's fields.
type buildDocument struct {
	FormatVersion string `json:"format_version"`
	Valid         bool   `json:"valid"`
	ErrorCount    int    `json:"error_count"`
	WarningCount  int    `json:"warning_count"`
	Diagnostics   []struct {
		Severity string          `json:"severity"`
		Summary  string          `json:"summary"`
		Detail   string          `json:"detail"`
		Range    json.RawMessage `json:"range"`
	} `json:"diagnostics"`
	Bots []struct {
		Label   string   `json:"label"`
		Folder  string   `json:"folder"`
		Changed []string `json:"changed"`
	} `json:"bots"`
	Run *struct {
		Dialog    string   `json:"dialog"`
		Succeeded bool     `json:"succeeded"`
		Ended     bool     `json:"ended"`
		Messages  []string `json:"messages"`
		Calls     []struct {
			Node   string `json:"node"`
			Method string `json:"method"`
			URL    string `json:"url"`
			Status int    `json:"status"`
			Error  string `json:"error"`
		} `json:"calls"`
		Problems []string `json:"problems"`
		Error    string   `json:"error"`
	} `json:"run"`
	UpToDate    *bool `json:"up_to_date"`
	Differences *[]struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	} `json:"differences"`
}

// oneDocument parses stdout as exactly one JSON document, and nothing
// else: no line of text before or after it.
func oneDocument(t *testing.T, stdout string) buildDocument {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var doc buildDocument
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not a JSON document: %v\n%s", err, stdout)
	}
	rest, _ := io.ReadAll(dec.Buffered())
	if len(bytes.TrimSpace(rest)) != 0 || dec.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%s", stdout)
	}
	if doc.FormatVersion != "1.0" || doc.Diagnostics == nil {
		t.Fatalf("not the documented document:\n%s", stdout)
	}
	return doc
}

// allAnnotations checks that every line on stdout is a workflow command.
func allAnnotations(t *testing.T, stdout string) []string {
	t.Helper()
	var lines []string
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line == "" && stdout == "" {
			break
		}
		if !strings.HasPrefix(line, "::error ") && !strings.HasPrefix(line, "::warning ") {
			t.Errorf("a line of stdout is no annotation: %q\nstdout:\n%s", line, stdout)
		}
		lines = append(lines, line)
	}
	return lines
}

// TestMachineOutput: with --format json stdout is exactly one document in
// every mode, success and failure, and holds what the command found; with
// --format github every line of stdout is an annotation.
func TestMachineOutput(t *testing.T) {
	example := examples + "/stripe-pre-authorized"
	broken := fixtureDir(t, "mode_typo.xo.hcl")
	environ := []string{"XOC_CACHE=off", "XOC_VAR_stripe_api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc"}
	notAFolder := filepath.Join(t.TempDir(), "file")
	writeFile(t, notAFolder, "x")

	// fresh is an output folder as a build writes it; stale the same with
	// one file changed, one removed and one added.
	fresh, stale := t.TempDir(), t.TempDir()
	for _, out := range []string{fresh, stale} {
		if code, _, stderr := xoc(t, environ, "build", "--out", out, example); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
	}
	bot := filepath.Join(stale, "payments_assistant")
	writeFile(t, filepath.Join(bot, "config.json"), "{}")
	if err := os.Remove(filepath.Join(bot, "REVIEW.md")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(bot, "notes.txt"), "mine")

	tests := []struct {
		name     string
		args     []string
		wantCode int
		check    func(t *testing.T, doc buildDocument)
	}{
		{"validate, valid", []string{"validate", example}, 0, func(t *testing.T, doc buildDocument) {
			if !doc.Valid || doc.Bots != nil || doc.Differences != nil {
				t.Errorf("%+v", doc)
			}
		}},
		{"validate, invalid", []string{"validate", broken}, 1, func(t *testing.T, doc buildDocument) {
			if doc.Valid || doc.ErrorCount != 1 {
				t.Errorf("%+v", doc)
			}
		}},
		{"build", []string{"build", "--out", t.TempDir(), example}, 0, func(t *testing.T, doc buildDocument) {
			if !doc.Valid || len(doc.Bots) != 1 || doc.Bots[0].Label != "payments_assistant" || len(doc.Bots[0].Changed) != 4 || doc.Differences != nil {
				t.Errorf("want the bot and its four files: %+v", doc)
			}
		}},
		{"build, unchanged", []string{"build", "--out", fresh, example}, 0, func(t *testing.T, doc buildDocument) {
			if len(doc.Bots) != 1 || doc.Bots[0].Changed == nil || len(doc.Bots[0].Changed) != 0 {
				t.Errorf("want the bot with nothing changed: %+v", doc)
			}
		}},
		{"build, invalid", []string{"build", "--out", t.TempDir(), broken}, 1, func(t *testing.T, doc buildDocument) {
			if doc.Valid || doc.Bots != nil {
				t.Errorf("%+v", doc)
			}
		}},
		{"build, output folder fails", []string{"build", "--out", filepath.Join(notAFolder, "out"), example}, 1, func(t *testing.T, doc buildDocument) {
			if doc.Valid || doc.ErrorCount != 1 || doc.Diagnostics[0].Summary != "Cannot write the output folder" {
				t.Errorf("want the failure as a diagnostic: %+v", doc)
			}
		}},
		{"build --check, up to date", []string{"build", "--check", "--out", fresh, example}, 0, func(t *testing.T, doc buildDocument) {
			if !doc.Valid || doc.UpToDate == nil || !*doc.UpToDate || doc.Differences == nil || len(*doc.Differences) != 0 {
				t.Errorf("want up to date, no differences: %+v", doc)
			}
		}},
		{"build --check, differences", []string{"build", "--check", "--out", stale, example}, 1, func(t *testing.T, doc buildDocument) {
			if doc.UpToDate == nil || *doc.UpToDate || doc.Differences == nil {
				t.Fatalf("want the differences: %+v", doc)
			}
			var got []string
			for _, d := range *doc.Differences {
				got = append(got, d.Kind+" "+filepath.Base(d.Name))
			}
			if want := "missing REVIEW.md,changed config.json,extra notes.txt"; strings.Join(got, ",") != want {
				t.Errorf("differences %q, want %s", got, want)
			}
		}},
		{"build --check, invalid", []string{"build", "--check", "--out", fresh, broken}, 1, func(t *testing.T, doc buildDocument) {
			if doc.Valid || doc.Differences != nil {
				t.Errorf("%+v", doc)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+", json", func(t *testing.T) {
			args := append([]string{tt.args[0], "--format", "json"}, tt.args[1:]...)
			code, stdout, stderr := xoc(t, environ, args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tt.wantCode, stderr)
			}
			tt.check(t, oneDocument(t, stdout))
		})
		t.Run(tt.name+", github", func(t *testing.T) {
			args := append([]string{tt.args[0], "--format", "github"}, tt.args[1:]...)
			code, stdout, stderr := xoc(t, environ, args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tt.wantCode, stderr)
			}
			lines := allAnnotations(t, stdout)
			if tt.wantCode != 0 && len(lines) == 0 {
				t.Errorf("a failure without an annotation\nstderr:\n%s", stderr)
			}
			if strings.Contains(tt.name, "differences") {
				if len(lines) != 3 || !strings.Contains(stdout, "::error file="+filepath.Join(bot, "config.json")+",title=Output out of date::") {
					t.Errorf("want an annotation per difference:\n%s", stdout)
				}
			}
		})
	}
}
