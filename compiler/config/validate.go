package config

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/schema"
)

// validateDocument validates the document against config.schema.json and
// turns each failure into a diagnostic at the attribute or block that
// caused it, worded in the language's terms.
func validateDocument(doc *document) hcl.Diagnostics {
	sch, err := schema.Compiled()
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Internal error", Detail: err.Error()}}
	}
	verr := sch.Validate(doc.root)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Internal error", Detail: verr.Error()}}
	}
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for _, leaf := range leaves(ve) {
		for _, d := range doc.translate(leaf) {
			key := fmt.Sprintf("%s|%s|%v", d.Summary, d.Detail, d.Subject)
			if !seen[key] {
				seen[key] = true
				diags = append(diags, d)
			}
		}
	}
	return diags
}

// leaves returns the innermost validation errors: the ones that say what
// is wrong rather than which combinator failed.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

var expectedGot = regexp.MustCompile(`^expected (.+), but got (\w+)$`)

// translate turns one schema error into diagnostics.
func (doc *document) translate(ve *jsonschema.ValidationError) hcl.Diagnostics {
	kwPtr := ve.AbsoluteKeywordLocation
	if i := strings.IndexByte(kwPtr, '#'); i >= 0 {
		kwPtr = kwPtr[i+1:]
	}
	// jsonschema/v5 URL-escapes the tokens of instance locations (a label
	// "my bot" is "my%20bot"); the document's pointers are plain.
	inst, err := url.PathUnescape(ve.InstanceLocation)
	if err != nil {
		inst = ve.InstanceLocation
	}
	if doc.skipped(inst) {
		return nil
	}
	loc := locate(inst)
	keyword := kwPtr[strings.LastIndexByte(kwPtr, '/')+1:]
	rule, _ := schema.Lookup(kwPtr)
	when := conditionOf(kwPtr)
	whenText := ""
	if when != "" {
		whenText = " when " + when
	}
	p, _ := doc.placeOf(inst)

	// The absolute keyword location of a name's error is the referenced
	// definition's (#/$defs/identifier/pattern); the path through
	// propertyNames shows in the relative one.
	if strings.Contains(ve.KeywordLocation, "/propertyNames/") || strings.HasSuffix(ve.KeywordLocation, "/propertyNames") {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid name",
			Detail:   fmt.Sprintf("%q is not a valid name: a name %s.", lastToken(inst), xMessage(kwPtr, "must start with a letter or underscore")),
			Subject:  p.name().Ptr(),
		}}
	}

	if b, isBool := rule.(bool); isBool && !b && keyword != "additionalProperties" {
		// A false schema: the property may not be there at all.
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Argument not allowed",
			Detail:   fmt.Sprintf("%s: %q is not allowed%s.", loc.block, loc.attr, whenText),
			Subject:  p.whole().Ptr(),
		}}
	}

	switch keyword {
	case "required":
		var diags hcl.Diagnostics
		obj, _ := doc.valueAt(inst).(map[string]any)
		names, _ := rule.([]any)
		for _, n := range names {
			name, _ := n.(string)
			if _, present := obj[name]; present || doc.skipped(inst+pointer(name)) {
				continue
			}
			diags = append(diags, doc.missing(inst, loc, name, whenText))
		}
		return diags
	case "additionalProperties":
		var diags hcl.Diagnostics
		obj, _ := doc.valueAt(inst).(map[string]any)
		parent, _ := schema.Lookup(strings.TrimSuffix(kwPtr, "/additionalProperties"))
		known := propertyNames(parent)
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			if contains(known, name) {
				continue
			}
			ep, _ := doc.placeOf(inst + pointer(name))
			if inst == "/action" {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Unsupported action type",
					Detail:   fmt.Sprintf("There is no action %q.%s Supported actions: %s.", name, didYouMean(name, known), quoteList(known)),
					Subject:  ep.name().Ptr(),
				})
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unsupported argument",
				Detail:   fmt.Sprintf("%s: an argument named %q is not expected here.%s", loc.block, name, didYouMean(name, known)),
				Subject:  ep.name().Ptr(),
			})
		}
		return diags
	case "type":
		want, got := "a different type", ""
		if m := expectedGot.FindStringSubmatch(ve.Message); m != nil {
			want, got = typeWords(m[1]), typeWords(m[2])
		}
		detail := fmt.Sprintf("%s: %q must be %s", loc.block, loc.attr, want)
		if got != "" {
			detail += ", not " + got
		}
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   detail + ".",
			Subject:  p.subject().Ptr(),
		}}
	case "enum", "const":
		var allowed []string
		if list, ok := rule.([]any); ok {
			for _, a := range list {
				allowed = append(allowed, fmt.Sprint(a))
			}
		} else if rule != nil {
			allowed = []string{fmt.Sprint(rule)}
		}
		given, _ := doc.valueAt(inst).(string)
		detail := fmt.Sprintf("%s: %q must be %s%s.", loc.block, loc.attr, oneOf(allowed), whenText)
		if given != "" && !doc.sensitive[inst] {
			detail = fmt.Sprintf("%s: %q is %q, but must be %s%s.%s", loc.block, loc.attr, given, oneOf(allowed), whenText, didYouMean(given, allowed))
		}
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value",
			Detail:   detail,
			Subject:  p.subject().Ptr(),
		}}
	case "pattern":
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value",
			Detail:   fmt.Sprintf("%s: %q %s%s.", loc.block, loc.attr, xMessage(kwPtr, "has the wrong form"), whenText),
			Subject:  p.subject().Ptr(),
		}}
	case "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "minProperties", "maxProperties":
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value",
			Detail:   fmt.Sprintf("%s: %q %s.", loc.block, loc.attr, limitWords(keyword, rule)),
			Subject:  p.subject().Ptr(),
		}}
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid value",
		Detail:   fmt.Sprintf("%s: %q is not valid (%s).", loc.block, loc.attr, keyword),
		Subject:  p.subject().Ptr(),
	}}
}

