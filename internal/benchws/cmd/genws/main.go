// Command genws writes a benchmark workspace of generated bots to disk,
// for timing the xoc binary by hand:
//
//	go run ./internal/benchws/cmd/genws -n 1000 /tmp/ws
//	bin/xoc build --out /tmp/ws-out /tmp/ws/...
//
// With -distinct, every bot customises every template it installs, so
// that no two bots share a dialog task (benchws.GenerateDistinct).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/internal/benchws"
)

func main() {
	n := flag.Int("n", 1000, "number of bots")
	distinct := flag.Bool("distinct", false, "make every bot's dialog tasks its own")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: genws [-n BOTS] [-distinct] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	generate := benchws.Generate
	if *distinct {
		generate = benchws.GenerateDistinct
	}
	if err := generate(flag.Arg(0), *n); err != nil {
		fmt.Fprintln(os.Stderr, "genws:", err)
		os.Exit(1)
	}
}
