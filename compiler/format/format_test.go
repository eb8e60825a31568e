package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var sourceTests = []struct {
	name string
	in   string
	want string
}{
	{
		name: "already canonical",
		in:   "bot \"pay\" {\n  name     = \"Pay\"\n  language = \"en\"\n}\n",
		want: "bot \"pay\" {\n  name     = \"Pay\"\n  language = \"en\"\n}\n",
	},
	{
		name: "misaligned equals",
		in:   "bot \"pay\" {\n  name = \"Pay\"\n  description=\"Takes payments\"\n  language   =   \"en\"\n}\n",
		want: "bot \"pay\" {\n  name        = \"Pay\"\n  description = \"Takes payments\"\n  language    = \"en\"\n}\n",
	},
	{
		name: "a blank line ends an alignment group",
		in:   "a = 1\nbbbb = 2\n\ncc = 3\n",
		want: "a    = 1\nbbbb = 2\n\ncc = 3\n",
	},
	{
		name: "indentation",
		in:   "action \"stripe\" {\nauthorization {\n\t\tmode = \"pre_authorized\"\n      }\n    template \"list_customers\" {}\n}\n",
		want: "action \"stripe\" {\n  authorization {\n    mode = \"pre_authorized\"\n  }\n  template \"list_customers\" {}\n}\n",
	},
	{
		name: "list elements",
		in:   "x = [\n\"a\",\n    \"b\",\n]\n",
		want: "x = [\n  \"a\",\n  \"b\",\n]\n",
	},
	{
		name: "spacing inside expressions",
		in:   "x = {a=1,b=[1,2]}\ny = upper(  \"z\"  )\n",
		want: "x = { a = 1, b = [1, 2] }\ny = upper(\"z\")\n",
	},
	{
		name: "runs of blank lines become one",
		in:   "a = 1\n\n\n\nb = 2\n\n\nbot \"x\" {\n  c = 3\n\n\n\n  d = 4\n}\n",
		want: "a = 1\n\nb = 2\n\nbot \"x\" {\n  c = 3\n\n  d = 4\n}\n",
	},
	{
		name: "blank lines holding spaces",
		in:   "a = 1\n   \n\t\n  \nb = 2\n",
		want: "a = 1\n\nb = 2\n",
	},
	{
		name: "blank lines at the start and end go",
		in:   "\n\n  \n# head\na = 1\n\n\n  \n",
		want: "# head\na = 1\n",
	},
	{
		name: "blank lines after comments",
		in:   "# one\n\n\n\n// two\n\n\na = 1 # three\n\n\n\nb = 2\n",
		want: "# one\n\n// two\n\na = 1 # three\n\nb = 2\n",
	},
	{
		name: "a final newline is added",
		in:   "a = 1",
		want: "a = 1\n",
	},
	{
		name: "a final comment gets a newline",
		in:   "a = 1\n# end   ",
		want: "a = 1\n# end\n",
	},
	{
		name: "heredoc contents are kept",
		in:   "msg = <<EOT\n  two   spaces\n\n\n\n\tand a tab  \nEOT\n\n\n\nb=1\n",
		want: "msg = <<EOT\n  two   spaces\n\n\n\n\tand a tab  \nEOT\n\nb = 1\n",
	},
	{
		name: "heredoc blank lines after template sequences are kept",
		in:   "x = <<EOT\n${a}\n\n\n%{ if b }\n\n\nyes\n%{ endif }\n\n\nEOT\ny = <<-EOT\n  ${a}\n\n\n  z\n  EOT\n",
		want: "x = <<EOT\n${a}\n\n\n%{if b}\n\n\nyes\n%{endif}\n\n\nEOT\ny = <<-EOT\n  ${a}\n\n\n  z\n  EOT\n",
	},
	{
		name: "strings and runtime templates are kept",
		in:   "x =   \"  {{context.entities.email}}   \"\ny=\"${var.a}\"\n",
		want: "x = \"  {{context.entities.email}}   \"\ny = \"${var.a}\"\n",
	},
	{
		name: "identifier labels are quoted",
		in:   "bot pay {\n}\naction stripe {\n  template list_customers {}\n  template \"create_invoice\" {}\n}\n",
		want: "bot \"pay\" {\n}\naction \"stripe\" {\n  template \"list_customers\" {}\n  template \"create_invoice\" {}\n}\n",
	},
	{
		name: "comments between labels are kept",
		in:   "template /* which */ list_customers {}\n",
		want: "template /* which */ \"list_customers\" {}\n",
	},
	{
		name: "quoted labels keep their escapes",
		in:   "entity \"a\\u0062c\" {}\n",
		want: "entity \"a\\u0062c\" {}\n",
	},
	{
		name: "CRLF line endings are kept",
		in:   "a=1\r\nbb = 2\r\n\r\n\r\n\r\nc = 3",
		want: "a  = 1\r\nbb = 2\r\n\r\nc = 3\r\n",
	},
	{
		name: "empty file",
		in:   "",
		want: "",
	},
	{
		name: "blank file",
		in:   "\n  \n\t\n",
		want: "",
	},
}

