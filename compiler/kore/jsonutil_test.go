package kore

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndentMatchesEncoding checks that indent lays out compact JSON byte
// for byte as encoding/json does.
func TestIndentMatchesEncoding(t *testing.T) {
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{
		`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[{}],"c":[[],[1,2]]}`,
		`{"s":"a \"quoted\" {x}, [y]: z\\","t":"\\\\"}`,
		`["\u2028",null,true,false,-1.5e+10]`,
		string(x.BotDefinition), string(x.Config),
	}
	for _, in := range inputs {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(in)); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		compact.WriteByte('\n')
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent(compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent(%.60q…) =\n%s\nwant\n%s", compact.String(), got, want.Bytes())
		}
	}
}

// FuzzIndent compares indent with json.Indent on any valid JSON.
func FuzzIndent(f *testing.F) {
	f.Add(`{"a":[1,{"b":"c\"d"}],"e":{}}`)
	f.Fuzz(func(t *testing.T, in string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(in)) != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent(compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent(%q) = %q, want %q", compact.String(), got, want.Bytes())
		}
	})
}
