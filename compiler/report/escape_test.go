package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, café, 日本", "plain text, café, 日本"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{"crlf\r\nkept", "crlf\r\nkept"},
		{"a lone\rreturn", `a lone\x0dreturn`},
		{"\x1b[2Jclear", `\x1b[2Jclear`},
		{"bell\x07 del\x7f nul\x00", `bell\x07 del\x7f nul\x00`},
		{"c1 \u009b csi", `c1 \u009b csi`},
		{"bidi \u202eevil\u2069", `bidi \u202eevil\u2069`},
		{"bad utf-8 \xff\x9b", `bad utf-8 \xff\x9b`},
		{`a backslash \x1b stays`, `a backslash \x1b stays`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapedSourceOffsets(t *testing.T) {
	src := []byte("a\x1bb\u009bc\x00\x00d")
	e := escapeSource(src)
	if got, want := string(e.bytes), `a\x1bb\u009bc\x00\x00d`; got != want {
		t.Fatalf("escaped = %q, want %q", got, want)
	}
	// Every character of the original keeps its place in the escaped bytes.
	for old := 0; old <= len(src); old++ {
		n := e.toNew(old)
		if old < len(src) && src[old] >= 'a' && src[old] <= 'd' && e.bytes[n] != src[old] {
			t.Errorf("toNew(%d) = %d, which holds %q, not %q", old, n, e.bytes[n], src[old])
		}
		if back := e.toOld(n); back != old && utf8Start(src, old) {
			t.Errorf("toOld(toNew(%d)) = %d", old, back)
		}
	}
	// An offset inside an escape maps to the escaped character.
	if got := e.toOld(3); got != 1 { // inside `\x1b`
		t.Errorf("toOld(3) = %d, want 1", got)
	}
}

func utf8Start(b []byte, i int) bool { return i >= len(b) || b[i]&0xC0 != 0x80 }

// hostile is a bot file whose label and value hold terminal controls: a
// window title change and a screen clear.
const hostile = "bot \"x\x1b]0;pwned\x07\" {\n  name = \"\x1b[2Jhi\"\n}\n"

func hostileDiagnostic(t *testing.T) (map[string]*hcl.File, hcl.Diagnostics) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(hostile), "bot\x1b.xo.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, _ := f.Body.(*hclsyntax.Body).Blocks[0].Body.JustAttributes()
	rng := attrs["name"].Expr.Range()
	return map[string]*hcl.File{"bot\x1b.xo.hcl": f}, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid \x1b[31mname",
		Detail:   "The name \x1b[2Jhi is not allowed.\nSecond line.",
		Subject:  &rng,
	}}
}

// The text writer's own colours are all the ESC bytes the output may hold.
var writerColours = strings.NewReplacer("\x1b[31m", "", "\x1b[33m", "", "\x1b[0m", "", "\x1b[1;4m", "")

func TestWriteTextEscapesControls(t *testing.T) {
	for _, color := range []bool{false, true} {
		files, diags := hostileDiagnostic(t)
		var buf bytes.Buffer
		if err := WriteText(&buf, files, diags, color); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for i, c := range []byte(writerColours.Replace(out)) {
			if c < 0x20 && c != '\n' || c == 0x7f {
				t.Fatalf("color=%v: a raw control byte %#x at %d:\n%q", color, c, i, out)
			}
		}
		for _, want := range []string{
			`Invalid \x1b[31mname`,
			`on bot\x1b.xo.hcl line 2, in bot "x\x1b]0;pwned\a":`,
			`The name \x1b[2Jhi is not allowed.` + "\nSecond line.",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("color=%v: output lacks %q:\n%s", color, want, out)
			}
		}
		// The highlighted range still covers exactly the value.
		want := `   2:   name = "\x1b[2Jhi"` + "\n"
		if color {
			want = "   2:   name = \x1b[1;4m" + `"\x1b[2Jhi"` + "\x1b[0m\n"
		}
		if !strings.Contains(out, want) {
			t.Errorf("color=%v: the source line should be %q:\n%q", color, want, out)
		}
	}
}

func TestWriteGitHubEscapesControls(t *testing.T) {
	_, diags := hostileDiagnostic(t)
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, diags); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsRune(strings.TrimSuffix(out, "\n"), '\x1b') || strings.Count(out, "\n") != 1 {
		t.Fatalf("want one line without raw controls:\n%q", out)
	}
	if !strings.Contains(out, `file=bot\x1b.xo.hcl`) || !strings.Contains(out, `The name \x1b[2Jhi is not allowed.%0ASecond line.`) {
		t.Errorf("escapes missing:\n%s", out)
	}
}