func TestSource(t *testing.T) {
	for _, tt := range sourceTests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := Source("test.xo.hcl", []byte(tt.in))
			if diags.HasErrors() {
				t.Fatalf("unexpected diagnostics: %s", diags.Error())
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Source(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// Formatting a formatted file changes nothing.
func TestSourceIdempotent(t *testing.T) {
	for _, tt := range sourceTests {
		t.Run(tt.name, func(t *testing.T) {
			checkIdempotent(t, []byte(tt.in))
		})
	}
}

func checkIdempotent(t *testing.T, src []byte) {
	t.Helper()
	once, diags := Source("test.xo.hcl", src)
	if diags.HasErrors() {
		return
	}
	twice, diags := Source("test.xo.hcl", once)
	if diags.HasErrors() {
		t.Fatalf("formatted output does not parse: %s\n%s", diags.Error(), once)
	}
	if !bytes.Equal(once, twice) {
		t.Errorf("formatting is not idempotent for %q:\nonce:  %q\ntwice: %q", src, once, twice)
	}
}

func TestSourceSyntaxError(t *testing.T) {
	for name, src := range map[string]string{
		"missing equals":        "bot \"pay\" {\n  name \"Pay\"\n}\n",
		"unclosed block":        "bot \"pay\" {\n  name = \"Pay\"\n",
		"unterminated string":   "a = \"abc\nb = 1\n",
		"template in a label":   "bot \"${x}\" {}\n",
		"unclosed heredoc":      "a = <<EOT\nxyz\n",
		"stray closing brace":   "a = 1\n}\n",
		"invalid escape":        "a = \"\\q\"\n",
		"two attributes a line": "a = 1 b = 2\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, diags := Source("bad.xo.hcl", []byte(src))
			if !diags.HasErrors() {
				t.Fatalf("no error diagnostics; formatted to %q", got)
			}
			if got != nil {
				t.Errorf("got output %q with syntax errors, want nil", got)
			}
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename != "bad.xo.hcl" {
					t.Errorf("diagnostic %q has no range in bad.xo.hcl: %v", d.Summary, d.Subject)
				}
			}
		})
	}
}

// Formatting never changes what a file says: apart from newlines and the
// quotes it adds around identifier labels, the token stream is the same.
func TestSourceKeepsTokens(t *testing.T) {
	for _, tt := range sourceTests {
		t.Run(tt.name, func(t *testing.T) {
			checkSameTokens(t, []byte(tt.in))
		})
	}
}

func checkSameTokens(t *testing.T, src []byte) {
	t.Helper()
	out, diags := Source("test.xo.hcl", src)
	if diags.HasErrors() {
		return
	}
	if diff := cmp.Diff(significantTokens(t, src), significantTokens(t, out)); diff != "" {
		t.Errorf("formatting %q changed tokens (-before +after):\n%s", src, diff)
	}
}

func significantTokens(t *testing.T, src []byte) []string {
	t.Helper()
	tokens, diags := hclsyntax.LexConfig(src, "test.xo.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("lexing: %s", diags.Error())
	}
	var out []string
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF, hclsyntax.TokenOQuote, hclsyntax.TokenCQuote:
			continue
		case hclsyntax.TokenComment:
			// Formatting may drop a final comment's trailing spaces, and
			// the newline that ends it.
			out = append(out, strings.TrimRight(string(tok.Bytes), " \t\r\n"))
		case hclsyntax.TokenQuotedLit:
			// A label that formatting quoted was an identifier before.
			out = append(out, hclsyntax.TokenIdent.String()+" "+string(tok.Bytes))
		default:
			out = append(out, tok.Type.String()+" "+string(tok.Bytes))
		}
	}
	return out
}

// The files xoc ships are in the canonical style; formatting them again is
// a no-op. (testdata/invalid is not: its # ERROR: comments mark lines.)
func TestShippedFilesAreFormatted(t *testing.T) {
	var paths []string
	for _, pattern := range []string{
		"../../examples/*/*.xo.hcl",
		"../../testdata/valid/*.xo.hcl",
		"../../testdata/valid/*/*.xo.hcl",
		"../catalog/templates/*.hcl",
	} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, matches...)
	}
	if len(paths) == 0 {
		t.Skip("no shipped files found")
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, diags := Source(path, src)
		if diags.HasErrors() {
			t.Errorf("%s: %s", path, diags.Error())
			continue
		}
		if !bytes.Equal(got, src) {
			t.Errorf("%s is not formatted; run xoc fmt on it:\n%s", path, Diff(path, path, src, got))
		}
	}
}

// FuzzSource checks, on any input, that Source does not panic, and that
// when it formats, the result parses, formats to itself, and says the same.
// `go test` runs the seeds; `go test -fuzz FuzzSource` explores.
func FuzzSource(f *testing.F) {
	for _, tt := range sourceTests {
		f.Add([]byte(tt.in))
	}
	if matches, err := filepath.Glob("../catalog/templates/*.hcl"); err == nil {
		for _, path := range matches {
			if src, err := os.ReadFile(path); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkIdempotent(t, src)
		checkSameTokens(t, src)
	})
}
