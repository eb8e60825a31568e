package bench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/files"
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/output"
	"github.com/xoc-dev/xoc/compiler/review"
	"github.com/xoc-dev/xoc/internal/benchws"
)

// sizes are the workspace sizes, in bots, every sized benchmark runs on.
var sizes = []int{1, 10, 100, 1000}

// scratch holds the workspaces, outputs and the binary of this process.
var scratch string

func TestMain(m *testing.M) {
	if report := os.Getenv(childReportEnv); report != "" {
		os.Exit(runChild(report, os.Args[1:]))
	}
	dir, err := os.MkdirTemp("", "xoc-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// workspace is a generated workspace and what the benchmarks need to
// know about it, computed once.
type workspace struct {
	root string
	dirs []string
	// floor is the workspace's floor: it writes the very bytes a build
	// writes.
	floor *floor
}

var (
	workspacesMu sync.Mutex
	workspaces   = map[int]*workspace{}
)

// getWorkspace generates the workspace of n bots on first use, and builds
// it once to learn the sizes of its output.
func getWorkspace(b *testing.B, n int) *workspace {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	workspacesMu.Lock()
	defer workspacesMu.Unlock()
	if ws := workspaces[n]; ws != nil {
		return ws
	}
	root := filepath.Join(scratch, fmt.Sprintf("ws-%d", n))
	if err := benchws.Generate(root, n); err != nil {
		b.Fatal(err)
	}
	dirs, err := files.BotDirs([]string{filepath.Join(root, "...")})
	if err != nil {
		b.Fatal(err)
	}
	ws := &workspace{root: root, dirs: dirs}
	ref := freshDir(fmt.Sprintf("ws-%d-ref", n))
	defer discard(ref)
	if ws.floor, err = newFloor(xocBinary(b), root, ref); err != nil {
		b.Fatal(err)
	}
	workspaces[n] = ws
	return ws
}

// mustLoad loads every bot of the workspace, in parallel.
func mustLoad(b *testing.B, ws *workspace) []*config.Config {
	b.Helper()
	cfgs := make([]*config.Config, len(ws.dirs))
	parallel(len(ws.dirs), func(k int) {
		cfg, _, diags := config.Load(ws.dirs[k], config.Inputs{})
		if diags.HasErrors() {
			b.Error(diags)
		}
		cfgs[k] = cfg
	})
	return cfgs
}

// wholeBuild is what `xoc build WS/...` does, in-process, with the build
// cache in the scratch folder: bots the cache finds up to date in out
// are neither loaded nor built, and the others are remembered.
func wholeBuild(b *testing.B, ws *workspace, out string) {
	res, err := build.Run(context.Background(), build.Request{Mode: build.Write, Dirs: []string{filepath.Join(ws.root, "...")}, OutDir: out, Environ: []string{build.EnvCache + "=" + cacheDir()}})
	if err != nil || len(res.Diagnostics) > 0 {
		b.Fatalf("build: %v %s", err, res.Diagnostics)
	}
}

// cacheDir is the build cache of this process, in the scratch folder.
func cacheDir() string { return filepath.Join(scratch, "cache") }

// freshDir returns a new, not yet existing directory under scratch. Each
// iteration writes into a new one. On disk none is removed before the
// process ends (TestMain removes scratch): on ext4, creating a file costs
// more the more files were deleted in the last minutes, because the
// allocator steps over recently freed inodes (on a file system without a
// journal, such as this machine's, for up to six minutes). Removing
// outputs between benchmarks would make every later one pay for the
// deleting, the floor and xoc unequally. `make bench` therefore needs
// about 6 GB free under TMPDIR. On a tmpfs, see discard.
func freshDir(prefix string) string {
	dirSeq++
	return filepath.Join(scratch, fmt.Sprintf("%s-%d", prefix, dirSeq))
}

// discard is done with an output folder of freshDir. On a tmpfs it is
// removed at once: there removing costs nothing later, while the
// gigabytes of output of the in-process builds, kept, made the xoc
// binary run after them spend four to five times as long in the kernel,
// and twice as long in all. On disk it stays until the process ends (see
// freshDir). Call it with the timer stopped.
func discard(dir string) {
	if onTmpfs() {
		os.RemoveAll(dir)
	}
}

// onTmpfs reports whether the scratch folder is on a tmpfs.
var onTmpfs = sync.OnceValue(func() bool {
	const tmpfsMagic = 0x01021994 // TMPFS_MAGIC, linux/magic.h
	var st syscall.Statfs_t
	return syscall.Statfs(scratch, &st) == nil && st.Type == tmpfsMagic
})

// dirSeq numbers freshDir's directories; benchmarks run one at a time.
var dirSeq int

func forEachSize(b *testing.B, bench func(b *testing.B, n int)) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("bots=%d", n), func(b *testing.B) { bench(b, n) })
	}
}

