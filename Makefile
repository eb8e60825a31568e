# xoc's build. Needs only Go: everything else (stripe-mock for the tests)
# comes from the Go module proxy.

GO        ?= go
BIN       := bin
XOC       := $(BIN)/xoc
# stripe-mock is pinned in tools/go.mod and built once into bin/.
STRIPE_MOCK := $(BIN)/stripe-mock
EXAMPLES  := examples/...
OUT       := out

.PHONY: build test check lint fresh fmt bench clean

## build: compile xoc and regenerate the committed exports of examples/
build: $(XOC)
	$(XOC) build --out $(OUT) $(EXAMPLES)

$(XOC): FORCE
	@mkdir -p $(BIN)
	$(GO) build -buildvcs=auto -o $(XOC) ./cmd/xoc

$(STRIPE_MOCK): tools/go.mod tools/go.sum
	@mkdir -p $(BIN)
	$(GO) build -C tools -o ../$(STRIPE_MOCK) github.com/stripe/stripe-mock

## test: run the whole test suite (stripe-mock is built and started by the tests)
test: $(STRIPE_MOCK)
	XOC_STRIPE_MOCK_BIN=$(CURDIR)/$(STRIPE_MOCK) $(GO) test ./...

## check: everything CI checks: formatting, vet, tests, fresh exports
check: lint test fresh

## lint: gofmt, go vet and xoc fmt --check on the examples
lint: $(XOC)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(XOC) fmt --check examples testdata/valid

## fresh: fail when out/ is not what xoc build writes
fresh: $(XOC)
	$(XOC) build --check --out $(OUT) $(EXAMPLES)

## bench: benchmarks over generated workspaces of 1 to 1,000 bots (see internal/bench)
# First the xoc binary on workspaces of distinct bots, printed as a table
# by benchtable: 1 to 1,000 bots and the rebuilds of 1,000 three times
# each, for the median of the ratios (x-floor-median, x-full-median), then
# 500 and 5,000 bots once, for peak memory (5,000 bots write about a
# gigabyte per build, removed once measured). Then the in-process
# benchmarks: the small workspaces run for the usual second per
# benchmark; the 1,000-bot ones, which take about a second per build, run
# three times each.
BENCH_COUNT ?= 1
BENCHTABLE  := $(BIN)/benchtable
bench:
	@mkdir -p $(BIN)
	$(GO) build -o $(BENCHTABLE) ./internal/bench/cmd/benchtable
	{ $(GO) test -run '^$$' -bench '^BenchmarkDistinct(Rebuild)?$$/^bots=(1|10|100|1000)$$' -benchtime=3x -count=$(BENCH_COUNT) ./internal/bench; \
	  $(GO) test -run '^$$' -bench '^BenchmarkDistinct$$/^bots=(500|5000)$$' -benchtime=1x ./internal/bench; } | $(BENCHTABLE)
	$(GO) test -run '^$$' -bench '/bots=1000$$' -benchmem -benchtime=3x -count=$(BENCH_COUNT) ./internal/bench
	$(GO) test -run '^$$' -bench '/(bots=(1|10|100)|version)$$' -benchmem ./internal/bench

## fmt: format Go code
fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN)

FORCE:
