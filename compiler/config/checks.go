package config

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/internal/safefile"
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// Checks the schema cannot express. Each returns diagnostics; none stops
// the others.

// keyShape is what a Stripe secret or restricted key looks like.
var keyShape = regexp.MustCompile(`^(sk|rk)_(test|live)_[A-Za-z0-9]+$`)

// secretInText finds a Stripe secret or restricted key inside any text.
var secretInText = regexp.MustCompile(`\b(sk|rk)_(test|live)_[A-Za-z0-9]{8,}`)

// checkKeyShape checks a known api_key value. Messages show the key
// redacted, never in full.
func checkKeyShape(key string, rng hcl.Range) hcl.Diagnostics {
	switch {
	case strings.HasPrefix(key, "pk_"):
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Publishable key cannot call Stripe",
			Detail:   fmt.Sprintf("The api_key value (%s) is a publishable key. Publishable keys only work in browsers and apps; the Stripe action needs a secret key (sk_…) or a restricted key (rk_…).", secret.Redact(key)),
			Subject:  rng.Ptr(),
		}}
	case !keyShape.MatchString(key):
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Malformed Stripe API key",
			Detail:   fmt.Sprintf("The api_key value (%s) is not a Stripe secret or restricted key: those look like sk_test_…, sk_live_…, rk_test_… or rk_live_… followed by letters and digits.", secret.Redact(key)),
			Subject:  rng.Ptr(),
		}}
	}
	return nil
}

// checkSecretsWritten reports Stripe keys written anywhere in the
// configuration (a variable default, a description, a local): whatever is
// written in a file is committed. It also reports texts that would show
// the key's value through a template (see keyInTemplates).
func checkSecretsWritten(doc *document, vars map[string]*Variable, keyVariable string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if v, ok := vars[keyVariable]; ok && v.DefaultRange != nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "API key variable has a default",
			Detail:   fmt.Sprintf("Variable %q holds the Stripe key, so it must not have a default: a default is committed with the file. Remove the default and set the value with XOC_VAR_%s or --var.", keyVariable, keyVariable),
			Subject:  v.DefaultRange,
		})
	}
	// The pointer of a value is written out only for a text that may
	// hold a key: most texts cannot, and the walk visits every value of
	// the document.
	var walk func(tokens []string, v any)
	walk = func(tokens []string, v any) {
		switch x := v.(type) {
		case string:
			if !mayHoldKey(x) {
				return
			}
			ptr := pointer(tokens...)
			if doc.sensitive[ptr] || !secretInText.MatchString(x) {
				return
			}
			if vname := strings.TrimPrefix(ptr, "/variable/"); vname != ptr && vname == keyVariable+"/default" {
				return // reported above
			}
			p, _ := doc.placeOf(ptr)
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "API key written in the configuration",
				Detail:   "This value contains a Stripe secret or restricted key. Keys must not be written in files: they would be committed. Put the key in a variable declared with sensitive = true and set its value with XOC_VAR_<name> or --var.",
				Subject:  p.subject().Ptr(),
			})
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(append(tokens, k), x[k])
			}
		case []any:
			for i, e := range x {
				walk(append(tokens, strconv.Itoa(i)), e)
			}
		}
	}
	if holdsKeyText(doc.root) {
		walk(nil, doc.root)
	}
	diags = append(diags, keysElsewhere(doc, diags)...)
	return append(diags, keyInTemplates(doc, keyVariable)...)
}

// keyInTemplates reports a text of the bot whose {{…}} template names the
// key's env variable ({{env.stripe_api_key}}): the platform fills
// templates in before it shows a text, so the bot would tell the key to
// whoever talks to it. Only the Authorization header of the Stripe calls
// may use it, and xoc writes that itself.
//
// A template is reported when it names both env and the variable, in any
// way: more than the export's own check (ir.Bot.Check) calls a use, so
// that what it would call one is reported here first, in the user's words.
func keyInTemplates(doc *document, keyVariable string) hcl.Diagnostics {
	if keyVariable == "" {
		return nil
	}
	var diags hcl.Diagnostics
	exportedTexts(doc, func(ptr, x string) {
		if doc.sensitive[ptr] || !templateNames(x, "env", keyVariable) {
			return
		}
		p, _ := doc.placeOf(ptr)
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Stripe key in a text",
			Detail:   fmt.Sprintf("This text refers to env.%s, the Stripe key. The platform fills {{…}} in before the bot shows or sends a text, so the bot would tell the key to whoever talks to it. Only the Authorization header of the Stripe calls uses the key, and xoc writes that header itself.", keyVariable),
			Subject:  p.subject().Ptr(),
		})
	})
	return diags
}

