package docgen

//go:generate go run ./cmd/splice ../../README.md
