package catalog

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/xoc-dev/xoc/compiler/files"
	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
)

// A user template is a template a bot brings in a file of its own, named
// by a template_source block of the bot, in exactly the language of the
// catalog's files (templates/README.md). It is checked as the catalog's
// templates are, and more (see usercheck.go): a user's file is an input,
// whose every mistake must be an error at its line, where a catalog file
// is data its tests vouch for.
//
// A user template file's name ends in UserSuffixHCL (or UserSuffixJSON for
// HCL's JSON syntax), not in .xo.hcl: a file of a bot's directory ending
// in .xo.hcl is one of the bot's own configuration files, and a folder of
// them is a bot directory to `xoc build DIR/...`. The suffix also lets an
// editor pick the template schema (schema/template.schema.json) by name.
const (
	UserSuffixHCL  = files.SuffixTemplateHCL
	UserSuffixJSON = ".xotemplate.json"
)

// UserTemplate is a template decoded from a user's file.
type UserTemplate struct {
	*Template
	// Filename is the file's name as given to Parse or DecodeUser.
	Filename string
	// Overrides says the template replaces the catalog's template of the
	// same name (overrides = true in its file).
	Overrides bool
	// NameRange is the template block's label in the file, DeclRange its
	// header.
	NameRange, DeclRange hcl.Range
}

// overridesSchema takes the one attribute a user's template block has
// that a catalog file's has not.
var overridesSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "overrides"}}}

// Parse parses and decodes a user template file: native syntax, or HCL's
// JSON syntax when filename ends in .json. The text is scanned first, as
// a bot's files are, so that no nesting can exhaust the parser's stack.
// The template is nil when the diagnostics hold an error.
func Parse(filename string, src []byte) (*UserTemplate, hcl.Diagnostics) {
	if diags := hclscan.File(src, filename); diags.HasErrors() {
		return nil, diags
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(filename, ".json") {
		f, diags = hcljson.Parse(src, filename)
	} else {
		f, diags = hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return DecodeUser(f, filename)
}

// DecodeUser decodes a user template file parsed already (a bot's loader
// parses it with the parser that holds the bot's files, to print
// diagnostics with their source lines). The template is nil when the
// diagnostics hold an error.
func DecodeUser(f *hcl.File, filename string) (*UserTemplate, hcl.Diagnostics) {
	u, diags := decodeUser(f, filename, false)
	if diags.HasErrors() {
		return nil, diags
	}
	return u, diags
}

// decodeUser decodes and checks a template file as a user's. The catalog's
// own files pass through it in the tests (builtin), with every check but
// those of shadowing a built-in template, which they are.
func decodeUser(f *hcl.File, filename string, builtin bool) (*UserTemplate, hcl.Diagnostics) {
	content, diags := f.Body.Content(fileSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(content.Blocks) != 1 {
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "One template per file",
			Detail:   fmt.Sprintf("A template file holds exactly one template block; %s has %d.", filename, len(content.Blocks)),
			Subject:  f.Body.MissingItemRange().Ptr(),
		})
	}
	block := content.Blocks[0]
	u := &UserTemplate{Filename: filename, NameRange: block.LabelRanges[0], DeclRange: block.DefRange}

	// overrides is taken out of the body, and the rest decoded as a
	// catalog template's is.
	own, rest, moreDiags := block.Body.PartialContent(overridesSchema)
	diags = append(diags, moreDiags...)
	overridesAttr := own.Attributes["overrides"]
	if overridesAttr != nil {
		diags = append(diags, gohcl.DecodeExpression(overridesAttr.Expr, nil, &u.Overrides)...)
	}
	// Shadowing is reported whatever else is wrong, and the rest whether
	// or not the name shadows.
	var shadowing hcl.Diagnostics
	if !builtin && !diags.HasErrors() {
		shadowing = checkShadowing(u, block.Labels[0], overridesAttr)
	}
	body := *block
	body.Body = rest
	t, moreDiags := decodeTemplate(&body)
	diags = append(diags, moreDiags...)
	u.Template = t
	if diags.HasErrors() {
		return nil, append(diags, shadowing...)
	}
	for _, d := range check(t, block.DefRange) {
		if d.Summary == "Invalid catalog template" {
			d.Summary = "Invalid template" // the user's, not the catalog's
		}
		diags = append(diags, d)
	}
	if diags.HasErrors() {
		// The checks below read what the catalog's check vouches for:
		// node names, one failure message per call, a last message.
		return nil, append(diags, shadowing...)
	}
	diags = append(diags, checkUser(t, block, f.Bytes)...)
	return u, append(diags, shadowing...)
}

// checkShadowing holds a user template called name to the catalog's
// names: it takes one only with overrides = true, which it may not say
// otherwise.
func checkShadowing(u *UserTemplate, name string, overridesAttr *hcl.Attribute) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if shadowed, shadows := Lookup(name); shadows && !u.Overrides {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Template shadows a built-in one",
			Detail: fmt.Sprintf("The catalog has a template %q (%s). Give this one another name, or write overrides = true in it to install it instead of the catalog's in every bot that uses this file.",
				name, shadowed.Title),
			Subject: u.NameRange.Ptr(),
		})
	}
	if _, shadows := Lookup(name); u.Overrides && !shadows {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Nothing to override",
			Detail:   fmt.Sprintf("overrides = true replaces the catalog's template of the same name, but the catalog has no template %q. Remove overrides, or name the template after the one it replaces.%s", name, suggestion(name, Names())),
			Subject:  overridesAttr.Expr.Range().Ptr(),
		})
	}
	return diags
}
