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

// Garbage collector settings for a compiler run. A build streams: each
// bot is loaded, compiled, written and dropped, so the live heap stays
// small (some tens of MB, growing only by each bot's result) while a bot
// allocates a few MB of short-lived memory. Collecting at 3 × the live
// heap instead of Go's 2 × saves collections that cost little anyway
// (the live heap is small), and keeps peak memory nearly flat as the
// workspace grows; at 5 × (GOGC=400) peak memory grew with the bots'
// results, 44 MB for 500 bots and 63 MB for 5,000. The 192 MiB soft limit
// is a ceiling for unusually large bots. GOGC or GOMEMLIMIT in the
// environment take precedence.
const (
	gcPercent   = 200
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
	os.Exit(guarded(heapLimit))
}

// guarded runs the command line with the memory guard watching.
func guarded(limit uint64) int {
	stop := make(chan struct{})
	defer close(stop)
	go guardMemory(limit, os.Stderr, os.Exit, stop)
	return run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ())
}
