package config

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/files"
)

// File name suffixes of configuration files, as the files package defines
// them: LoadFiles picks each file's parser by its suffix.
const (
	SuffixHCL  = files.SuffixHCL
	SuffixJSON = files.SuffixJSON
)

// Load reads the bot in dir. It returns the parsed files (for printing
// diagnostics with their source) and every diagnostic it can find; the
// Config is complete only when the diagnostics hold no error.
func Load(dir string, in Inputs) (*Config, map[string]*hcl.File, hcl.Diagnostics) {
	parser := hclparse.NewParser()
	cfg := &Config{Dir: dir, Variables: map[string]*Variable{}}
	paths, err := files.BotFiles(dir)
	if err != nil {
		if info, statErr := os.Stat(dir); statErr == nil && !info.IsDir() {
			return cfg, parser.Files(), hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Not a bot directory",
				Detail:   fmt.Sprintf("%s is a file. A bot is a directory of configuration files: give its directory, %s.", dir, filepath.Dir(dir)),
			}}
		}
		return cfg, parser.Files(), hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read bot directory",
			Detail:   fmt.Sprintf("%s: %s.", dir, describeFileError(err)),
		}}
	}
	if len(paths) == 0 {
		return cfg, parser.Files(), hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No configuration files",
			Detail:   fmt.Sprintf("%s holds no *%s or *%s files.", dir, SuffixHCL, SuffixJSON),
		}}
	}
	return LoadFiles(dir, paths, in)
}

// LoadFiles reads the bot made of the given files of dir, as Load does.
func LoadFiles(dir string, paths []string, in Inputs) (*Config, map[string]*hcl.File, hcl.Diagnostics) {
	parser := hclparse.NewParser()
	cfg := &Config{Dir: dir, Variables: map[string]*Variable{}, Files: paths}
	var diags hcl.Diagnostics
	doc := newDocument()
	var files []*hcl.File
	for _, path := range paths {
		f, more := parseSource(parser, path, readBotFile)
		diags = append(diags, more...)
		if f != nil {
			doc.sources[path] = f.Bytes
			if !more.HasErrors() {
				files = append(files, f)
			}
		}
	}

	if diags.HasErrors() {
		// A file that does not parse is not decoded at all, and neither
		// are the others: every further error would be a guess about what
		// the broken file holds (a "missing" bot block that is there, an
		// "undeclared" variable it declares).
		sortDiagnostics(diags)
		return cfg, parser.Files(), diags
	}

	l := &loader{cfg: cfg, doc: doc, in: in, parser: parser, sc: &scope{
		variables:    cfg.Variables,
		locals:       map[string]cty.Value{},
		localDecls:   map[string]*hcl.Attribute{},
		authProfiles: map[string]cty.Value{},
		profileDecls: map[string]*hcl.Block{},
	}}
	diags = append(diags, l.decodeFiles(files)...)
	redactSecrets(diags, secrets(cfg.Variables, l.sc.values, in))
	sortDiagnostics(diags)
	return cfg, parser.Files(), diags
}

// loader carries the state of loading one directory.
type loader struct {
	cfg *Config
	doc *document
	in  Inputs
	sc  *scope
	// parser holds every file read: the bot's, and its template files.
	parser *hclparse.Parser
}

// blocksOf groups the top-level blocks of all files by type, in file order
// and position, so that the result does not depend on anything but the
// sorted file names.
func blocksOf(files []*hcl.File) (map[string][]*hcl.Block, map[string]bool, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	byType := map[string][]*hcl.Block{}
	written := map[string]bool{}
	for _, f := range files {
		content, more := f.Body.Content(lang().file.hcl)
		diags = append(diags, more...)
		for t := range writtenBlocks(f.Body) {
			written[t] = true
		}
		for _, b := range content.Blocks {
			byType[b.Type] = append(byType[b.Type], b)
		}
	}
	return byType, written, diags
}

// writtenBlocks lists the types of the blocks written in a native-syntax
// body, whatever their labels. hcl leaves a block with the wrong number of
// labels out of a body's content, and reports it; the schema must not then
// report the block as missing too.
func writtenBlocks(body hcl.Body) map[string]bool {
	out := map[string]bool{}
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, b := range sb.Blocks {
			out[b.Type] = true
		}
	}
	return out
}

