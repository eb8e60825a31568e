package bench

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// The benchmarks of this file run the xoc binary, as users do, on
// workspaces of distinct bots (benchws.GenerateDistinct), whose dialog
// tasks are all different: what a build can share between bots, it
// cannot share here. They use nothing of xoc in-process. They run only
// when the -bench pattern names them (`-bench 'Distinct/bots=(1|10|100)$'`),
// not for `-bench .` or `-bench '/bots=1000$'`: they take minutes.

// distinctSizes are the workspace sizes, in bots, of BenchmarkDistinct.
// The memory sizes among them run only when the -bench pattern names
// them (`-bench 'Distinct/bots=(500|5000)$'`): 5,000 bots take about a
// minute and write about a gigabyte per build.
var distinctSizes = []int{1, 10, 100, 500, 1000, 5000}

// memorySizes are the sizes run once, for their peak memory: their
// outputs are removed as soon as measured.
var memorySizes = map[int]bool{500: true, 5000: true}

// rebuildSize is the workspace size of BenchmarkDistinctRebuild.
const rebuildSize = 1000

// BenchmarkDistinct is the xoc binary building a workspace of distinct
// bots into an empty output folder (`xoc build --out OUT WS/...`, with the
// build cache in the scratch folder, which a new output folder never
// hits), each iteration paired with a run of the floor (see floor).
func BenchmarkDistinct(b *testing.B) {
	skipUnlessNamed(b)
	for _, n := range distinctSizes {
		if memorySizes[n] && !namedByBench(n) {
			continue
		}
		b.Run(fmt.Sprintf("bots=%d", n), func(b *testing.B) { benchmarkDistinct(b, n) })
	}
}