// cost is what running something took: wall time, and the CPU time
// (user and system) of this process, which other work on a shared
// machine disturbs much less.
type cost struct{ wall, cpu time.Duration }

// costs are the costs of repeated runs of one thing.
type costs struct {
	total cost
	runs  []cost
}

func (c *costs) add(d cost) {
	c.total.wall += d.wall
	c.total.cpu += d.cpu
	c.runs = append(c.runs, d)
}

// measure runs f and returns its cost.
func measure(f func()) cost {
	cpu0 := processCPU()
	start := time.Now()
	f()
	return cost{wall: time.Since(start), cpu: processCPU() - cpu0}
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRatio reports a's costs against base's, the runs of both taken in
// turn: x-NAME for the total wall time, x-NAME-cpu for the total CPU
// time, and, over three runs or more, x-NAME-median for the median of
// the wall time ratios of the runs taken together. Other work on a
// shared machine comes in bursts of a few seconds, which a run and the
// one it is compared with share, while a burst that hits one pair moves
// the median little.
func reportRatio(b *testing.B, name string, a, base costs) {
	b.ReportMetric(float64(a.total.wall)/float64(base.total.wall), "x-"+name)
	if base.total.cpu > 0 {
		b.ReportMetric(float64(a.total.cpu)/float64(base.total.cpu), "x-"+name+"-cpu")
	}
	if n := len(a.runs); n >= 3 && n == len(base.runs) {
		ratios := make([]float64, n)
		for i := range ratios {
			ratios[i] = float64(a.runs[i].wall) / float64(base.runs[i].wall)
		}
		b.ReportMetric(median(ratios), "x-"+name+"-median")
	}
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// BenchmarkBuild is a whole build into an empty output folder: find the
// bots, load, evaluate and validate them, lower, encode, self-check,
// write, and remember them in the build cache. Each iteration also runs
// the floor, untimed, for x-floor.
func BenchmarkBuild(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		var xoc, floor costs
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			out := freshDir("out-build")
			b.StartTimer()
			xoc.add(measure(func() { wholeBuild(b, ws, out) }))
			b.StopTimer()
			floorOut := freshDir("out-floor")
			floor.add(measure(func() { runFloorOf(b, ws, floorOut) }))
			discard(out)
			discard(floorOut)
			b.StartTimer()
		}
		b.ReportMetric(xoc.total.cpu.Seconds()/float64(b.N), "cpu-s/op")
		reportRatio(b, "floor", xoc, floor)
	})
}

// BenchmarkRebuildUnchanged builds into an output folder that already
// holds this very build: the build cache finds every bot up to date, and
// nothing is loaded, built or written. Each iteration also runs a full
// build, untimed, for x-full.
func BenchmarkRebuildUnchanged(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		b.StopTimer()
		out := freshDir("out-rebuild")
		wholeBuild(b, ws, out)
		b.StartTimer()
		var rebuild, full costs
		for i := 0; i < b.N; i++ {
			rebuild.add(measure(func() { wholeBuild(b, ws, out) }))
			b.StopTimer()
			fullOut := freshDir("out-build")
			full.add(measure(func() { wholeBuild(b, ws, fullOut) }))
			discard(fullOut)
			b.StartTimer()
		}
		reportRatio(b, "full", rebuild, full)
	})
}