// exportedTexts calls f with every string of the document that goes into
// the export (variables' blocks do not), with its JSON pointer, in a
// stable order.
func exportedTexts(doc *document, f func(ptr, text string)) {
	var walk func(ptr string, v any)
	walk = func(ptr string, v any) {
		switch x := v.(type) {
		case string:
			f(ptr, x)
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if ptr == "" && k == "variable" {
					continue // not in the export
				}
				walk(child(ptr, k), x[k])
			}
		case []any:
			for i, e := range x {
				walk(child(ptr, strconv.Itoa(i)), e)
			}
		}
	}
	walk("", doc.root)
}

// unknownEnvInTemplates reports a text of the bot whose {{…}} template
// names an env variable the export will not have: the platform would show
// nothing there. A bot's only env variables are the ones xoc declares for
// its Stripe action (the base URL and, pre-authorized, the key's); the
// message names the ones a text may use, which the key's is not.
func unknownEnvInTemplates(doc *document, declared map[string]bool, keyVariable string) hcl.Diagnostics {
	var usable []string
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if name != keyVariable {
			usable = append(usable, name)
		}
	}
	known := "The bot has no env variables a text may use."
	if len(usable) > 0 {
		known = "A text may use " + quoteNames(usable) + "."
	}
	var diags hcl.Diagnostics
	exportedTexts(doc, func(ptr, x string) {
		if !strings.Contains(x, "{{") {
			return
		}
		used := map[string]bool{}
		ir.AddTemplateEnvRefs(x, used)
		for _, name := range slices.Sorted(maps.Keys(used)) {
			if declared[name] {
				continue
			}
			p, _ := doc.placeOf(ptr)
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown env variable",
				Detail:   fmt.Sprintf("This text refers to env.%s, which the bot does not declare, so the platform would show nothing there. %s", name, known),
				Subject:  p.subject().Ptr(),
			})
		}
	})
	return diags
}

func quoteNames(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}

// templateNames reports whether one {{…}} template of s holds every one
// of words as a word of its own. Templates are found as the export's
// check finds them: from each {{ to the next }}.
func templateNames(s string, words ...string) bool {
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			return false
		}
		s = s[open+2:]
		end := strings.Index(s, "}}")
		if end < 0 {
			return false
		}
		all := true
		for _, w := range words {
			all = all && holdsWord(s[:end], w)
		}
		if all {
			return true
		}
		s = s[end+2:]
	}
}

// holdsWord reports whether w occurs in s with no identifier character
// next to it.
func holdsWord(s, w string) bool {
	ident := func(c byte) bool {
		return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		at, end := i+k, i+k+len(w)
		if (at == 0 || !ident(s[at-1])) && (end == len(s) || !ident(s[end])) {
			return true
		}
		i = at + 1
	}
}

// keysElsewhere reports the keys written in the files where no value of
// the document holds them: a comment, a local value that nothing uses.
// The file is committed all the same. reported are the diagnostics about
// keys so far; a key inside one of their ranges, or in api_key (which
// reports its own), is not reported again.
func keysElsewhere(doc *document, reported hcl.Diagnostics) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range slices.Sorted(maps.Keys(doc.sources)) {
		src := doc.sources[name]
		if !bytes.Contains(src, []byte("k_test_")) && !bytes.Contains(src, []byte("k_live_")) {
			continue
		}
		covered := func(offset int) bool {
			for _, d := range reported {
				if d.Subject != nil && d.Subject.Filename == name && d.Subject.ContainsOffset(offset) {
					return true
				}
			}
			for ptr := range doc.sensitive {
				if p, ok := doc.places[ptr]; ok && p.attr != nil {
					if rng := p.attr.Expr.Range(); rng.Filename == name && rng.ContainsOffset(offset) {
						return true
					}
				}
			}
			return false
		}
		for _, m := range secretInText.FindAllIndex(src, -1) {
			if covered(m[0]) {
				continue
			}
			rng := rangeOfBytes(name, src, m[0], m[1])
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "API key written in the configuration",
				Detail:   "This file contains a Stripe secret or restricted key. Keys must not be written in files, not even in a comment or an unused value: they would be committed. Put the key in a variable declared with sensitive = true and set its value with XOC_VAR_<name> or --var.",
				Subject:  &rng,
			})
		}
	}
	return diags
}