func benchmarkDistinct(b *testing.B, n int) {
	b.StopTimer()
	ws := distinctWorkspace(b, n)
	var xoc, base costs
	var peak int64
	for i := 0; i < b.N; i++ {
		ws.checkDisk(b, 2)
		out := freshDir(fmt.Sprintf("distinct-%d-xoc", n))
		b.StartTimer()
		run := runMeasured(b, ws.bin, "build", "--out", out, filepath.Join(ws.root, "..."))
		b.StopTimer()
		xoc.add(run.cost)
		peak = max(peak, run.maxRSS)
		floorOut := freshDir(fmt.Sprintf("distinct-%d-floor", n))
		var err error
		base.add(measure(func() { err = ws.floor.run(floorOut) }))
		if err != nil {
			b.Fatal(err)
		}
		ws.done(out)
		ws.done(floorOut)
	}
	perOp := float64(xoc.total.wall.Nanoseconds()) / float64(b.N)
	// ns/op is xoc's own time, without the process that measures it.
	b.ReportMetric(perOp, "ns/op")
	b.ReportMetric(perOp/float64(n), "ns/bot")
	b.ReportMetric(float64(base.total.wall.Nanoseconds())/float64(b.N), "floor-ns/op")
	b.ReportMetric(medianRatio(xoc, base), "x-floor-median")
	b.ReportMetric(ratioOfMedians(xoc, base), "x-floor-of-medians")
	if base.total.cpu > 0 {
		b.ReportMetric(float64(xoc.total.cpu)/float64(base.total.cpu), "x-floor-cpu")
	}
	b.ReportMetric(xoc.total.cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
}

// BenchmarkDistinctRebuild is the xoc binary building a workspace of
// 1,000 distinct bots into the output folder of its last build, with the
// build cache on: unchanged, with nothing changed since; one-changed,
// with one bot's bot.xo.hcl edited (its description), a different bot
// every iteration, after which only that bot's folder may have changed
// on disk. Each iteration is paired with a full build of the workspace
// into an empty folder, for x-full-median.
func BenchmarkDistinctRebuild(b *testing.B) {
	skipUnlessNamed(b)
	b.Run(fmt.Sprintf("bots=%d", rebuildSize), func(b *testing.B) {
		// A workspace of its own, which one-changed edits.
		distinctMu.Lock()
		ws := newDistinct(b, rebuildSize)
		distinctMu.Unlock()
		b.Run("unchanged", func(b *testing.B) { benchmarkRebuild(b, ws, false) })
		b.Run("one-changed", func(b *testing.B) { benchmarkRebuild(b, ws, true) })
	})
}

// edits counts the edits of BenchmarkDistinctRebuild/one-changed, so
// that each is new: the benchmark function runs more than once.
var edits int

func benchmarkRebuild(b *testing.B, ws *distinct, change bool) {
	b.StopTimer()
	n := ws.n
	root := filepath.Join(ws.root, "...")
	ws.checkDisk(b, 3)
	out := freshDir(fmt.Sprintf("distinct-%d-rebuild", n))
	if err := xocBuild(ws.bin, out, ws.root); err != nil {
		b.Fatal(err)
	}
	var rebuild, full costs
	var peak int64
	for i := 0; i < b.N; i++ {
		ws.checkDisk(b, 1)
		before := snapshot(b, out)
		changed := ""
		if change {
			edits++
			k := (edits * 389) % n // 389 is prime to 1,000: a new bot each time
			editBot(b, ws.root, k, edits)
			changed = benchws.Label(k)
		}
		b.StartTimer()
		run := runMeasured(b, ws.bin, "build", "--out", out, root)
		b.StopTimer()
		rebuild.add(run.cost)
		peak = max(peak, run.maxRSS)
		after := snapshot(b, out)
		for label, files := range before {
			same := slices.Equal(files, after[label])
			switch {
			case label == changed && same:
				b.Fatalf("%s was edited, but its folder did not change", label)
			case label != changed && !same:
				b.Fatalf("the rebuild changed %s on disk, which was not edited (edited: %q):\n%v\n%v", label, changed, files, after[label])
			}
		}
		if len(after) != len(before) {
			b.Fatalf("the rebuild left %d bot folders, not %d", len(after), len(before))
		}
		fullOut := freshDir(fmt.Sprintf("distinct-%d-full", n))
		full.add(runMeasured(b, ws.bin, "build", "--out", fullOut, root).cost)
		ws.done(fullOut)
	}
	b.ReportMetric(float64(rebuild.total.wall.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(medianRatio(rebuild, full), "x-full-median")
	b.ReportMetric(rebuild.total.cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
}

// editBot changes the description of the distinct bot k of the workspace
// at root, the edit-th time.
func editBot(b *testing.B, root string, k, edit int) {
	path := filepath.Join(root, benchws.BotDir(k), "bot.xo.hcl")
	data := string(benchws.DistinctFiles(k)["bot.xo.hcl"])
	mark := fmt.Sprintf("(bot %d)\"", k)
	if !strings.Contains(data, mark) {
		b.Fatalf("the description of bot %d does not end in %s", k, mark)
	}
	data = strings.Replace(data, mark, fmt.Sprintf("(bot %d, edit %d)\"", k, edit), 1)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
}

// fileState is what tells that a file was written: a file rewritten, even
// with the same bytes, or replaced, gets a new modification time or a new
// inode.
type fileState struct {
	name  string
	size  int64
	mtime int64 // nanoseconds
	inode uint64
}

// snapshot returns the state of every bot folder in out, the folder
// itself first (named "."), by bot label.
func snapshot(b *testing.B, out string) map[string][]fileState {
	bots, err := os.ReadDir(out)
	if err != nil {
		b.Fatal(err)
	}
	state := func(path, name string) fileState {
		info, err := os.Lstat(path)
		if err != nil {
			b.Fatal(err)
		}
		s := fileState{name: name, size: info.Size(), mtime: info.ModTime().UnixNano()}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			s.inode = st.Ino
		}
		return s
	}
	snap := map[string][]fileState{}
	for _, bot := range bots {
		if !bot.IsDir() {
			continue
		}
		dir := filepath.Join(out, bot.Name())
		states := []fileState{state(dir, ".")}
		files, err := os.ReadDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			states = append(states, state(filepath.Join(dir, f.Name()), f.Name()))
		}
		snap[bot.Name()] = states
	}
	return snap
}

// medianRatio is the median, over the runs of a and base taken in turn,
// of a's wall time ÷ base's.
func medianRatio(a, base costs) float64 {
	ratios := make([]float64, min(len(a.runs), len(base.runs)))
	for i := range ratios {
		ratios[i] = float64(a.runs[i].wall) / float64(base.runs[i].wall)
	}
	if len(ratios) == 0 {
		return 0
	}
	return median(ratios)
}

// ratioOfMedians is the median of a's wall times ÷ the median of base's:
// the target, 1,000 bots in at most 1.5 × the floor, is stated so.
func ratioOfMedians(a, base costs) float64 {
	walls := func(c costs) []float64 {
		out := make([]float64, len(c.runs))
		for i, r := range c.runs {
			out[i] = float64(r.wall)
		}
		return out
	}
	if len(a.runs) == 0 || len(base.runs) == 0 {
		return 0
	}
	return median(walls(a)) / median(walls(base))
}

// distinct is a generated workspace of distinct bots, the xoc binary to
// build it with and its floor: set up once, outside the timed region.
type distinct struct {
	n     int
	root  string
	bin   string
	floor *floor // nil for BenchmarkDistinctRebuild
	// outBytes is the size of one build's output, or an estimate.
	outBytes int64
}

var (
	distinctMu sync.Mutex
	// lastDistinct is the workspace of the last size BenchmarkDistinct
	// set up: a benchmark function runs more than once (b.N = 1 first),
	// and the sizes one after the other. Only one is kept, for its floor
	// holds a whole build's output in memory.
	lastDistinct *distinct
	distinctSeq  int
)

// distinctWorkspace returns a workspace of n distinct bots in the scratch
// folder, built once into a reference folder for its floor; the same as
// the last call's if that was of n bots too.
func distinctWorkspace(b *testing.B, n int) *distinct {
	b.Helper()
	distinctMu.Lock()
	defer distinctMu.Unlock()
	if lastDistinct != nil && lastDistinct.n == n {
		return lastDistinct
	}
	lastDistinct = nil // for the garbage collector, before the next floor
	ws := newDistinct(b, n)
	ref := freshDir(fmt.Sprintf("distinct-%d-reference", n))
	f, err := newFloor(ws.bin, ws.root, ref)
	if err != nil {
		b.Fatal(err)
	}
	ws.floor, ws.outBytes = f, f.size()
	ws.done(ref)
	lastDistinct = ws
	return ws
}

// newDistinct generates a new workspace of n distinct bots in the scratch
// folder, without a floor.
func newDistinct(b *testing.B, n int) *distinct {
	distinctSeq++
	root := filepath.Join(scratch, fmt.Sprintf("distinct-ws-%d-%d", n, distinctSeq))
	if err := benchws.GenerateDistinct(root, n); err != nil {
		b.Fatal(err)
	}
	// Generous until a build tells: a bot's output is some 200 kB.
	ws := &distinct{n: n, root: root, bin: distinctBinary(b), outBytes: int64(n) * 256 << 10}
	ws.checkDisk(b, 1)
	return ws
}

// done is finished with an output folder: the memory sizes' outputs are
// removed at once, the others as discard says.
func (ws *distinct) done(dir string) {
	if memorySizes[ws.n] {
		os.RemoveAll(dir)
		return
	}
	discard(dir)
}

// checkDisk stops the benchmark when the scratch folder has no room for
// builds more outputs of the workspace and half a gigabyte.
func (ws *distinct) checkDisk(b *testing.B, builds int) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(scratch, &st); err != nil {
		return
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if need := int64(builds)*ws.outBytes + 512<<20; free < need {
		b.Fatalf("%s has %d MB free; %d bots need %d MB", scratch, free>>20, ws.n, need>>20)
	}
}

// distinctBinary builds cmd/xoc once per process, the way `make build`
// does, for this file's benchmarks and tests.
func distinctBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := buildDistinctBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

var buildDistinctBinary = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(scratch, "xoc-distinct")
	start := time.Now()
	out, err := exec.Command("go", "build", "-o", bin, "github.com/xoc-dev/xoc/cmd/xoc").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build (%v): %v\n%s", time.Since(start), err, out)
	}
	return bin, nil
})

// skipUnlessNamed skips the benchmark unless the first part of the
// -bench pattern holds "Distinct".
func skipUnlessNamed(b *testing.B) {
	first, _, _ := strings.Cut(benchPattern(), "/")
	if !strings.Contains(first, "Distinct") {
		b.Skip("runs only when -bench names it, as in -bench 'Distinct/bots=(1|10|100)$'")
	}
}

func benchPattern() string {
	if f := flag.Lookup("test.bench"); f != nil {
		return f.Value.String()
	}
	return ""
}

// namedByBench reports whether the -bench pattern names n bots, as in
// `-bench 'Distinct/bots=(500|5000)$'`: whether n is one of its numbers.
func namedByBench(n int) bool {
	for _, num := range regexp.MustCompile(`[0-9]+`).FindAllString(benchPattern(), -1) {
		if v, err := strconv.Atoi(num); err == nil && v == n {
			return true
		}
	}
	return false
}
