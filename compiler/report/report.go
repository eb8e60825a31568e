// Package report writes diagnostics for people (text, like HCL's own
// diagnostic writer), for programs (a versioned JSON document, which a
// command's own results join) and for GitHub Actions (workflow commands
// that annotate a pull request). Text and annotations show the terminal
// controls of sources and messages as escapes (see [Escape]).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
)

// Formats of diagnostic output.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
)

// Formats lists the accepted --format values.
var Formats = []string{FormatText, FormatJSON, FormatGitHub}

// FormatVersion is the version of the JSON document. It changes only when
// a field is removed or changes meaning.
const FormatVersion = "1.0"

// Document is the --format json output: one document on stdout, whatever
// the command found. Valid says whether the configuration has errors;
// the fields after Diagnostics are those of the command that fills them
// and absent otherwise.
type Document struct {
	FormatVersion string       `json:"format_version"`
	Valid         bool         `json:"valid"`
	ErrorCount    int          `json:"error_count"`
	WarningCount  int          `json:"warning_count"`
	Diagnostics   []Diagnostic `json:"diagnostics"`
	// Bots are the bots build wrote, sorted by label.
	Bots []Bot `json:"bots,omitempty"`
	// UpToDate and Differences are build --check's: whether the output
	// folder is what a build would write, and how it differs (an empty
	// list when it is the same), sorted by name.
	UpToDate    *bool         `json:"up_to_date,omitempty"`
	Differences *[]Difference `json:"differences,omitempty"`
	// Run is xoc run's outcome, when the dialog ran.
	Run *Run `json:"run,omitempty"`
}

// Run is how a run of a dialog went. Its texts hold no secret: the
// runner redacts them.
type Run struct {
	Dialog string `json:"dialog"`
	// Succeeded is true when the dialog ended, every call was answered
	// 2xx and every template resolved.
	Succeeded bool `json:"succeeded"`
	Ended     bool `json:"ended"`
	// Messages are the texts the dialog showed, in order.
	Messages []string  `json:"messages"`
	Calls    []RunCall `json:"calls"`
	// Problems say what made the run fail, for people; Error is the error
	// that stopped it, if one did.
	Problems []string `json:"problems"`
	Error    string   `json:"error,omitempty"`
}