// skipDropped marks the document pointers of block types that were written
// but all left out for bad headers.
func skipDropped(doc *document, written map[string]bool, decoded func(string) bool, tokens ...string) {
	for t := range written {
		if !decoded(t) {
			doc.skip[pointer(append(append([]string(nil), tokens...), t)...)] = true
		}
	}
}

func (l *loader) decodeFiles(files []*hcl.File) hcl.Diagnostics {
	blocks, written, diags := blocksOf(files)
	cfg, doc, sc := l.cfg, l.doc, l.sc
	skipDropped(doc, written, func(t string) bool { return len(blocks[t]) > 0 })

	// Declarations first: every reference check needs the full set of
	// names, whichever file declares them.
	for _, b := range blocks["variable"] {
		name := b.Labels[0]
		if prev, dup := cfg.Variables[name]; dup {
			diags = append(diags, duplicateBlock(b, fmt.Sprintf("variable %q", name), prev.DeclRange))
			continue
		}
		v, more := decodeVariableBlock(b, doc)
		diags = append(diags, more...)
		cfg.Variables[name] = v
	}
	var localsOrder []string
	for _, b := range blocks["locals"] {
		attrs, more := b.Body.JustAttributes()
		diags = append(diags, more...)
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			attr := attrs[name]
			if prev, dup := sc.localDecls[name]; dup {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate local value",
					Detail:   fmt.Sprintf("Local value %q was already defined at %s; each may be defined once.", name, prev.Range),
					Subject:  attr.NameRange.Ptr(),
				})
				continue
			}
			sc.localDecls[name] = attr
			localsOrder = append(localsOrder, name)
		}
	}
	for _, b := range blocks["auth_profile"] {
		name := b.Labels[0]
		if prev, dup := sc.profileDecls[name]; dup {
			diags = append(diags, duplicateBlock(b, fmt.Sprintf("auth_profile %q", name), prev.DefRange))
			continue
		}
		sc.profileDecls[name] = b
	}

	values, rejected, more := resolveValues(cfg.Variables, l.in, cfg.Dir)
	diags = append(diags, more...)
	diags = append(diags, rejectNumbersOutOfRange(cfg.Variables, values, rejected)...)
	sc.setValues(values, rejected)
	diags = append(diags, checkValidations(cfg.Variables, values, rejected)...)
	diags = append(diags, l.evalLocals(localsOrder)...)

	for _, name := range slices.Sorted(maps.Keys(sc.profileDecls)) {
		p, val, more := decodeAuthProfileBlock(sc.profileDecls[name], sc, doc)
		diags = append(diags, more...)
		cfg.AuthProfiles = append(cfg.AuthProfiles, p)
		sc.setAuthProfile(name, val)
	}

	// Template sources before the action, whose template blocks look
	// their names up.
	diags = append(diags, l.decodeTemplateSources(blocks["template_source"])...)

	for i, b := range blocks["bot"] {
		if i > 0 {
			first := blocks["bot"][0]
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "More than one bot block",
				Detail:   fmt.Sprintf("A directory is one bot, and bot %q is declared at %s. Put each bot in a directory of its own.", first.Labels[0], first.DefRange),
				Subject:  b.DefRange.Ptr(),
			})
			continue
		}
		bot, more := decodeBotBlock(b, sc, doc)
		diags = append(diags, more...)
		cfg.Bot = bot
	}

	seenActions := map[string]*hcl.Block{}
	for _, b := range blocks["action"] {
		typ := b.Labels[0]
		if prev, dup := seenActions[typ]; dup {
			diags = append(diags, duplicateBlock(b, fmt.Sprintf("action %q", typ), prev.DefRange))
			continue
		}
		seenActions[typ] = b
		a, more := decodeActionBlock(b, sc, doc, cfg.Templates, cfg.brokenTemplateSources())
		diags = append(diags, more...)
		if a != nil {
			cfg.Stripe = a
		}
	}

	diags = append(diags, validateDocument(doc)...)
	diags = append(diags, l.check()...)
	return diags
}

