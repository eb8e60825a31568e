package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/catalog"
)

// A template_source block names a user template file, which the loader
// reads and decodes with the catalog's decoder (catalog.DecodeUser) as it
// reads the bot's own files: with readBotFile (a regular file, not a
// link, at most 4 MiB, opened so that a FIFO cannot block) and the same
// parser, so that the template's diagnostics print with their source
// lines and its bytes are checked for keys written in them.
//
// The path is relative to the bot's directory and may leave it ("..") so
// that bots can share a folder of templates: the file is an input the
// bot's author names, as a --var-file is, and what it holds is checked
// as strictly as the bot's own files. What the path may not be is
// absolute: a bot would then build only on the machine it was written on.
// The schema says so, and that the name ends in .xotemplate.hcl or
// .xotemplate.json.

// decodeTemplateSources decodes the template_source blocks and reads
// their files into cfg.Templates, before any template block looks a
// template up.
func (l *loader) decodeTemplateSources(blocks []*hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	cfg := l.cfg
	cfg.Templates = &catalog.Set{}
	seen := map[string]*hcl.Block{}
	for _, b := range blocks {
		name := b.Labels[0]
		if prev, dup := seen[name]; dup {
			diags = append(diags, duplicateBlock(b, fmt.Sprintf("template_source %q", name), prev.DefRange))
			continue
		}
		seen[name] = b
		src, more := l.decodeTemplateSource(b)
		diags = append(diags, more...)
		cfg.TemplateSources = append(cfg.TemplateSources, src)
		if src.Template != nil && !more.HasErrors() {
			cfg.Templates.Add(src.Template)
		}
	}
	slices.SortFunc(cfg.TemplateSources, func(a, b *TemplateSource) int { return strings.Compare(a.Name, b.Name) })
	return diags
}

// decodeTemplateSource decodes one template_source block and reads its
// file.
func (l *loader) decodeTemplateSource(b *hcl.Block) (*TemplateSource, hcl.Diagnostics) {
	src := &TemplateSource{Name: b.Labels[0], DeclRange: b.DefRange}
	obj, ptr := l.doc.setBlock(b, "template_source", src.Name)
	content, diags := b.Body.Content(lang().templateSource.hcl)
	vals, more := evalAttributes(content.Attributes, l.sc, l.doc, obj, ptr)
	diags = append(diags, more...)
	attr, ok := content.Attributes["path"]
	src.Path = stringOr(vals["path"], "")
	if !ok || src.Path == "" || !templatePathAllowed(src.Path) {
		return src, diags // the schema reports what is wrong with it
	}
	src.PathRange = attr.Expr.Range()
	file := filepath.Join(l.cfg.Dir, filepath.FromSlash(src.Path))
	f, more := parseSource(l.parser, file, readBotFile)
	for _, d := range more {
		if d.Subject == nil {
			// The file could not be read: say so where it is named.
			d.Detail = fmt.Sprintf("template_source %q: %s", src.Name, d.Detail)
			d.Subject = src.PathRange.Ptr()
		}
	}
	diags = append(diags, more...)
	if f == nil {
		return src, diags
	}
	src.File = file
	l.doc.sources[file] = f.Bytes
	if more.HasErrors() {
		return src, diags
	}
	u, more := catalog.DecodeUser(f, file)
	diags = append(diags, more...)
	if u == nil {
		return src, diags
	}
	if u.Name != src.Name {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Template name does not match its source",
			Detail: fmt.Sprintf("template_source %q names %s, whose template is %q (at %s). A bot installs a template by the name its file gives it: label the block %q, or rename the template.",
				src.Name, src.Path, u.Name, u.NameRange, u.Name),
			Subject: b.LabelRanges[0].Ptr(),
		})
		return src, diags
	}
	src.Template = u
	return src, diags
}

// templatePathAllowed reports whether a template_source path is one the
// schema allows, and the loader reads: relative, and named as a template
// file.
func templatePathAllowed(path string) bool {
	if filepath.IsAbs(path) || strings.HasPrefix(path, "/") || strings.HasPrefix(path, `\`) || filepath.VolumeName(path) != "" {
		return false
	}
	return strings.HasSuffix(path, catalog.UserSuffixHCL) || strings.HasSuffix(path, catalog.UserSuffixJSON)
}

// TemplateFiles returns the user template files the bot read, by the
// path it read them at, sorted: inputs of its build besides its
// configuration files.
func (c *Config) TemplateFiles() []string {
	var out []string
	for _, s := range c.TemplateSources {
		if s.File != "" {
			out = append(out, s.File)
		}
	}
	slices.Sort(out)
	return out
}

// brokenTemplateSources names the template sources whose file did not
// decode into a template of the set.
func (c *Config) brokenTemplateSources() map[string]bool {
	out := map[string]bool{}
	for _, s := range c.TemplateSources {
		if s.Template == nil {
			out[s.Name] = true
		}
	}
	return out
}

// TemplateSource returns the bot's template_source called name, or nil.
func (c *Config) TemplateSource(name string) *TemplateSource {
	for _, s := range c.TemplateSources {
		if s.Name == name {
			return s
		}
	}
	return nil
}
