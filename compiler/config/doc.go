// Package config loads a bot directory: it parses every *.xo.hcl and
// *.xo.json file with hcl/v2, resolves variables, evaluates expressions to
// cty values, builds the JSON document that schema/config.schema.json
// describes, validates it, and runs the checks a schema cannot express
// (references, duplicates across files, secrets, catalog look-ups).
//
// Every problem becomes an hcl.Diagnostic whose range is the attribute or
// block at fault; diagnostics accumulate, so one run reports every error it
// can find. The result is a Config, the model the later stages lower into a
// platform export.
package config
