// Package bench holds xoc's benchmarks: a whole build in-process, each
// stage of it, a rebuild with nothing changed, the built binary end to
// end, and a floor that does only the unavoidable work to compare xoc
// against in the same run. They run over workspaces of 1, 10, 100 and
// 1,000 generated bots (internal/benchws), written once per process
// outside the timed region. `make bench` runs them; plain `go test` runs
// none of them.
//
// BenchmarkDistinct and BenchmarkDistinctRebuild (distinct_test.go) run
// the xoc binary, as users do, on workspaces of distinct bots
// (benchws.GenerateDistinct), where every bot customises every template
// it installs, so that a build can share no dialog task between bots;
// they use none of xoc's packages in-process. BenchmarkDistinct's sizes
// are 1, 10, 100 and 1,000 bots, and 500 and 5,000 when the -bench
// pattern names them (`-bench 'Distinct/bots=(500|5000)$'`). Their floor
// is the workspace's own: one xoc build of it, before the timed region,
// gives the bytes of every output file; the floor then reads and parses
// (hclparse) every bot's input files and writes exactly those bytes, on
// runtime.GOMAXPROCS(0) workers. The other benchmarks' floor writes as
// many bytes, in as many files, with encoding/json. `make bench` prints
// the distinct-bot results as a table (cmd/benchtable), with the wall
// time of 1,000 bots ÷ that of 100 and the peak memory of 5,000 bots ÷
// that of 500.
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
//	             machine moves least (BenchmarkDistinct reports it from
//	             one iteration on)
//	x-floor-of-medians  the median of the benchmark's wall times ÷ the
//	             median of the floor's (BenchmarkDistinct)
//	x-full       time of a rebuild ÷ time of a full build, measured alike
//	             (x-full-cpu for CPU time, x-full-median per pair)
//	cpu-s/op     CPU seconds (user + system) per build
//	MB-peak      peak resident memory of the xoc process (binary only)
//	ns/bot       wall time of a build ÷ the number of bots: flat when
//	             the cost of a bot does not depend on how many others
//	             there are
//	floor-ns/op  wall time of the floor run per iteration
package bench
