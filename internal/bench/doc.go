// Package bench holds xoc's benchmarks: a whole build in-process, each
// stage of it, a rebuild with nothing changed, the built binary end to
// end, and a floor that does only the unavoidable work (read the inputs,
// parse them with hclparse, write as many bytes with encoding/json) to
// compare xoc against in the same run. They run over workspaces of 1, 10,
// 100 and 1,000 generated bots (internal/benchws), written once per
// process outside the timed region. `make bench` runs them; plain
// `go test` runs none of them.
//
// Custom metrics:
//
//	x-floor      wall time of the benchmark ÷ wall time of the floor on
//	             the same workspace, both measured in the same iterations
//	x-floor-cpu  the same for CPU time (user + system), which the other
//	             work of a shared machine disturbs much less
//	x-floor-median  the median, over the iterations (-benchtime=3x and
//	             more), of each run's wall time ÷ that of the floor run
//	             taken with it: what a burst of other work on the
//	             machine moves least
//	x-full       time of a rebuild ÷ time of a full build, measured alike
//	             (x-full-cpu for CPU time, x-full-median per pair)
//	cpu-s/op     CPU seconds (user + system) per build
//	MB-peak      peak resident memory of the xoc process (binary only)
package bench