// missing reports a required attribute or block that is absent.
func (doc *document) missing(inst string, loc location, name, whenText string) *hcl.Diagnostic {
	p, ok := doc.placeOf(inst)
	var subject *hcl.Range
	if ok {
		subject = p.subject().Ptr()
	}
	if inst == "" && name == "bot" {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing bot block",
			Detail:   `A bot directory needs one bot block, such as bot "payments_assistant" {}: its label names the bot and its output folder.`,
			Subject:  doc.firstFileStart(),
		}
	}
	if loc.isBlock(name) {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Missing %s block", name),
			Detail:   fmt.Sprintf("%s needs %s %s block%s.", loc.block, article(name), name, whenText),
			Subject:  subject,
		}
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Missing required argument",
		Detail:   fmt.Sprintf("%s: %q is required%s.", loc.block, name, whenText),
		Subject:  subject,
	}
}

// firstFileStart is where a diagnostic about the directory as a whole
// points: the start of its first file.
func (doc *document) firstFileStart() *hcl.Range {
	names := slices.Sorted(maps.Keys(doc.sources))
	// The bot's own files, not its template files, which say nothing
	// about the directory.
	names = slices.DeleteFunc(names, func(n string) bool {
		return strings.HasSuffix(n, catalog.UserSuffixHCL) || strings.HasSuffix(n, catalog.UserSuffixJSON)
	})
	if len(names) == 0 {
		return nil
	}
	return &hcl.Range{Filename: names[0], Start: hcl.InitialPos, End: hcl.InitialPos}
}