// BenchmarkFloor is the unavoidable work alone: read every input file,
// parse it with hclparse, and write as many output bytes as a build, in
// as many files, with encoding/json, over as many workers.
func BenchmarkFloor(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			out := freshDir("out-floor")
			b.StartTimer()
			runFloorOf(b, ws, out)
			b.StopTimer()
			discard(out)
			b.StartTimer()
		}
	})
}

// BenchmarkParse reads and parses the input files (hclparse), the first
// half of loading; BenchmarkLoad minus this is evaluation and validation.
func BenchmarkParse(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		for i := 0; i < b.N; i++ {
			parallel(len(ws.dirs), func(k int) { parseBot(b, ws.dirs[k]) })
		}
	})
}

// BenchmarkLoad is config.Load of every bot: read, parse, evaluate and validate every
// bot (the JSON Schema included), in parallel.
func BenchmarkLoad(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		for i := 0; i < b.N; i++ {
			mustLoad(b, ws)
		}
	})
}

// BenchmarkLower lowers every loaded bot to the export IR, in parallel.
func BenchmarkLower(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		cfgs := mustLoadUntimed(b, getWorkspace(b, n))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			parallel(len(cfgs), func(k int) {
				if _, diags := lower.Lower(cfgs[k], lower.Options{}); diags.HasErrors() {
					b.Error(diags)
				}
			})
		}
	})
}

// BenchmarkEncode encodes every lowered bot (botDefinition.json,
// config.json, icon.png, and the checks before them), in parallel.
func BenchmarkEncode(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		bots := lowered(b, n)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			parallel(len(bots), func(k int) {
				if _, err := kore.Encode(bots[k]); err != nil {
					b.Error(err)
				}
			})
		}
	})
}

// BenchmarkReview renders every lowered bot's REVIEW.md, in parallel.
func BenchmarkReview(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		bots := lowered(b, n)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			parallel(len(bots), func(k int) { review.Render(bots[k]) })
		}
	})
}

// BenchmarkWrite stages every bot's compiled files into an empty output
// folder and commits them: the file system part of a build.
func BenchmarkWrite(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		b.StopTimer()
		ws := getWorkspace(b, n)
		res, err := build.Run(context.Background(), build.Request{Mode: build.Keep, Dirs: []string{filepath.Join(ws.root, "...")}})
		if err != nil || res.Diagnostics.HasErrors() {
			b.Fatalf("build: %v %s", err, res.Diagnostics)
		}
		labels := make([]string, len(res.Bots))
		botFiles := make([][]output.File, len(res.Bots))
		for k, bot := range res.Bots {
			labels[k] = bot.Label
			for _, name := range slices.Sorted(maps.Keys(bot.Files)) {
				botFiles[k] = append(botFiles[k], output.File{Name: name, Data: bot.Files[name]})
			}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			out := freshDir("out-write")
			b.StartTimer()
			stage, err := output.NewStage(out)
			if err != nil {
				b.Fatal(err)
			}
			parallel(len(labels), func(k int) {
				if err := stage.Add(labels[k], botFiles[k]); err != nil {
					b.Error(err)
				}
			})
			if _, err := stage.Commit(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			discard(out)
			b.StartTimer()
		}
	})
}

// BenchmarkBinary runs the built xoc binary end to end on the workspace,
// a fresh output folder each time, and reports its peak resident memory
// and its time against the in-process floor; and `xoc version`.
func BenchmarkBinary(b *testing.B) {
	b.Run("version", benchmarkVersion)
	forEachSize(b, func(b *testing.B, n int) {
		ws := getWorkspace(b, n)
		bin := xocBinary(b)
		var peak int64
		var xoc, floor costs
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			out := freshDir("out-binary")
			b.StartTimer()
			run := runMeasured(b, bin, "build", "--out", out, filepath.Join(ws.root, "..."))
			b.StopTimer()
			xoc.add(run.cost)
			peak = max(peak, run.maxRSS)
			floorOut := freshDir("out-floor")
			floor.add(measure(func() { runFloorOf(b, ws, floorOut) }))
			discard(out)
			discard(floorOut)
			b.StartTimer()
		}
		// ns/op is xoc's own time, without the process that measures it.
		b.ReportMetric(float64(xoc.total.wall.Nanoseconds())/float64(b.N), "ns/op")
		b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
		b.ReportMetric(xoc.total.cpu.Seconds()/float64(b.N), "cpu-s/op")
		reportRatio(b, "floor", xoc, floor)
	})
}

