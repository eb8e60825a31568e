package hclscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// configurations lists the configuration files of the repository:
// examples, test data and the template catalog, whose files share the
// syntax.
func configurations(tb testing.TB) []string {
	var paths []string
	for _, pattern := range []string{
		"../../../examples/*/*.xo.*", "../../../testdata/valid/*/*.xo.*", "../../../testdata/invalid/*.xo.*",
		"../../catalog/templates/*.hcl",
	} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, more...)
	}
	if len(paths) < 20 {
		tb.Fatalf("only %d files", len(paths))
	}
	return paths
}

// Every configuration of the repository passes the scan, and the deepest
// nests as deep as the comment of MaxNesting says.
func TestScanAcceptsEveryConfiguration(t *testing.T) {
	deepest := 0
	for _, p := range configurations(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := newScanner(src, p)
		if strings.HasSuffix(p, ".json") {
			s.json()
		} else {
			s.run()
		}
		if len(s.diags) > 0 {
			t.Errorf("%s: %v", p, s.diags)
		}
		deepest = max(deepest, s.deepest)
	}
	if deepest != 11 {
		t.Errorf("the deepest configuration nests %d levels, not 11", deepest)
	}
}

// newScanner is a scanner of a native-syntax text, as HCL starts one.
func newScanner(src []byte, filename string) *scanner {
	s := &scanner{file: src, filename: filename, src: src, noCommentEnd: -1}
	s.stack = []frame{{kind: frameBody}}
	return s
}

func addSeeds(f *testing.F, suffix string) {
	for _, p := range configurations(f) {
		if strings.HasSuffix(p, suffix) {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// Whatever the scan accepts, hcl parses without running out of stack,
// and the tree it builds is no deeper than a few times the depth the scan
// counted: the scan cannot miss a kind of nesting the fuzzer can write
// small.
//
//	go test ./compiler/internal/hclscan/ -run XXX -fuzz FuzzNestingScan -fuzztime 60s -fuzzminimizetime 3s
func FuzzNestingScan(f *testing.F) {
	addSeeds(f, ".hcl")
	for _, s := range []string{
		`x = ((((1))))`, `x = !!!!true`, `x = a[0][1][*].b`, `x = "${"${"${1}"}"}"`,
		"x = <<EOT\n${<<-EOF\n  ${1}\n  EOF\n}\nEOT\n", `x = "%{if a}%{for b in c}${b}%{endfor}%{endif}"`,
		`x = 1 + 2 * 3 - 4 / 5 % 6 == 7 != 8 < 9 > 10 <= 11 >= 12 && a || !b ? c : d`,
		`x = [for k, v in m : k => v if v]`, "/* (((( */ x = 1 # ((((\n// [[[[\n", `x = "\"${a}\\${b}$${c}"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s := newScanner(src, "x.hcl")
		s.run()
		if s.stopped {
			return
		}
		file, _ := hclsyntax.ParseConfig(src, "x.hcl", hcl.InitialPos)
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			return
		}
		if depth := treeDepth(body); depth > 3*s.deepest+8 {
			t.Errorf("the scan counted %d levels, but the tree is %d deep", s.deepest, depth)
		}
		// Evaluating descends the tree again.
		attrs, _ := file.Body.JustAttributes()
		for _, a := range attrs {
			a.Expr.Value(&hcl.EvalContext{})
		}
	})
}

// FuzzNestingScanJSON is FuzzNestingScan for HCL's JSON syntax, whose
// strings hold templates that are parsed when they are evaluated.
func FuzzNestingScanJSON(f *testing.F) {
	addSeeds(f, ".json")
	for _, s := range []string{`{"x": [[[[1]]]]}`, `{"x": "${(((1)))}"}`, `{"x": "\u0024{[[1]]}"}`, `{"x": {"y": "${"${1}"}"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if diags := JSON(src, "x.json"); len(diags) > 0 && diags[0].Summary == "Nesting too deep" {
			return
		}
		file, diags := hcljson.Parse(src, "x.json")
		if diags.HasErrors() {
			return
		}
		attrs, _ := file.Body.JustAttributes()
		for _, a := range attrs {
			a.Expr.Value(&hcl.EvalContext{})
		}
	})
}

// treeDepth is the depth of the deepest node of a syntax tree.
func treeDepth(node hclsyntax.Node) int {
	w := &depthWalker{}
	hclsyntax.Walk(node, w)
	return w.deepest
}

type depthWalker struct{ depth, deepest int }

func (w *depthWalker) Enter(hclsyntax.Node) hcl.Diagnostics {
	w.depth++
	w.deepest = max(w.deepest, w.depth)
	return nil
}

func (w *depthWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.depth--
	return nil
}