// rangeOfBytes is the range of src[start:end] in the file name, its
// columns counted in characters as hcl counts them on a line of text.
func rangeOfBytes(name string, src []byte, start, end int) hcl.Range {
	pos := func(offset int) hcl.Pos {
		lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
		return hcl.Pos{
			Line:   bytes.Count(src[:lineStart], []byte("\n")) + 1,
			Column: utf8.RuneCount(src[lineStart:offset]) + 1,
			Byte:   offset,
		}
	}
	return hcl.Range{Filename: name, Start: pos(start), End: pos(end)}
}

// mayHoldKey reports whether a text holds what secretInText needs to
// match.
func mayHoldKey(s string) bool {
	return strings.Contains(s, "k_test_") || strings.Contains(s, "k_live_")
}

// holdsKeyText reports whether any text in a document value may hold a
// key. Most documents hold none, and finding that out in any order is
// cheaper than the walk that reports keys, which sorts the names of each
// object to report them in a stable order.
func holdsKeyText(v any) bool {
	switch x := v.(type) {
	case string:
		return mayHoldKey(x)
	case map[string]any:
		for _, e := range x {
			if holdsKeyText(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if holdsKeyText(e) {
				return true
			}
		}
	}
	return false
}

// checkAuthProfileURLs checks what the schema cannot: the check URL lies
// on the base URL's host.
func checkAuthProfileURLs(p *AuthProfile) hcl.Diagnostics {
	// {tenant} is no valid host character for net/url; a placeholder
	// stands in for it while the URLs are parsed.
	const tenant, placeholder = "{tenant}", "xoc-tenant-placeholder"
	base, err1 := url.Parse(strings.ReplaceAll(p.BaseURL, tenant, placeholder))
	check, err2 := url.Parse(strings.ReplaceAll(p.AuthorizationCheckURL, tenant, placeholder))
	if err1 != nil || err2 != nil || base.Host == "" || check.Host == "" {
		return nil // malformed URLs are the schema's to report
	}
	if p.Tenancy {
		// With tenancy the base URL's host may hold {tenant}; a check URL
		// on any tenant of the same domain is fine.
		if domain, ok := strings.CutPrefix(base.Hostname(), placeholder); ok && strings.HasSuffix(check.Hostname(), domain) {
			return nil
		}
	}
	if !strings.EqualFold(base.Host, check.Host) {
		show := func(host string) string { return strings.ReplaceAll(host, placeholder, tenant) }
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Authorization check URL on another host",
			Detail:   fmt.Sprintf("auth_profile %q: authorization_check_url is on %s, but base_url is on %s. The platform sends the end user's credentials to the check URL, so it must lie under base_url's host.", p.Name, show(check.Host), show(base.Host)),
			Subject:  p.AuthorizationCheckURLRange.Ptr(),
		}}
	}
	return nil
}

// checkTemplateOptions validates template option values against the
// catalog and fills in nothing: defaults are the lowering stage's.
func checkTemplateOptions(t *TemplateUse, templates *catalog.Set) hcl.Diagnostics {
	tmpl, ok := templates.Lookup(t.Name)
	if !ok {
		return nil
	}
	var diags hcl.Diagnostics
	for _, name := range slices.Sorted(maps.Keys(t.Options)) {
		if err := tmpl.ValidateOption(name, t.Options[name]); err != nil {
			rng := t.OptionRanges[name]
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid template option",
				Detail:   fmt.Sprintf("template %q: %s.", t.Name, strings.TrimSuffix(err.Error(), ".")),
				Subject:  rng.Ptr(),
			})
		}
	}
	return diags
}

// Icon limits of the platform's import.
const (
	maxIconPixels = 40
	maxIconBytes  = 80 * 1024
)

