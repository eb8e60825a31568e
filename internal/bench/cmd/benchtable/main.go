// Command benchtable reads the output of xoc's distinct-bot benchmarks
// (`go test -bench Distinct ./internal/bench`) on its standard input,
// copies it to its standard output as it comes, and then prints a table
// of them: per workspace size, the xoc binary's wall time, the floor's,
// x-floor-median, the time per bot, the peak memory and the CPU time;
// the rebuilds; and how they scale: the wall time of 1,000 bots ÷ that of
// 100, and the peak memory of 5,000 bots ÷ that of 500. A benchmark run
// more than once (-count) shows the median of its runs. It exits 1 when
// the input reports a failure or holds no distinct-bot benchmark.
//
//	go test -run '^$' -bench 'Distinct' ./internal/bench | go run ./internal/bench/cmd/benchtable
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// result is the metrics of one benchmark over its runs, by unit.
type result map[string][]float64

// get is the median of the unit's values, and whether there is one.
func (r result) get(unit string) (float64, bool) {
	xs := append([]float64(nil), r[unit]...)
	if len(xs) == 0 {
		return 0, false
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2], true
	}
	return (xs[n/2-1] + xs[n/2]) / 2, true
}

// runs is the number of iterations of all the benchmark's runs.
func (r result) runs() int {
	var n float64
	for _, v := range r["iterations"] {
		n += v
	}
	return int(n)
}

var (
	// procsSuffix is the -GOMAXPROCS suffix of a benchmark's name.
	procsSuffix  = regexp.MustCompile(`-[0-9]+$`)
	distinctName = regexp.MustCompile(`^BenchmarkDistinct/bots=([0-9]+)$`)
	rebuildName  = regexp.MustCompile(`^BenchmarkDistinctRebuild/bots=([0-9]+)/(.+)$`)
)

func run(in io.Reader, out io.Writer) error {
	results := map[string]result{}
	var failed bool
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "panic:") {
			failed = true
		}
		name, r, ok := parseLine(line)
		if !ok {
			continue
		}
		if results[name] == nil {
			results[name] = result{}
		}
		for unit, v := range r {
			results[name][unit] = append(results[name][unit], v)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintln(out)
	n := printTable(out, results)
	switch {
	case failed:
		return errors.New("a benchmark failed")
	case n == 0:
		return errors.New("no distinct-bot benchmark in the input")
	}
	return nil
}

// parseLine reads a benchmark result line: name, iterations, then pairs
// of value and unit.
func parseLine(line string) (string, map[string]float64, bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
		return "", nil, false
	}
	iterations, err := strconv.Atoi(fields[1])
	if err != nil {
		return "", nil, false
	}
	r := map[string]float64{"iterations": float64(iterations)}
	for i := 2; i+1 < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return "", nil, false
		}
		r[fields[i+1]] = v
	}
	return procsSuffix.ReplaceAllString(fields[0], ""), r, true
}

// printTable prints the table and returns how many benchmarks it shows.
func printTable(out io.Writer, results map[string]result) int {
	type sized struct {
		bots int
		r    result
	}
	var sizes []sized
	var rebuilds []string
	for name, r := range results {
		if m := distinctName.FindStringSubmatch(name); m != nil {
			bots, _ := strconv.Atoi(m[1])
			sizes = append(sizes, sized{bots, r})
		} else if rebuildName.MatchString(name) {
			rebuilds = append(rebuilds, name)
		}
	}
	sort.Slice(sizes, func(i, j int) bool { return sizes[i].bots < sizes[j].bots })
	// unchanged first, then the changes.
	sort.Slice(rebuilds, func(i, j int) bool {
		a, b := strings.HasSuffix(rebuilds[i], "/unchanged"), strings.HasSuffix(rebuilds[j], "/unchanged")
		if a != b {
			return a
		}
		return rebuilds[i] < rebuilds[j]
	})
	if len(sizes) > 0 {
		fmt.Fprintln(out, "xoc build of distinct bots (the binary), against the floor:")
		w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(w, "bots\twall\tfloor\tx-floor-median\tx-floor-of-medians\tper bot\tMB-peak\tcpu-s\truns\t")
		for _, s := range sizes {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", s.bots,
				duration(s.r, "ns/op"), duration(s.r, "floor-ns/op"), number(s.r, "x-floor-median", "%.2f"), number(s.r, "x-floor-of-medians", "%.2f"),
				duration(s.r, "ns/bot"), number(s.r, "MB-peak", "%.0f"), number(s.r, "cpu-s/op", "%.2f"), s.r.runs())
		}
		w.Flush()
		bySize := map[int]result{}
		for _, s := range sizes {
			bySize[s.bots] = s.r
		}
		if a, b := bySize[1000], bySize[100]; a != nil && b != nil {
			x, _ := a.get("ns/op")
			y, _ := b.get("ns/op")
			if y > 0 {
				fmt.Fprintf(out, "wall 1000 ÷ 100 bots:    %.2f (10 grows with the bots); per bot %.2f (1 is flat)\n", x/y, x/y/10)
			}
		}
		if a, b := bySize[5000], bySize[500]; a != nil && b != nil {
			x, _ := a.get("MB-peak")
			y, _ := b.get("MB-peak")
			if y > 0 {
				fmt.Fprintf(out, "MB-peak 5000 ÷ 500 bots: %.2f (10 grows with the bots; 1 is flat)\n", x/y)
			}
		}
	}
	if len(rebuilds) > 0 {
		fmt.Fprintln(out, "rebuild into the last build's folder, build cache on, against a full build:")
		w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(w, "bots\tchange\twall\tx-full-median\tMB-peak\truns\t")
		for _, name := range rebuilds {
			m := rebuildName.FindStringSubmatch(name)
			r := results[name]
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t\n", m[1], m[2], duration(r, "ns/op"),
				number(r, "x-full-median", "%.3f"), number(r, "MB-peak", "%.0f"), r.runs())
		}
		w.Flush()
	}
	return len(sizes) + len(rebuilds)
}

// duration formats a metric in nanoseconds, rounded to three figures.
func duration(r result, unit string) string {
	v, ok := r.get(unit)
	if !ok {
		return "-"
	}
	d := time.Duration(v)
	for _, u := range []time.Duration{time.Second, time.Millisecond, time.Microsecond} {
		if d >= u {
			return fmt.Sprintf("%.3g %s", v/float64(u), map[time.Duration]string{time.Second: "s", time.Millisecond: "ms", time.Microsecond: "µs"}[u])
		}
	}
	return fmt.Sprintf("%.0f ns", v)
}

func number(r result, unit, format string) string {
	v, ok := r.get(unit)
	if !ok {
		return "-"
	}
	return fmt.Sprintf(format, v)
}
