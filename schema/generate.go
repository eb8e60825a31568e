package schema

// file.schema.json is derived from config.schema.json: regenerate it
// after changing the language, or TestFileSchemaIsCurrent fails.
//
//go:generate go run gen_file.go
