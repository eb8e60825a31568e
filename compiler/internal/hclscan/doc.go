// Package hclscan checks the text of an HCL file, in the native or the
// JSON syntax, before hcl parses it, so that no text can crash or hang
// what reads it.
//
// hcl's parsers descend one call per level of nesting, and Go cannot
// recover from a stack overflow: 100,000 nested parentheses ended xoc
// with a Go stack trace. So a text is scanned as hcl's scanners read it
// (strings, escapes, template interpolations and directives, heredocs,
// comments, and JSON strings as the templates they hold), and a text that
// nests deeper than MaxNesting is reported where it goes too deep. A
// caller does not parse a text with problems.
//
// Depth counts what makes the parsers and the evaluator descend: each
// open parenthesis, bracket, brace, string, heredoc, interpolation and if
// or for directive, and each operator in a row (a + b + c is a tree two
// deep, and !!!x three), up to a comma or, in a body or an object, a new
// line. A bracket after a value counts as long as an operator: a[0][0][0]
// is a chain of index operations. In a template, the parts follow one
// another and do not add up.
//
// The scan checks number literals too: cty reads a number in time that
// grows with the square of its digits (38 s for four million), and writes
// one out in time that grows faster than its exponent (21 s for
// 1e9999999). A number must lie within MaxNumberExponent and be written
// with at most MaxNumberText characters (see NumberText).
package hclscan
