package docgen

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// These tests hold the README's hand-written recipes to the facts they
// depend on, since a user copies them as they are.

func readREADME(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(readme)
}

// ciRecipe returns the GitHub Actions workflow of the README's "In CI"
// section.
func ciRecipe(t *testing.T) string {
	t.Helper()
	_, section, ok := strings.Cut(readREADME(t), "\n## In CI\n")
	if !ok {
		t.Fatal(`README.md has no "In CI" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, recipe, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal(`the "In CI" section has no yaml block`)
	}
	recipe, _, _ = strings.Cut(recipe, "```")
	return recipe
}

// envRef finds the variables an expression reads from the env context.
var envRef = regexp.MustCompile(`\benv\.([A-Za-z_][A-Za-z0-9_]*)|\benv\[\s*'([^']+)'\s*\]`)

// TestCIRecipeConditionsSeeTheirVariables: GitHub evaluates a step's if:
// before it sets the step's env, so a condition on a variable that only
// the step's own env sets is always false (or always true, negated), and
// the step is skipped, or run, silently. The secrets context is not
// available to a step's if: at all.
func TestCIRecipeConditionsSeeTheirVariables(t *testing.T) {
	wf, err := parseYAML(ciRecipe(t))
	if err != nil {
		t.Fatal(err)
	}
	workflowEnv := mapAt(wf, "env")
	jobs := mapAt(wf, "jobs")
	if len(jobs) == 0 {
		t.Fatal("the recipe has no jobs")
	}
	checked := 0
	for jobName, j := range jobs {
		job, _ := j.(map[string]any)
		jobEnv := mapAt(job, "env")
		steps, _ := job["steps"].([]any)
		if len(steps) == 0 {
			t.Errorf("job %s has no steps", jobName)
		}
		for i, s := range steps {
			step, _ := s.(map[string]any)
			cond, _ := step["if"].(string)
			run, _ := step["run"].(string)
			if strings.Contains(run, "--check-credentials") && cond == "" {
				t.Errorf("job %s, step %d runs --check-credentials with no if:, so it fails where the secret is missing (pull requests from forks)", jobName, i+1)
			}
			if cond == "" {
				continue
			}
			checked++
			if strings.Contains(cond, "secrets.") {
				t.Errorf("job %s, step %d: if: %s reads secrets, which a step's if: cannot", jobName, i+1, cond)
			}
			for _, m := range envRef.FindAllStringSubmatch(cond, -1) {
				name := m[1] + m[2]
				_, inJob := jobEnv[name]
				_, inWorkflow := workflowEnv[name]
				if inJob || inWorkflow {
					continue
				}
				if _, own := mapAt(step, "env")[name]; own {
					t.Errorf("job %s, step %d: if: %s reads env.%s, which only the step's own env sets; the condition cannot see it", jobName, i+1, cond, name)
				} else {
					t.Errorf("job %s, step %d: if: %s reads env.%s, which no env of the workflow or the job sets", jobName, i+1, cond, name)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no step of the recipe has an if: to check")
	}
}

// xocPin is the version of xoc the CI recipe installs.
func xocPin(t *testing.T) string {
	t.Helper()
	install := regexp.MustCompile(`go install github\.com/xoc-dev/xoc/cmd/xoc@(\S+)`).FindAllStringSubmatch(ciRecipe(t), -1)
	if len(install) != 1 {
		t.Fatalf("the recipe installs xoc %d times, want once", len(install))
	}
	return install[0][1]
}

// TestCIRecipePinsXoc: a workflow that installs xoc@latest changes
// behaviour under a repository that did not change.
func TestCIRecipePinsXoc(t *testing.T) {
	version := xocPin(t)
	semver := regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
	commit := regexp.MustCompile(`^[0-9a-f]{40}$`)
	switch {
	case semver.MatchString(version):
	case commit.MatchString(version):
		// The commit must be one of this repository's, when its history
		// is here to tell.
		if out, err := exec.Command("git", "rev-parse", "--is-shallow-repository").Output(); err != nil || strings.TrimSpace(string(out)) != "false" {
			t.Logf("no full git history here: not checking that %s is a commit of xoc", version)
			return
		}
		if err := exec.Command("git", "merge-base", "--is-ancestor", version, "HEAD").Run(); err != nil {
			t.Errorf("the recipe pins xoc at %s, which is not a commit of this repository's history: %v", version, err)
		}
	default:
		t.Errorf("the recipe installs xoc@%s: pin a release (vX.Y.Z) or a full commit hash", version)
	}
}

// TestStripeMockVersionIsThePinned: the README tells users to run the
// stripe-mock that xoc's own tests run, as tools/go.mod pins it.
func TestStripeMockVersionIsThePinned(t *testing.T) {
	mod, err := os.ReadFile("../../tools/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/stripe/stripe-mock (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("tools/go.mod does not pin github.com/stripe/stripe-mock")
	}
	pinned := string(m[1])
	readme := readREADME(t)
	for _, form := range []struct{ what, pattern string }{
		{"go install", `github\.com/stripe/stripe-mock@(\S+)`},
		{"container image", `stripe/stripe-mock:(\S+)`},
	} {
		uses := regexp.MustCompile(form.pattern).FindAllStringSubmatch(readme, -1)
		if len(uses) == 0 {
			t.Errorf("README.md does not say how to get stripe-mock by %s", form.what)
		}
		for _, u := range uses {
			if got := strings.TrimRight(u[1], "`.,;)"); got != pinned {
				t.Errorf("README.md's %s of stripe-mock names %s; tools/go.mod pins %s", form.what, got, pinned)
			}
		}
	}
}

// TestEditorSchemaSnippet: the README's VS Code settings are valid JSON
// and point *.xo.json files at the per-file schema of the xoc that the CI
// recipe pins.
func TestEditorSchemaSnippet(t *testing.T) {
	_, snippet, ok := strings.Cut(readREADME(t), "```json\n{\n  \"json.schemas\"")
	if !ok {
		t.Fatal("README.md has no VS Code json.schemas snippet")
	}
	snippet, _, _ = strings.Cut(snippet, "```")
	var settings struct {
		Schemas []struct {
			FileMatch []string `json:"fileMatch"`
			URL       string   `json:"url"`
		} `json:"json.schemas"`
	}
	if err := json.Unmarshal([]byte(`{"json.schemas"`+snippet), &settings); err != nil {
		t.Fatalf("the snippet is not JSON: %v", err)
	}
	if len(settings.Schemas) != 1 || !slices.Equal(settings.Schemas[0].FileMatch, []string{"*.xo.json"}) {
		t.Fatalf("the snippet maps %+v; want *.xo.json to one schema", settings.Schemas)
	}
	want := "https://raw.githubusercontent.com/xoc-dev/xoc/" + xocPin(t) + "/schema/file.schema.json"
	if got := settings.Schemas[0].URL; got != want {
		t.Errorf("the snippet's schema is %s; want %s, the file schema of the xoc the CI recipe pins", got, want)
	}
	if _, err := os.Stat("../../schema/file.schema.json"); err != nil {
		t.Error(err)
	}
}

func mapAt(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}
