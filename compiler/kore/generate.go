package kore

// The summary of the real exports that conformance_test.go checks against,
// and the built-in icon. Both generators are deterministic.
//go:generate go run gen_shapes.go
//go:generate go run gen_icon.go