// benchmarkVersion runs `xoc version`: the cost of starting the binary.
// It is BenchmarkBinary/version, so that one -bench pattern of
// sub-benchmarks selects it with the sized ones.
func benchmarkVersion(b *testing.B) {
	bin := xocBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command(bin, "version").CombinedOutput(); err != nil {
			b.Fatalf("xoc version: %v\n%s", err, out)
		}
	}
}

// A child's peak resident memory (ru_maxrss) counts the memory of the
// process it was started from: Go starts children with vfork, and Linux
// carries the parent's peak over the exec. So runMeasured has a small
// process start xoc and report on it: this test binary again, run as
// runChild, whose own small memory is all that xoc inherits.
const childReportEnv = "XOC_BENCH_CHILD_REPORT"

// run is what one measured run of a command took.
type run struct {
	cost
	maxRSS int64 // bytes
}

// runMeasured runs a command through runChild and returns its wall time,
// CPU time and peak resident memory.
func runMeasured(b *testing.B, name string, args ...string) run {
	report := filepath.Join(scratch, "child-report")
	cmd := exec.Command(os.Args[0], append([]string{name}, args...)...)
	// xoc's build cache goes into the scratch folder, not the user's.
	cmd.Env = append(os.Environ(), childReportEnv+"="+report, "XOC_CACHE="+cacheDir())
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v", name, args, err)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	var r run
	if _, err := fmt.Sscan(string(data), &r.wall, &r.cpu, &r.maxRSS); err != nil {
		b.Fatalf("child report %q: %v", data, err)
	}
	return r
}

// runChild runs args as a command and writes to the file report its wall
// time, CPU time (both in nanoseconds) and peak resident memory (bytes),
// and returns its exit code.
func runChild(report string, args []string) int {
	if len(args) == 0 {
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var maxRSS int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if werr := os.WriteFile(report, fmt.Appendf(nil, "%d %d %d\n", wall, cpu, maxRSS), 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, werr)
		return 2
	}
	return cmd.ProcessState.ExitCode()
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// xocBinary builds cmd/xoc once per process, the way `make build` does.
func xocBinary(b *testing.B) string {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	binOnce.Do(func() {
		binPath = filepath.Join(scratch, "xoc")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/xoc-dev/xoc/cmd/xoc").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

func mustLoadUntimed(b *testing.B, ws *workspace) []*config.Config {
	b.StopTimer()
	defer b.StartTimer()
	return mustLoad(b, ws)
}

// lowered returns the lowered bots of the workspace of n bots, untimed.
func lowered(b *testing.B, n int) []*ir.Bot {
	cfgs := mustLoadUntimed(b, getWorkspace(b, n))
	bots := make([]*ir.Bot, len(cfgs))
	parallel(len(cfgs), func(k int) {
		bot, diags := lower.Lower(cfgs[k], lower.Options{})
		if diags.HasErrors() {
			b.Error(diags)
		}
		bots[k] = bot
	})
	return bots
}

// parallel runs f(0) … f(n-1) on one worker per CPU, as a build does.
func parallel(n int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for k := range next {
				f(k)
			}
		})
	}
	for k := range n {
		next <- k
	}
	close(next)
	wg.Wait()
}

// runFloorOf runs the workspace's floor into out.
func runFloorOf(b *testing.B, ws *workspace, out string) {
	if err := ws.floor.run(out); err != nil {
		b.Fatal(err)
	}
}

// parseBot reads and parses a bot's configuration files, as config.Load
// does before evaluating them.
func parseBot(b *testing.B, dir string) {
	paths, err := inputFiles(dir)
	if err == nil {
		err = parseInputs(paths)
	}
	if err != nil {
		b.Error(err)
	}
}