// valueAt returns the document value at a pointer.
func (doc *document) valueAt(ptr string) any {
	var v any = doc.root
	for _, t := range splitPointer(ptr) {
		switch x := v.(type) {
		case map[string]any:
			v = x[t]
		case []any:
			i := 0
			fmt.Sscanf(t, "%d", &i)
			if i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// skipped reports whether errors at ptr were already reported: the
// attribute failed to evaluate or has no value yet.
func (doc *document) skipped(ptr string) bool {
	for p := ptr; ; {
		if doc.skip[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// conditionOf returns the x-when text of the if/then rule a keyword
// location lies in, or "".
func conditionOf(kwPtr string) string {
	toks := strings.Split(kwPtr, "/")
	for i := len(toks); i > 0; i-- {
		s, ok := schema.Lookup(strings.Join(toks[:i], "/"))
		if !ok {
			continue
		}
		if m, ok := s.(map[string]any); ok {
			if w, ok := m["x-when"].(string); ok {
				return w
			}
		}
	}
	return ""
}

// xMessage returns the x-message of the schema that holds the keyword, or
// of the definition it refers to.
func xMessage(kwPtr, fallback string) string {
	parent := kwPtr[:strings.LastIndexByte(kwPtr, '/')]
	if s, ok := schema.Lookup(parent); ok {
		if m, ok := s.(map[string]any); ok {
			if x, ok := m["x-message"].(string); ok {
				return x
			}
		}
	}
	return fallback
}

func propertyNames(s any) []string {
	m, _ := s.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

func lastToken(ptr string) string {
	toks := splitPointer(ptr)
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

// typeWords names JSON schema types as the language does.
func typeWords(s string) string {
	var out []string
	for _, t := range strings.Split(s, " or ") {
		switch strings.TrimSpace(t) {
		case "string":
			out = append(out, "a string")
		case "number", "integer":
			out = append(out, "a number")
		case "boolean":
			out = append(out, "a bool (true or false)")
		case "array":
			out = append(out, "a list")
		case "object":
			out = append(out, "an object")
		case "null":
			out = append(out, "null")
		default:
			out = append(out, t)
		}
	}
	return strings.Join(out, " or ")
}

func oneOf(allowed []string) string {
	if len(allowed) == 1 {
		return fmt.Sprintf("%q", allowed[0])
	}
	return "one of " + quoteList(allowed)
}

func limitWords(keyword string, rule any) string {
	n := fmt.Sprint(rule)
	switch keyword {
	case "minLength":
		if n == "1" {
			return "must not be empty"
		}
		return "must be at least " + n + " characters long"
	case "maxLength":
		return "must be at most " + n + " characters long"
	case "minItems":
		if n == "1" {
			return "must not be an empty list"
		}
		return "must have at least " + n + " items"
	case "maxItems":
		return "must have at most " + n + " items"
	case "minimum":
		return "must be at least " + n
	case "maximum":
		return "must be at most " + n
	case "exclusiveMinimum":
		return "must be more than " + n
	case "exclusiveMaximum":
		return "must be less than " + n
	case "uniqueItems":
		return "must not repeat an item"
	case "minProperties":
		return "must have at least " + n + " entries"
	case "maxProperties":
		return "must have at most " + n + " entries"
	}
	return "is out of range"
}

// location describes an instance pointer in the language's terms: the
// innermost block (`template "create_invoice"`) and the attribute path
// within it.
type location struct {
	block     string
	blockPtr  string
	attr      string
	structure bodyStructure
}

func (l location) isBlock(name string) bool {
	_, ok := l.structure.blocks[name]
	return ok
}

func locate(inst string) location {
	toks := splitPointer(inst)
	loc := location{block: "the configuration", structure: lang().file}
	st := lang().file
	i := 0
	for i < len(toks) {
		spec, ok := st.blocks[toks[i]]
		if !ok {
			break
		}
		header := toks[i]
		var labels []string
		j := i + 1
		for range spec.labels {
			if j < len(toks) {
				labels = append(labels, toks[j])
				header += fmt.Sprintf(" %q", toks[j])
				j++
			}
		}
		if spec.repeat && j < len(toks) {
			j++ // the index of a repeated block
		}
		if j > len(toks) || (len(spec.labels) > 0 && len(labels) < len(spec.labels)) || (spec.repeat && j > len(toks)) {
			break
		}
		body := spec.bodyFor(labels)
		if body == nil {
			loc.block = header
			loc.blockPtr = pointer(toks[:j]...)
			i = j
			break
		}
		st = structureOf(body)
		loc.block = header
		loc.blockPtr = pointer(toks[:j]...)
		loc.structure = st
		i = j
	}
	// The attribute path reads as HCL would write it: utterances[1].
	for k, t := range toks[i:] {
		switch {
		case isIndex(t):
			loc.attr += "[" + t + "]"
		case k == 0:
			loc.attr = t
		default:
			loc.attr += "." + t
		}
	}
	return loc
}

func isIndex(tok string) bool {
	if tok == "" {
		return false
	}
	for _, r := range tok {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// article is the indefinite article for a word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// sortDiagnostics orders diagnostics by file and position; ones without a
// place come first.
func sortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		default:
			return a.Start.Column < b.Start.Column
		}
	})
}
