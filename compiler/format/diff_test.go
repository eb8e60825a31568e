package format

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{
			name: "equal",
			old:  "a\nb\n",
			new:  "a\nb\n",
			want: "",
		},
		{
			name: "one changed line in the middle",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			new:  "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			want: "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
		},
		{
			name: "changes far apart make two hunks",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			new:  "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
			want: "--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n",
		},
		{
			name: "changes six lines apart share a hunk",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "one\n2\n3\n4\n5\n6\n7\neight\n",
			want: "--- a/f\n+++ b/f\n@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n",
		},
		{
			name: "deleted lines",
			old:  "a\n\n\n\nb\n",
			new:  "a\n\nb\n",
			want: "--- a/f\n+++ b/f\n@@ -1,5 +1,3 @@\n a\n \n-\n-\n b\n",
		},
		{
			name: "from empty",
			old:  "",
			new:  "a\nb\n",
			want: "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "to empty",
			old:  "a\n",
			new:  "",
			want: "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n",
		},
		{
			name: "no newline at end of file",
			old:  "a\nb",
			new:  "a\nb\n",
			want: "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Diff("a/f", "b/f", []byte(tt.old), []byte(tt.new)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Applying the diff to the old text gives the new text, and the edit
// script is as short as an exhaustive LCS says it can be.
func TestDiffRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	text := func() string {
		var b strings.Builder
		for n := r.Intn(25); n > 0; n-- {
			b.WriteString(string(rune('a'+r.Intn(4))) + "\n")
		}
		if r.Intn(4) == 0 {
			b.WriteString("z") // no final newline
		}
		return b.String()
	}
	for i := 0; i < 2000; i++ {
		old, new := text(), text()
		d := string(Diff("a/f", "b/f", []byte(old), []byte(new)))
		got, err := applyDiff(old, d)
		if err != nil {
			t.Fatalf("applying the diff of %q and %q: %v\n%s", old, new, err, d)
		}
		if got != new {
			t.Fatalf("applying the diff of %q and %q gave %q\n%s", old, new, got, d)
		}
		a, b := splitLines([]byte(old)), splitLines([]byte(new))
		edits := 0
		for _, e := range diffLines(a, b) {
			if e.op != opEqual {
				edits++
			}
		}
		if want := len(a) + len(b) - 2*lcsLength(a, b); edits != want {
			t.Fatalf("diff of %q and %q has %d edits, want %d", old, new, edits, want)
		}
	}
}

func lcsLength(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// applyDiff applies a unified diff strictly: every context and deleted
// line must match, and hunk headers must count their lines right.
func applyDiff(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	src := splitLines([]byte(old))
	lines := splitLines([]byte(diff))
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("missing header")
	}
	lines = lines[2:]
	var out []string
	pos := 0 // next line of src to copy
	for len(lines) > 0 {
		oldStart, oldCount, newCount, err := parseHunkHeader(lines[0])
		if err != nil {
			return "", err
		}
		lines = lines[1:]
		first := oldStart - 1
		if oldCount == 0 {
			first = oldStart
		}
		if first < pos || first > len(src) {
			return "", fmt.Errorf("hunk at line %d is out of place", oldStart)
		}
		out = append(out, src[pos:first]...)
		pos = first
		var seenOld, seenNew int
		for len(lines) > 0 && !strings.HasPrefix(lines[0], "@@") {
			op, text := lines[0][0], lines[0][1:]
			lines = lines[1:]
			if len(lines) > 0 && lines[0] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				lines = lines[1:]
			}
			if op == ' ' || op == '-' {
				if pos >= len(src) || src[pos] != text {
					return "", fmt.Errorf("line %d does not match %q", pos+1, text)
				}
				pos++
				seenOld++
			}
			if op == ' ' || op == '+' {
				out = append(out, text)
				seenNew++
			}
			if op != ' ' && op != '-' && op != '+' {
				return "", fmt.Errorf("bad diff line %q", string(op)+text)
			}
		}
		if seenOld != oldCount || seenNew != newCount {
			return "", fmt.Errorf("hunk at line %d says %d/%d lines, has %d/%d", oldStart, oldCount, newCount, seenOld, seenNew)
		}
	}
	return strings.Join(append(out, src[pos:]...), ""), nil
}

// parseHunkHeader reads "@@ -l[,s] +l[,s] @@".
func parseHunkHeader(line string) (oldStart, oldCount, newCount int, err error) {
	fields := strings.Fields(line)
	if len(fields) != 4 || fields[0] != "@@" || fields[3] != "@@" || fields[1][0] != '-' || fields[2][0] != '+' {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	parse := func(r string) (start, count int, err error) {
		s, c, found := strings.Cut(r, ",")
		if start, err = strconv.Atoi(s); err != nil {
			return 0, 0, err
		}
		count = 1
		if found {
			count, err = strconv.Atoi(c)
		}
		return start, count, err
	}
	if oldStart, oldCount, err = parse(fields[1][1:]); err != nil {
		return 0, 0, 0, err
	}
	_, newCount, err = parse(fields[2][1:])
	return oldStart, oldCount, newCount, err
}
