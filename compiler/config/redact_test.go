package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// A masked value keeps its length, its lines and the punctuation that
// makes the file parse; nothing of its literals and names.
func TestMaskValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"hunter22"`, `"********"`},
		{`["a", "bc"]`, `["*", "**"]`},
		{"{\n  k = \"v\"\n}", "{\n  * = \"*\"\n}"},
		{`12345`, `*****`},
		{`"a\"b"`, `"****"`},
		{"<<EOT\nline\nEOT\n", "*****\n****\n***\n"},
		{`"unterminated`, `"************`},
	}
	for _, tt := range tests {
		src := []byte("x = " + tt.in + "\n")
		maskValue(src, 4, 4+len(tt.in))
		if got := strings.TrimSuffix(string(src[4:]), "\n"); got != tt.want {
			t.Errorf("maskValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A sensitive variable's default is masked in the source shown under a
// diagnostic; keys are masked anywhere.
func TestRedactSource(t *testing.T) {
	src := []byte("variable \"pw\" {\n  sensitive = true\n  default = [\"hunter22\"]\n}\n# sk_live_abcdefghijklmnopqrstuvwxyz\n")
	start := strings.Index(string(src), `["hunter22"]`)
	rng := hcl.Range{Filename: "f", Start: hcl.Pos{Byte: start}, End: hcl.Pos{Byte: start + len(`["hunter22"]`)}}
	got := string(RedactSource(src, []hcl.Range{rng}))
	want := "variable \"pw\" {\n  sensitive = true\n  default = [\"********\"]\n}\n# sk_live_**********************wxyz\n"
	if got != want {
		t.Errorf("RedactSource =\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(src), "hunter22") {
		t.Error("RedactSource changed its argument")
	}
}

// A var file that did not parse has its entries found line by line.
func TestRedactBrokenVarFile(t *testing.T) {
	show := func(name string) bool { return name == "brand" }
	hclSrc := "brand = \"Acme\"\nsecret = \"hunter22\n  more\nbrand = [\n"
	if got, want := string(RedactVarFile("v.hcl", []byte(hclSrc), nil, show)), "brand = \"Acme\"\nsecret = *********\n******\nbrand = [\n"; got != want {
		t.Errorf("HCL: got\n%s\nwant\n%s", got, want)
	}
	jsonSrc := `{"brand": "Acme", "secret": "hunter22",}`
	if got, want := string(RedactVarFile("v.json", []byte(jsonSrc), nil, show)), `{"brand": "Acme", "secret": ************`; got != want {
		t.Errorf("JSON: got\n%s\nwant\n%s", got, want)
	}
}
