package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

func sampleDiags() hcl.Diagnostics {
	return hcl.Diagnostics{
		{Severity: hcl.DiagWarning, Summary: "Unused auth_profile", Detail: "a, b: 100%",
			Subject: &hcl.Range{Filename: "b.xo.hcl", Start: hcl.Pos{Line: 3, Column: 1, Byte: 20}, End: hcl.Pos{Line: 3, Column: 9, Byte: 28}}},
		{Severity: hcl.DiagError, Summary: "Invalid value", Detail: "line one\nline two",
			Subject: &hcl.Range{Filename: "a.xo.hcl", Start: hcl.Pos{Line: 12, Column: 5, Byte: 200}, End: hcl.Pos{Line: 12, Column: 9, Byte: 204}}},
		{Severity: hcl.DiagError, Summary: "No configuration files", Detail: "x holds none."},
	}
}

func TestJSONDocument(t *testing.T) {
	diags := sampleDiags()
	Sort(diags)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, diags); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["format_version"] != "1.0" || doc["valid"] != false || doc["error_count"] != 2.0 || doc["warning_count"] != 1.0 {
		t.Errorf("header wrong: %v", doc)
	}
	ds := doc["diagnostics"].([]any)
	first := ds[0].(map[string]any)
	if first["range"] != nil {
		t.Errorf("a diagnostic without a place sorts first and has a null range: %v", first)
	}
	second := ds[1].(map[string]any)
	rng := second["range"].(map[string]any)
	start := rng["start"].(map[string]any)
	if rng["filename"] != "a.xo.hcl" || start["line"] != 12.0 || start["column"] != 5.0 || start["byte"] != 200.0 {
		t.Errorf("range wrong: %v", rng)
	}
	for _, key := range []string{"severity", "summary", "detail", "range"} {
		if _, ok := second[key]; !ok {
			t.Errorf("diagnostic lacks %q", key)
		}
	}
}

func TestJSONValidWhenNoErrors(t *testing.T) {
	var buf bytes.Buffer
	WriteJSON(&buf, nil)
	if !strings.Contains(buf.String(), `"valid": true`) || !strings.Contains(buf.String(), `"diagnostics": []`) {
		t.Errorf("got %s", buf.String())
	}
}

func TestGitHubCommands(t *testing.T) {
	var buf bytes.Buffer
	WriteGitHub(&buf, sampleDiags())
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		"::warning file=b.xo.hcl,line=3,col=1,title=Unused auth_profile::Unused auth_profile: a, b: 100%25",
		"::error file=a.xo.hcl,line=12,col=5,title=Invalid value::Invalid value: line one%0Aline two",
		"::error title=No configuration files::No configuration files: x holds none.",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}

func TestTextShowsSource(t *testing.T) {
	src := []byte("bot \"x\" {\n  nmae = \"y\"\n}\n")
	files := map[string]*hcl.File{"a.xo.hcl": {Bytes: src}}
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unsupported argument", Detail: "Did you mean \"name\"?",
		Subject: &hcl.Range{Filename: "a.xo.hcl", Start: hcl.Pos{Line: 2, Column: 3, Byte: 12}, End: hcl.Pos{Line: 2, Column: 7, Byte: 16}}}}
	var buf bytes.Buffer
	WriteText(&buf, files, diags, false)
	out := buf.String()
	for _, want := range []string{"Error: Unsupported argument", "on a.xo.hcl line 2", `nmae = "y"`, "Did you mean"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// A file given by its bytes alone is parsed again, so that the text says
// which block a diagnostic is in, in native and JSON syntax alike, as it
// does for a file given parsed.
func TestTextParsesFilesGivenAsBytes(t *testing.T) {
	for _, c := range []struct{ name, src, block string }{
		{"a.xo.hcl", "bot \"x\" {\n  nmae = \"y\"\n}\n", `, in bot "x"`},
		{"a.xo.json", "{\n  \"bot\": {\n    \"x\": {\n      \"nmae\": \"y\"\n    }\n  }\n}\n", ", in bot.x"},
	} {
		name, src := c.name, c.src
		at := strings.Index(src, "nmae")
		line := strings.Count(src[:at], "\n") + 1
		col := at - strings.LastIndex(src[:at], "\n")
		diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unsupported argument",
			Subject: &hcl.Range{Filename: name, Start: hcl.Pos{Line: line, Column: col, Byte: at}, End: hcl.Pos{Line: line, Column: col + 4, Byte: at + 4}}}}
		var fromBytes, fromParsed bytes.Buffer
		files := map[string]*hcl.File{name: {Bytes: []byte(src)}}
		WriteText(&fromBytes, files, diags, false)
		if files[name].Body != nil {
			t.Errorf("%s: the caller's file was changed", name)
		}
		// As config.Load parses it.
		p := hclparse.NewParser()
		parse := p.ParseHCL
		if strings.HasSuffix(name, ".json") {
			parse = p.ParseJSON
		}
		parsed, _ := parse([]byte(src), name)
		WriteText(&fromParsed, map[string]*hcl.File{name: parsed}, diags, false)
		if !strings.Contains(fromBytes.String(), c.block) {
			t.Errorf("%s: no block named:\n%s", name, fromBytes.String())
		}
		if fromBytes.String() != fromParsed.String() {
			t.Errorf("%s: differs from the text for the parsed file:\n%s\n%s", name, fromBytes.String(), fromParsed.String())
		}
	}
}

func TestDocumentOfBuildCheck(t *testing.T) {
	doc := NewDocument(nil)
	doc.SetDifferences(nil)
	var buf bytes.Buffer
	if err := WriteDocument(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"up_to_date": true`) || !strings.Contains(buf.String(), `"differences": []`) || strings.Contains(buf.String(), `"bots"`) {
		t.Errorf("got %s", buf.String())
	}
}

func TestGitHubDifferences(t *testing.T) {
	var buf bytes.Buffer
	err := WriteGitHubDifferences(&buf, []Difference{{Name: "out/a,b/config.json", Kind: "changed"}, {Name: "out/a/x:y", Kind: "extra"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "::error file=out/a%2Cb/config.json,title=Output out of date::out/a,b/config.json is changed: the output folder is not what xoc build would write. Run xoc build to update it.\n" +
		"::error file=out/a/x%3Ay,title=Output out of date::out/a/x:y is extra: the output folder is not what xoc build would write. Run xoc build to update it.\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
