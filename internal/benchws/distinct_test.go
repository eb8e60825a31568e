package benchws

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDistinctWorkspace builds a workspace of distinct bots with the xoc
// binary, expects not a single diagnostic, and checks in the exports that
// no two bots share a dialog name, an utterance or an entity's prompt.
func TestDistinctWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the xoc binary")
	}
	const n = 12 // every combination of mode, syntax and currency source
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "xoc")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/xoc-dev/xoc/cmd/xoc").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ws, out := filepath.Join(tmp, "ws"), filepath.Join(tmp, "out")
	if err := GenerateDistinct(ws, n); err != nil {
		t.Fatal(err)
	}
	var jsonFiles, userAuthorized int
	for i := range n {
		files := DistinctFiles(i)
		if _, ok := files["stripe.xo.json"]; ok {
			jsonFiles++
		}
		if bytes.Contains(files["stripe.xo.hcl"], []byte(`"user_authorized"`)) || bytes.Contains(files["stripe.xo.json"], []byte(`"user_authorized"`)) {
			userAuthorized++
		}
	}
	if jsonFiles == 0 || jsonFiles == n || userAuthorized == 0 || userAuthorized == n {
		t.Errorf("%d bots of %d in *.xo.json, %d user_authorized: want a mix of both", jsonFiles, n, userAuthorized)
	}

	cmd := exec.Command(bin, "build", "--out", out, filepath.Join(ws, "..."))
	cmd.Env = append(os.Environ(), "XOC_CACHE=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("xoc build: %v\n%s", err, stderr.Bytes())
	}

	// owner is, for each text of an export, the first bot it was seen in.
	owner := map[string]int{}
	seen := func(i int, kind, text string) {
		key := kind + "\x00" + text
		if j, ok := owner[key]; ok && j != i {
			t.Errorf("bots %d and %d share the %s %q", j, i, kind, text)
		}
		owner[key] = i
	}
	for i := range n {
		data, err := os.ReadFile(filepath.Join(out, Label(i), "botDefinition.json"))
		if err != nil {
			t.Fatal(err)
		}
		var def botDefinition
		if err := json.Unmarshal(data, &def); err != nil {
			t.Fatal(err)
		}
		if len(def.Dialogs) != 5 {
			t.Errorf("bot %d has %d dialogs, want 5", i, len(def.Dialogs))
		}
		for _, d := range def.Dialogs {
			seen(i, "dialog name", d.LName)
			if !strings.Contains(d.LName, strings.ToLower(Company(i))) {
				t.Errorf("bot %d: dialog %q does not name %s", i, d.LName, Company(i))
			}
		}
		var utterances int
		for _, s := range def.Sentences {
			if s.Type == "DialogIntent" {
				utterances++
				seen(i, "utterance", s.Sentence)
			}
		}
		if utterances < 5*5 {
			t.Errorf("bot %d has %d utterances, want at least 5 per dialog", i, utterances)
		}
		var prompts int
		for _, c := range def.DialogComponents {
			if c.Type != "entity" {
				continue
			}
			for _, m := range append(c.Message, c.ErrorMessage...) {
				for _, l := range m.LocaleData {
					prompts++
					seen(i, "prompt", l.Text)
				}
			}
		}
		// Every entity of the templates (3 + 7 + 3) has both prompts.
		if prompts != 2*13 {
			t.Errorf("bot %d has %d entity prompts, want %d", i, prompts, 2*13)
		}
	}
}

// botDefinition is what TestDistinctWorkspace reads of an export.
type botDefinition struct {
	Dialogs []struct {
		LName string `json:"lname"`
	} `json:"dialogs"`
	Sentences []struct {
		Type     string `json:"type"`
		Sentence string `json:"sentence"`
	} `json:"sentences"`
	DialogComponents []struct {
		Type         string    `json:"type"`
		Message      []message `json:"message"`
		ErrorMessage []message `json:"errorMessage"`
	} `json:"dialogComponents"`
}

type message struct {
	LocaleData map[string]struct {
		Text string `json:"text"`
	} `json:"localeData"`
}

// TestCompanyIsUnique checks the company names of more bots than a
// three-syllable word can tell apart.
func TestCompanyIsUnique(t *testing.T) {
	const n = 400_000
	seen := make(map[string]int, n)
	for i := range n {
		w := companyWord(i)
		if j, ok := seen[w]; ok {
			t.Fatalf("bots %d and %d are both %q", j, i, w)
		}
		seen[w] = i
	}
}
