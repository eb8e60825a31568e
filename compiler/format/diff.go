package format

import (
	"bytes"
	"fmt"
)

// diffContext is the number of unchanged lines shown around a change, as
// in `diff -u`.
const diffContext = 3

// Diff returns a unified diff (`diff -u` style, the form patch and
// git apply read) that turns old into new, or nil when they are equal.
// oldName and newName go into the --- and +++ header lines.
func Diff(oldName, newName string, old, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	edits := diffLines(a, b)

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "--- %s\n+++ %s\n", oldName, newName)
	for start := 0; start < len(edits); {
		// Find the next change, then extend the hunk over changes that
		// are at most two contexts apart, so their contexts would touch.
		first := start
		for first < len(edits) && edits[first].op == opEqual {
			first++
		}
		if first == len(edits) {
			break
		}
		last := first // the last change of the hunk
		for i := first + 1; i < len(edits) && i-last <= 2*diffContext+1; i++ {
			if edits[i].op != opEqual {
				last = i
			}
		}
		lo := max(first-diffContext, 0)
		hi := min(last+diffContext+1, len(edits))
		writeHunk(&buf, a, b, edits[lo:hi])
		start = hi
	}
	return buf.Bytes()
}

func writeHunk(buf *bytes.Buffer, a, b []string, edits []edit) {
	var oldCount, newCount int
	for _, e := range edits {
		if e.op != opInsert {
			oldCount++
		}
		if e.op != opDelete {
			newCount++
		}
	}
	// Every edit knows its position in both files: the line it is at, or
	// would be at.
	fmt.Fprintf(buf, "@@ -%s +%s @@\n", hunkRange(edits[0].a, oldCount), hunkRange(edits[0].b, newCount))
	for _, e := range edits {
		var line string
		switch e.op {
		case opEqual:
			buf.WriteByte(' ')
			line = a[e.a]
		case opDelete:
			buf.WriteByte('-')
			line = a[e.a]
		case opInsert:
			buf.WriteByte('+')
			line = b[e.b]
		}
		buf.WriteString(line)
		if len(line) == 0 || line[len(line)-1] != '\n' {
			buf.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats a hunk's start and length as unified diffs do: lines
// count from 1, a length of 1 is left out, and an empty range starts at
// the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	default:
		return fmt.Sprintf("%d,%d", start+1, count)
	}
}

// splitLines splits after each newline; the last line lacks one when the
// text does not end with a newline.
func splitLines(text []byte) []string {
	var lines []string
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n') + 1
		if i == 0 {
			i = len(text)
		}
		lines = append(lines, string(text[:i]))
		text = text[i:]
	}
	return lines
}

type opKind byte

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// edit is one line of an edit script. a and b are the line's index in the
// old and the new file; for a deletion b is where the new file resumes,
// for an insertion a is where the old file resumes.
type edit struct {
	op   opKind
	a, b int
}

// diffLines returns a shortest edit script from a to b, found with
// Myers' O((N+M)D) algorithm after trimming the common prefix and suffix
// (formatting changes few lines, so D is small).
func diffLines(a, b []string) []edit {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var edits []edit
	for i := 0; i < pre; i++ {
		edits = append(edits, edit{opEqual, i, i})
	}
	for _, e := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		edits = append(edits, edit{e.op, e.a + pre, e.b + pre})
	}
	for i := suf; i > 0; i-- {
		edits = append(edits, edit{opEqual, len(a) - i, len(b) - i})
	}
	return edits
}

func myers(a, b []string) []edit {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	// v[k+off] is the furthest x reached on diagonal k = x-y. trace[d]
	// keeps v as it was before round d, for walking back.
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= n+m; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insert b[y]
			} else {
				x = v[off+k-1] + 1 // right: delete a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace)
			}
		}
	}
	return nil // unreachable: round n+m always reaches the end
}

func backtrack(a, b []string, trace [][]int) []edit {
	var rev []edit
	x, y := len(a), len(b)
	for d := len(trace) - 1; d >= 0; d-- {
		snap := trace[d] // holds diagonals -d-1 .. d+1
		at := func(k int) int { return snap[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, edit{opEqual, x, y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			y--
			rev = append(rev, edit{opInsert, x, y})
		} else {
			x--
			rev = append(rev, edit{opDelete, x, y})
		}
	}
	edits := make([]edit, len(rev))
	for i, e := range rev {
		edits[len(rev)-1-i] = e
	}
	return edits
}
