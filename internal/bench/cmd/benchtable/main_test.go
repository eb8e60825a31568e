package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkDistinct/bots=100-2 	       3	1972773778 ns/op	        85.52 MB-peak	         0.9556 cpu-s/op	 454775541 floor-ns/op	  19727738 ns/bot	         3.329 x-floor-cpu	         4.338 x-floor-median
BenchmarkDistinct/bots=1000-2         	       3	9809941958 ns/op	       350.3 MB-peak	        13.40 cpu-s/op	2078833434 floor-ns/op	   9809942 ns/bot	         4.545 x-floor-cpu	         4.719 x-floor-median	         4.500 x-floor-of-medians
BenchmarkDistinct/bots=1000-2         	       3	9000000000 ns/op	       330.3 MB-peak	        13.40 cpu-s/op	2078833434 floor-ns/op	   9000000 ns/bot	         4.545 x-floor-cpu	         4.000 x-floor-median	         4.300 x-floor-of-medians
BenchmarkDistinct/bots=1000-2         	       3	9100000000 ns/op	       340.3 MB-peak	        13.40 cpu-s/op	2078833434 floor-ns/op	   9100000 ns/bot	         4.545 x-floor-cpu	         4.100 x-floor-median	         4.400 x-floor-of-medians
BenchmarkDistinct/bots=500-2 	       1	1972773778 ns/op	        100 MB-peak
BenchmarkDistinct/bots=5000-2 	       1	1972773778 ns/op	        250 MB-peak
BenchmarkDistinctRebuild/bots=1000/one-changed-2       	       3	 318063610 ns/op	        33.89 MB-peak	         0.3068 cpu-s/op	         0.02669 x-full-median
BenchmarkDistinctRebuild/bots=1000/unchanged-2         	       3	 179288994 ns/op	        32.35 MB-peak	         0.2660 cpu-s/op	         0.01703 x-full-median
PASS
`

func TestTable(t *testing.T) {
	var out strings.Builder
	if err := run(strings.NewReader(sample), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.HasPrefix(got, sample) {
		t.Error("the input is not copied first")
	}
	for _, want := range []string{
		// the median of three runs of nine iterations in all
		"1000   9.1 s  2.08 s            4.10                4.40   9.1 ms      340  13.40     9",
		"wall 1000 ÷ 100 bots:    4.61 (10 grows with the bots); per bot 0.46 (1 is flat)",
		"MB-peak 5000 ÷ 500 bots: 2.50",
		"1000    unchanged  179 ms          0.017       32     3",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "unchanged  179") > strings.Index(got, "one-changed  318") {
		t.Error("unchanged does not come first")
	}
}

func TestTableFails(t *testing.T) {
	for _, in := range []string{
		"PASS\n",
		sample + "--- FAIL: BenchmarkDistinct/bots=10\nFAIL\n",
		"FAIL\tgithub.com/xoc-dev/xoc/internal/bench [build failed]\n",
	} {
		var out strings.Builder
		if err := run(strings.NewReader(in), &out); err == nil {
			t.Errorf("no error for input:\n%s", in)
		}
	}
}
