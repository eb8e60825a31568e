// Command xoc compiles HCL descriptions of Kore.ai XO Platform bots, their
// Stripe action, authorization profiles and templates into importable bot
// exports.
//
// This package is the command line only: flags, subcommands, output
// streams and exit codes. The compiler lives under compiler/.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

// Garbage collector settings for a compiler run. A build allocates about
// 0.3 MB of short-lived memory per bot while the live heap stays small
// (bots are written as they finish), so the default GOGC=100 collects far
// more often than memory requires. Collecting at 4 × the live heap, and at
// the latest at a 192 MiB soft limit, makes a 1,000-bot build about a
// sixth faster with peak memory near 160 MB (see the README's performance
// section). GOGC or GOMEMLIMIT in the environment take precedence.
const (
	gcPercent   = 400
	memoryLimit = 192 << 20
)

func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}

func main() {
	tuneGC()
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ()))
}