// RunCall is one HTTP request of a run.
type RunCall struct {
	Node   string `json:"node"`
	Method string `json:"method"`
	URL    string `json:"url"`
	// Status is the HTTP status, 0 when no answer came.
	Status int    `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Bot is one bot a build wrote.
type Bot struct {
	Label string `json:"label"`
	// Folder is the bot's output folder, OUT/<label>.
	Folder string `json:"folder"`
	// Changed lists the files the build wrote or removed there, sorted;
	// empty when the folder was up to date.
	Changed []string `json:"changed"`
}

// Difference is one way an output folder differs from a build.
type Difference struct {
	// Name is the file's or folder's path, the output folder included.
	Name string `json:"name"`
	// Kind is "changed", "missing" or "extra".
	Kind string `json:"kind"`
}

// SetDifferences records build --check's outcome in the document.
func (d *Document) SetDifferences(diffs []Difference) {
	if diffs == nil {
		diffs = []Difference{}
	}
	upToDate := len(diffs) == 0
	d.UpToDate, d.Differences = &upToDate, &diffs
}

// Diagnostic is one diagnostic of the JSON document.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Range    *Range `json:"range"`
}

// Range is a span of a source file, lines and columns counted from 1.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Pos is a position in a source file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Sort orders diagnostics by file and position, those without a place
// first, keeping the order of equals.
func Sort(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		default:
			return a.Start.Column < b.Start.Column
		}
	})
}

// NewDocument builds the JSON document of a set of diagnostics.
func NewDocument(diags hcl.Diagnostics) Document {
	doc := Document{FormatVersion: FormatVersion, Diagnostics: []Diagnostic{}}
	for _, d := range diags {
		jd := Diagnostic{Severity: severity(d), Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			jd.Range = &Range{
				Filename: d.Subject.Filename,
				Start:    Pos{d.Subject.Start.Line, d.Subject.Start.Column, d.Subject.Start.Byte},
				End:      Pos{d.Subject.End.Line, d.Subject.End.Column, d.Subject.End.Byte},
			}
		}
		if d.Severity == hcl.DiagError {
			doc.ErrorCount++
		} else {
			doc.WarningCount++
		}
		doc.Diagnostics = append(doc.Diagnostics, jd)
	}
	doc.Valid = doc.ErrorCount == 0
	return doc
}

// WriteJSON writes the JSON document of diags.
func WriteJSON(w io.Writer, diags hcl.Diagnostics) error {
	return WriteDocument(w, NewDocument(diags))
}

// WriteDocument writes a JSON document.
func WriteDocument(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// WriteGitHubDifferences writes one error annotation per difference of an
// output folder from a build, on the file it names.
func WriteGitHubDifferences(w io.Writer, diffs []Difference) error {
	for _, d := range diffs {
		msg := fmt.Sprintf("%s is %s: the output folder is not what xoc build would write. Run xoc build to update it.", d.Name, d.Kind)
		if _, err := fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", escapeProperty(d.Name), escapeProperty("Output out of date"), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// WriteGitHub writes one workflow command per diagnostic, which GitHub
// Actions shows as an annotation on the file and line.
func WriteGitHub(w io.Writer, diags hcl.Diagnostics) error {
	for _, d := range diags {
		var props []string
		if d.Subject != nil {
			props = append(props,
				"file="+escapeProperty(d.Subject.Filename),
				fmt.Sprintf("line=%d", d.Subject.Start.Line),
				fmt.Sprintf("col=%d", d.Subject.Start.Column),
			)
			if d.Subject.End.Line > d.Subject.Start.Line {
				props = append(props, fmt.Sprintf("endLine=%d", d.Subject.End.Line))
			}
		}
		props = append(props, "title="+escapeProperty(d.Summary))
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", severity(d), strings.Join(props, ","), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData and escapeProperty follow the escaping GitHub's toolkit uses
// for workflow commands, after escaping terminal controls: the workflow
// log is a terminal too.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(Escape(s))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Escape(s))
}

// WriteText writes diagnostics as HCL's diagnostic writer does, with the
// source lines from files. A file given by its bytes alone (no Body) is
// parsed again, so that a diagnostic about it says which block it is in.
// Terminal controls in the sources and messages are shown escaped (see
// [Escape]).
//
// HCL's writer reads the whole file, line by line, for every diagnostic it
// shows with source lines, so each costs the file's lines: 5,000 errors in
// one file of a megabyte took a minute. Diagnostics
// get source lines while they are among the first maxSnippets and the
// lines read stay within snippetLines; the rest are written one line
// each, still every one of them.
func WriteText(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) error {
	if len(diags) == 0 {
		return nil
	}
	n, lines := 0, 0
	fileLines := map[string]int{}
	for n < len(diags) && n < maxSnippets {
		if rng := diags[n].Subject; rng != nil && files[rng.Filename] != nil {
			cost, ok := fileLines[rng.Filename]
			if !ok {
				cost = 1 + bytes.Count(files[rng.Filename].Bytes, []byte("\n"))
				fileLines[rng.Filename] = cost
			}
			if lines+cost > snippetLines {
				break
			}
			lines += cost
		}
		n++
	}
	shown := diags[:n]
	files, shown = escapeForText(withSyntax(files, shown), shown)
	if err := hcl.NewDiagnosticTextWriter(w, files, 0, color).WriteDiagnostics(shown); err != nil {
		return err
	}
	if n == len(diags) {
		return nil
	}
	if _, err := fmt.Fprintf(w, "%d more:\n", len(diags)-n); err != nil {
		return err
	}
	for _, d := range diags[n:] {
		where := ""
		if d.Subject != nil {
			where = Escape(fmt.Sprintf("%s:%d,%d: ", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column))
		}
		if _, err := fmt.Fprintf(w, "%s%s: %s; %s\n", where, strings.ToUpper(severity(d)[:1])+severity(d)[1:], Escape(d.Summary), Escape(d.Detail)); err != nil {
			return err
		}
	}
	return nil
}

// WriteText shows source lines for at most maxSnippets diagnostics, which
// together read at most snippetLines lines (a quarter of a second).
const (
	maxSnippets  = 100
	snippetLines = 100_000
)

// withSyntax returns files with every file that a diagnostic names and
// that has only its bytes parsed again.
func withSyntax(files map[string]*hcl.File, diags hcl.Diagnostics) map[string]*hcl.File {
	var out map[string]*hcl.File
	for _, d := range diags {
		for _, rng := range []*hcl.Range{d.Subject, d.Context} {
			if rng == nil {
				continue
			}
			f := files[rng.Filename]
			if f == nil || f.Body != nil || f.Bytes == nil {
				continue
			}
			if out == nil {
				out = maps.Clone(files)
			}
			if out[rng.Filename].Body != nil {
				continue
			}
			if len(hclscan.File(f.Bytes, rng.Filename)) > 0 {
				continue // it would overflow the parser's stack: no blocks
			}
			var parsed *hcl.File
			if strings.HasSuffix(rng.Filename, ".json") {
				parsed, _ = hcljson.Parse(f.Bytes, rng.Filename)
			} else {
				parsed, _ = hclsyntax.ParseConfig(f.Bytes, rng.Filename, hcl.InitialPos)
			}
			if parsed != nil {
				out[rng.Filename] = parsed
			}
		}
	}
	if out == nil {
		return files
	}
	return out
}

func severity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagError {
		return "error"
	}
	return "warning"
}
