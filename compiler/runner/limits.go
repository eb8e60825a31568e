package runner

import (
	"errors"
	"fmt"
	"runtime/metrics"
	"time"

	"github.com/dop251/goja"
)

// A run executes JavaScript and reads HTTP responses from an export and a
// server it does not control. Each is bounded, so that a hostile or broken
// one fails the run with a clear error instead of taking the machine's
// memory or time:
//
//   - a response body is read up to maxResponseBytes;
//   - a piece of JavaScript runs for at most scriptTimeout, and may grow
//     the heap by at most Options.MaxScriptHeapGrowth.
//
// goja has no memory limit of its own. A watchdog samples the heap
// (runtime/metrics' live-and-unswept heap objects, which costs no
// stop-the-world) every heapSampleInterval while a script runs and
// interrupts it once the heap has grown by more than the limit since the
// script started. The interrupt lands between two instructions, so one
// instruction that allocates a lot at once is not stopped half-way: the
// string builders that make a large string from a small one in a single
// call (repeat, padStart, padEnd) check the length they would make first.

// maxResponseBytes bounds how much of a response the runner reads. The
// largest answer a template's call gets from Stripe is a list of at most
// 100 objects of a few kB each, well under 1 MiB; 8 MiB leaves room for
// any real list and still bounds what a server that never stops sending
// can cost.
const maxResponseBytes = 8 << 20

// DefaultMaxScriptHeapGrowth is the heap growth one piece of JavaScript
// may cause when Options.MaxScriptHeapGrowth is 0. A template's script
// reshapes one response (at most 8 MiB of JSON, a few tens of MiB as
// JavaScript values); 256 MiB is ten times that, and keeps a runaway
// script (a string doubled in a loop reaches 4 GB within the time limit)
// to a few hundred MiB.
const DefaultMaxScriptHeapGrowth = 256 << 20

// heapSampleInterval is how often the watchdog looks at the heap while a
// script runs. A doubling string takes several milliseconds per step once
// it is large, so the watchdog sees the limit crossed within a step or two.
const heapSampleInterval = 2 * time.Millisecond

// ErrScriptMemory is returned (wrapped) when a piece of JavaScript grows
// the heap by more than its limit.
var ErrScriptMemory = errors.New("script used too much memory")

var errScriptTimeout = fmt.Errorf("script did not finish within %s", scriptTimeout)

// heapObjectsMetric is the heap memory taken by objects, live or not yet
// swept.
const heapObjectsMetric = "/memory/classes/heap/objects:bytes"

// heapInUse reads heapObjectsMetric into sample and returns it.
func heapInUse(sample []metrics.Sample) int64 {
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

// guardScript starts the watchdog of one piece of JavaScript: it
// interrupts the VM when the script runs longer than scriptTimeout or
// grows the heap by more than the run's limit. The returned function
// stops the watchdog and clears an interrupt that landed after the script
// had finished, so that it does not hit the next one.
func (m *machine) guardScript() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: heapObjectsMetric}}
	start := heapInUse(sample)
	limit := m.maxHeapGrowth
	go func() {
		defer close(finished)
		deadline := time.NewTimer(scriptTimeout)
		defer deadline.Stop()
		tick := time.NewTicker(heapSampleInterval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-deadline.C:
				m.vm.Interrupt(errScriptTimeout)
				return
			case <-tick.C:
				if grown := heapInUse(sample) - start; grown > limit {
					m.vm.Interrupt(fmt.Errorf("%w: it grew the heap by more than %s, the limit of one script", ErrScriptMemory, mebibytes(limit)))
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		m.vm.ClearInterrupt()
	}
}

// mebibytes renders a size for messages: "256 MiB".
func mebibytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitStringBuilders replaces String.prototype.repeat, padStart and
// padEnd with versions that throw a RangeError, as a JavaScript engine
// does for a string too long, when the string they would make is longer
// than limit bytes: each makes it in one call, which the watchdog cannot
// interrupt.
func limitStringBuilders(vm *goja.Runtime, limit int64) {
	proto := vm.Get("String").ToObject(vm).Get("prototype").ToObject(vm)
	wrap := func(name string, length func(call goja.FunctionCall) float64) {
		orig, ok := goja.AssertFunction(proto.Get(name))
		if !ok {
			return
		}
		_ = proto.Set(name, func(call goja.FunctionCall) goja.Value {
			// A UTF-16 unit takes up to 2 bytes in goja's strings.
			if n := length(call); n*2 > float64(limit) {
				panic(vm.NewGoError(fmt.Errorf("%w: %s would make a string of %.0f characters, more than one script may use", ErrScriptMemory, name, n)))
			}
			v, err := orig(call.This, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		})
	}
	thisLength := func(call goja.FunctionCall) float64 {
		if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
			return 0 // the original throws its TypeError
		}
		return float64(len(call.This.String()))
	}
	wrap("repeat", func(call goja.FunctionCall) float64 {
		return thisLength(call) * call.Argument(0).ToFloat()
	})
	padTo := func(call goja.FunctionCall) float64 { return call.Argument(0).ToFloat() }
	wrap("padStart", padTo)
	wrap("padEnd", padTo)
}
