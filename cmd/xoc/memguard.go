package main

import (
	"fmt"
	"io"
	"runtime/metrics"
	"time"
)

// The memory guard is the backstop for an input that makes xoc build a
// huge value where no bound of the compiler reaches: hcl evaluates a for
// expression, or a template, without a hook, so
// [for a in range(10000): [for b in range(10000): 1]] is a hundred million
// elements before any check sees the value. Go answers an allocation it
// cannot make with a fatal error and a stack trace; the guard stops first,
// with a message that says what happened. A build's heap stays in the tens
// of MB (see tuneGC), so the limit is far above any real workload.
const (
	heapLimit     = 1 << 30
	heapPollEvery = 25 * time.Millisecond
)

// guardMemory polls the heap until stop is closed; when the heap passes
// limit it writes why to stderr and calls exit (os.Exit: no deferred
// function runs, which the output folder's journal is built for).
func guardMemory(limit uint64, stderr io.Writer, exit func(int), stop <-chan struct{}) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(heapPollEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if used := sample[0].Value.Uint64(); used > limit {
			fmt.Fprintf(stderr, "xoc: stopped: %d MiB of memory in use, over the limit of %d MiB. An input builds a value far larger than any bot needs: a for expression over a long list inside another, or a template that repeats a large value.\n",
				used>>20, limit>>20)
			exit(exitConfig)
			return
		}
	}
}
