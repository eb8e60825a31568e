// Command genws writes a benchmark workspace of generated bots to disk,
// for timing the xoc binary by hand:
//
//	go run ./internal/benchws/cmd/genws -n 1000 /tmp/ws
//	bin/xoc build --out /tmp/ws-out /tmp/ws/...
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/internal/benchws"
)

func main() {
	n := flag.Int("n", 1000, "number of bots")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: genws [-n BOTS] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := benchws.Generate(flag.Arg(0), *n); err != nil {
		fmt.Fprintln(os.Stderr, "genws:", err)
		os.Exit(1)
	}
}
