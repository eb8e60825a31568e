package kore

// SampleBot is the sample bot of the package's tests, for the tests of
// package kore_test, which check exports with the test-only oracle
// (compiler/internal/exportcheck, which imports kore).
var SampleBot = sampleBot

// The JSON helpers of the package's tests, for package kore_test.
var (
	MutateJSON       = mutateJSON
	JSONNode         = jsonNode
	JSONTransition   = jsonTransition
	JSONComponent    = jsonComponent
	BrokenJSONMarker = brokenJSONMarker
)