// checkIcon reads and checks the bot's icon file: inside the bot
// directory, a PNG within the platform's limits that decodes to its end.
// It returns the bytes it checked, which are the ones the export holds:
// the file is read once, so that what is written is what was checked.
//
// The file is opened in the bot's directory as an os.Root, so a link is
// followed only while it stays inside the directory: an icon may be a
// link to a file kept elsewhere in the bot's folder, but not to /dev/zero
// or to a file of the machine, which the export would then depend on. It
// must be a regular file, opened non-blocking so that a FIFO cannot hang
// the build, and it is read to at most one byte past the platform's limit.
func checkIcon(dir string, bot Bot) ([]byte, hcl.Diagnostics) {
	if bot.Icon == "" || !strings.HasSuffix(bot.Icon, ".png") {
		return nil, nil // no icon, or a name the schema already rejects
	}
	fail := func(detail string) ([]byte, hcl.Diagnostics) {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid icon", Detail: detail, Subject: bot.IconRange.Ptr()}}
	}
	name := filepath.FromSlash(bot.Icon)
	if filepath.IsAbs(bot.Icon) || !filepath.IsLocal(name) {
		return fail(fmt.Sprintf("icon %q must be a file inside the bot's directory, given relative to it.", bot.Icon))
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fail(fmt.Sprintf("icon %q cannot be read: %s.", bot.Icon, describeFileError(err)))
	}
	defer root.Close()
	data, _, err := safefile.ReadFileIn(root, name, maxIconBytes)
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		return fail(fmt.Sprintf("icon %q is larger than %d kB, the most the platform takes.", bot.Icon, maxIconBytes/1024))
	case errors.Is(err, safefile.ErrNotRegular):
		return fail(fmt.Sprintf("icon %q is not a regular file.", bot.Icon))
	case err != nil && !os.IsNotExist(err) && isLink(root, name):
		return fail(fmt.Sprintf("icon %q is a link that leads out of the bot's directory; the icon must be a file inside it.", bot.Icon))
	case err != nil:
		return fail(fmt.Sprintf("icon %q cannot be read: %s.", bot.Icon, describeFileError(err)))
	}
	// The header says the size; a declared size over the limit is refused
	// before any pixel is decoded.
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fail(fmt.Sprintf("icon %q is not a PNG image.", bot.Icon))
	}
	if cfg.Width > maxIconPixels || cfg.Height > maxIconPixels {
		return fail(fmt.Sprintf("icon %q is %d×%d pixels; the platform takes at most %d×%d.", bot.Icon, cfg.Width, cfg.Height, maxIconPixels, maxIconPixels))
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return fail(fmt.Sprintf("icon %q is not a valid PNG image (%s): it may be cut short or damaged.", bot.Icon, strings.TrimPrefix(strings.TrimPrefix(err.Error(), "png: "), "invalid format: ")))
	}
	return data, nil
}

// isLink reports whether name, inside root, is a symbolic link.
func isLink(root *os.Root, name string) bool {
	info, err := root.Lstat(name)
	return err == nil && info.Mode()&os.ModeSymlink != 0
}

func describeFileError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file"
	case os.IsPermission(err):
		return "permission denied"
	default:
		return err.Error()
	}
}

// checkProfileUse warns about profiles that nothing uses, and reports a
// user-authorized action whose profile is missing.
func checkProfileUse(cfg *Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	used := ""
	if cfg.Stripe != nil && cfg.Stripe.Authorization.ProfileRange != (hcl.Range{}) {
		// The action names a profile. Whatever the mode, that profile is
		// not "unused": a profile that the mode forbids is reported as
		// such. A reference that does not resolve is reported too, and
		// which profile it meant is a guess, so no profile is called unused.
		used = cfg.Stripe.Authorization.Profile
		declared := false
		for _, p := range cfg.AuthProfiles {
			declared = declared || p.Name == used
		}
		if !declared {
			return nil
		}
	}
	for _, p := range cfg.AuthProfiles {
		if p.Name != used {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Unused auth_profile",
				Detail:   fmt.Sprintf("auth_profile %q is not used by any action, so it is left out of the export.", p.Name),
				Subject:  p.DeclRange.Ptr(),
			})
		}
	}
	return diags
}
