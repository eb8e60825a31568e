package main

// The README's command list is rendered from the commands' definitions by
// TestREADMECommands (readme_test.go), which fails while it is stale.
//
//go:generate go test . -run TestREADMECommands -update