// rejectNumbersOutOfRange rejects, as resolveValues rejects a value of the
// wrong type, the value of a variable that holds a number out of range
// (see numbers.go): a text its type made a number (default = "1e400" for
// a number), which no scan of the literals saw.
func rejectNumbersOutOfRange(vars map[string]*Variable, values map[string]cty.Value, rejected map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		err := checkValueNumbers(values[name])
		if err == nil {
			continue
		}
		v := vars[name]
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("The value of variable %q: %s.", name, err),
			Subject:  v.DeclRange.Ptr(),
		})
		_, marks := values[name].Unmark()
		values[name] = cty.UnknownVal(v.Type).WithMarks(marks)
		rejected[name] = true
	}
	return diags
}

// evalLocals evaluates local values in dependency order.
func (l *loader) evalLocals(order []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	sc := l.sc
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var visit func(name string, path []string)
	visit = func(name string, path []string) {
		switch state[name] {
		case done:
			return
		case visiting:
			attr := sc.localDecls[name]
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Cycle in local values",
				Detail:   fmt.Sprintf("Local values refer to each other in a circle: %s.", strings.Join(append(path, name), " → ")),
				Subject:  attr.Expr.Range().Ptr(),
			})
			sc.setLocal(name, cty.DynamicVal)
			state[name] = done
			return
		}
		state[name] = visiting
		attr := sc.localDecls[name]
		refs, _ := references(attr.Expr)
		refDiags := sc.checkReferences(refs, []string{rootVar, rootLocal}, "Local values may refer to variables and other local values.")
		diags = append(diags, refDiags...)
		if refDiags.HasErrors() {
			sc.setLocal(name, cty.DynamicVal)
			state[name] = done
			return
		}
		for _, tr := range refs {
			if tr.RootName() == rootLocal && len(tr) >= 2 {
				if step, ok := tr[1].(hcl.TraverseAttr); ok {
					visit(step.Name, append(path, name))
				}
			}
		}
		val, more := attr.Expr.Value(sc.contextFor(refs))
		diags = append(diags, more...)
		if d := valueTooLarge(attr.Expr, val); d != nil {
			diags = append(diags, d)
			val = cty.DynamicVal
		} else if more.HasErrors() {
			val = cty.DynamicVal
		}
		sc.setLocal(name, val)
		state[name] = done
	}
	for _, name := range order {
		visit(name, nil)
	}
	return diags
}

// check runs the checks the schema cannot express.
func (l *loader) check() hcl.Diagnostics {
	cfg := l.cfg
	var diags hcl.Diagnostics
	keyVariable := ""
	if cfg.Stripe != nil {
		keyVariable = cfg.Stripe.Authorization.APIKey.Variable
		for _, t := range cfg.Stripe.Templates {
			diags = append(diags, checkTemplateOptions(t, cfg.Templates)...)
		}
	}
	diags = append(diags, checkSecretsWritten(l.doc, cfg.Variables, keyVariable)...)
	declared := map[string]bool{}
	if cfg.Stripe != nil {
		declared[ir.StripeBaseURLEnvVar] = true
		if keyVariable != "" {
			declared[keyVariable] = true // reported by keyInTemplates instead
		}
	}
	diags = append(diags, unknownEnvInTemplates(l.doc, declared, keyVariable)...)
	for _, p := range cfg.AuthProfiles {
		if !l.doc.skipped(pointer("auth_profile", p.Name)) {
			diags = append(diags, checkAuthProfileURLs(p)...)
		}
	}
	icon, more := checkIcon(cfg.Dir, cfg.Bot)
	cfg.IconData = icon
	diags = append(diags, more...)
	diags = append(diags, checkProfileUse(cfg)...)
	return diags
}

// UndeclaredVars returns the --var names that none of the loaded bots
// declares: an error for the run as a whole.
func UndeclaredVars(cfgs []*Config, args []VarArg) []string {
	declared := map[string]bool{}
	for _, c := range cfgs {
		for n := range c.Variables {
			declared[n] = true
		}
	}
	var out []string
	for _, a := range args {
		if !declared[a.Name] {
			out = append(out, a.Name)
		}
	}
	return out
}
