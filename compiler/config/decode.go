package config

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/catalog"
)

// decodeBotBlock decodes the bot block.
func decodeBotBlock(block *hcl.Block, sc *scope, doc *document) (Bot, hcl.Diagnostics) {
	bot := Bot{Label: block.Labels[0], DeclRange: block.DefRange}
	obj, ptr := doc.setBlock(block, "bot", bot.Label)
	content, diags := block.Body.Content(lang().bot.hcl)
	vals, more := evalAttributes(content.Attributes, sc, doc, obj, ptr)
	diags = append(diags, more...)
	bot.Name = stringOr(vals["name"], bot.Label)
	bot.Description = stringOr(vals["description"], "")
	bot.Language = stringOr(vals["language"], "en")
	bot.Icon = stringOr(vals["icon"], "")
	if attr, ok := content.Attributes["icon"]; ok {
		bot.IconRange = attr.Expr.Range()
	}
	for _, b := range content.Blocks {
		if b.Type != "deploy" {
			continue
		}
		if bot.Deploy != nil {
			diags = append(diags, duplicateBlock(b, "deploy block", bot.Deploy.DeclRange))
			continue
		}
		deploy, more := decodeDeployBlock(b, bot.Label, sc, doc)
		diags = append(diags, more...)
		bot.Deploy = deploy
	}
	return bot, diags
}

// decodeDeployBlock decodes the deploy block of the bot labelled label.
func decodeDeployBlock(block *hcl.Block, label string, sc *scope, doc *document) (*Deploy, hcl.Diagnostics) {
	d := &Deploy{DeclRange: block.DefRange}
	obj, ptr := doc.setBlock(block, "bot", label, "deploy")
	content, diags := block.Body.Content(lang().deploy.hcl)
	vals, more := evalAttributes(content.Attributes, sc, doc, obj, ptr)
	diags = append(diags, more...)
	d.BotID = stringOr(vals["bot_id"], "")
	// The document holds the options as JSON values already.
	if opts, ok := obj["import_options"].(map[string]any); ok {
		d.ImportOptions, _ = json.Marshal(opts)
	}
	return d, diags
}

// decodeAuthProfileBlock decodes an auth_profile block. Its attributes may
// refer to variables and locals but not to other profiles.
func decodeAuthProfileBlock(block *hcl.Block, sc *scope, doc *document) (*AuthProfile, cty.Value, hcl.Diagnostics) {
	p := &AuthProfile{Name: block.Labels[0], DeclRange: block.DefRange}
	obj, ptr := doc.setBlock(block, "auth_profile", p.Name)
	content, diags := block.Body.Content(lang().authProfile.hcl)
	attrs := hcl.Attributes{}
	for _, name := range slices.Sorted(maps.Keys(content.Attributes)) {
		refs, _ := references(content.Attributes[name].Expr)
		refDiags := sc.checkReferences(refs, []string{rootVar, rootLocal},
			"An auth_profile's attributes may refer to variables and locals, not to auth profiles.")
		diags = append(diags, refDiags...)
		if refDiags.HasErrors() {
			// Present but reported: the schema must not call it missing.
			doc.skip[child(ptr, name)] = true
			continue
		}
		attrs[name] = content.Attributes[name]
	}
	vals, more := evalAttributes(attrs, sc, doc, obj, ptr)
	diags = append(diags, more...)
	p.Type = stringOr(vals["type"], "")
	p.Description = stringOr(vals["description"], "")
	p.BaseURL = stringOr(vals["base_url"], "")
	p.AuthorizationCheckURL = stringOr(vals["authorization_check_url"], "")
	p.Tenancy = boolOr(vals["tenancy"], false)
	if a, ok := attrs["base_url"]; ok {
		p.BaseURLRange = a.Expr.Range()
	}
	if a, ok := attrs["authorization_check_url"]; ok {
		p.AuthorizationCheckURLRange = a.Expr.Range()
	}
	// auth_profile.<name> evaluates to the profile's attributes plus its
	// name, so text can mention them.
	attrsVal := map[string]cty.Value{"name": cty.StringVal(p.Name)}
	for k, v := range vals {
		attrsVal[k] = v
	}
	return p, cty.ObjectVal(attrsVal), diags
}

// decodeActionBlock decodes an action block. Only action types the schema
// knows have a body to decode; others are recorded so that the schema
// reports them.
func decodeActionBlock(block *hcl.Block, sc *scope, doc *document, templates *catalog.Set, broken map[string]bool) (*StripeAction, hcl.Diagnostics) {
	actionType := block.Labels[0]
	if actionType != "stripe" {
		doc.setBlock(block, "action", actionType)
		return nil, nil
	}
	a := &StripeAction{DeclRange: block.DefRange}
	doc.setBlock(block, "action", actionType)
	content, diags := block.Body.Content(lang().stripeAction.hcl)
	skipDropped(doc, writtenBlocks(block.Body), func(t string) bool {
		for _, b := range content.Blocks {
			if b.Type == t {
				return true
			}
		}
		return false
	}, "action", actionType)
	seenTemplates := map[string]*hcl.Block{}
	authSeen := false
	for _, b := range content.Blocks {
		switch b.Type {
		case "authorization":
			if authSeen {
				diags = append(diags, duplicateBlock(b, "authorization block", a.Authorization.DeclRange))
				continue
			}
			authSeen = true
			auth, more := decodeAuthorizationBlock(b, sc, doc)
			diags = append(diags, more...)
			a.Authorization = auth
		case "template":
			name := b.Labels[0]
			if prev, dup := seenTemplates[name]; dup {
				diags = append(diags, duplicateBlock(b, fmt.Sprintf("template %q", name), prev.DefRange))
				continue
			}
			seenTemplates[name] = b
			t, more := decodeTemplateBlock(b, sc, doc, templates, broken)
			diags = append(diags, more...)
			a.Templates = append(a.Templates, t)
		}
	}
	return a, diags
}

// decodeAuthorizationBlock decodes the authorization block of an action.
// api_key and profile are special: the key's value is a secret that never
// enters the document, and the profile is a reference, not a value.
func decodeAuthorizationBlock(block *hcl.Block, sc *scope, doc *document) (Authorization, hcl.Diagnostics) {
	auth := Authorization{DeclRange: block.DefRange}
	obj, blockPtr := doc.setBlock(block, "action", "stripe", "authorization")
	content, diags := block.Body.Content(lang().authorization.hcl)
	attrs := hcl.Attributes{}
	for name, attr := range content.Attributes {
		if name != "api_key" && name != "profile" {
			attrs[name] = attr
		}
	}
	vals, more := evalAttributes(attrs, sc, doc, obj, blockPtr)
	diags = append(diags, more...)
	auth.Mode = stringOr(vals["mode"], "")
	auth.Mechanism = stringOr(vals["mechanism"], "basic")

	if attr, ok := content.Attributes["api_key"]; ok {
		key, more := decodeAPIKey(attr, sc)
		diags = append(diags, more...)
		auth.APIKey = key
		ptr := pointer("action", "stripe", "authorization", "api_key")
		doc.places[ptr] = attrPlace(attr)
		doc.sensitive[ptr] = true
		obj["api_key"] = sensitivePlaceholder
	}
	if attr, ok := content.Attributes["profile"]; ok {
		ptr := pointer("action", "stripe", "authorization", "profile")
		doc.places[ptr] = attrPlace(attr)
		auth.ProfileRange = attr.Expr.Range()
		tr, travDiags := hcl.AbsTraversalForExpr(attr.Expr)
		if travDiags.HasErrors() || len(tr) != 2 || tr.RootName() != rootAuthProfile {
			doc.skip[ptr] = true // present, and reported here
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid profile reference",
				Detail:   "profile must refer to an auth_profile block, such as profile = auth_profile.stripe_end_user.",
				Subject:  attr.Expr.Range().Ptr(),
			})
		} else if step, ok := tr[1].(hcl.TraverseAttr); ok {
			auth.Profile = step.Name
			obj["profile"] = rootAuthProfile + "." + step.Name
			if _, declared := sc.profileDecls[step.Name]; !declared {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Reference to undeclared auth_profile",
					Detail:   fmt.Sprintf("No auth_profile named %q is declared in this bot's files.%s", step.Name, didYouMean(step.Name, slices.Sorted(maps.Keys(sc.profileDecls)))),
					Subject:  attr.Expr.Range().Ptr(),
				})
			}
		}
	}
	return auth, diags
}

// decodeAPIKey evaluates api_key. Its value may be unknown: the export
// refers to the key as an env variable, so a plain build needs no value.
func decodeAPIKey(attr *hcl.Attribute, sc *scope) (APIKey, hcl.Diagnostics) {
	key := APIKey{Range: attr.Expr.Range(), Set: true}
	val, refs, diags := sc.evaluate(attr)
	if diags.HasErrors() {
		return key, diags
	}
	sensitive := val.HasMark(sensitiveMark)
	val, _ = val.Unmark()
	known := val.IsKnown() && !val.IsNull() && val.Type() == cty.String
	if known {
		key.value, key.known = val.AsString(), true
	}
	for _, tr := range refs {
		if tr.RootName() == rootVar && len(tr) >= 2 {
			if step, ok := tr[1].(hcl.TraverseAttr); ok {
				key.Variable = step.Name
				break
			}
		}
	}
	switch {
	case len(refs) == 0 && isJSONReference(attr.Expr):
		// "api_key": "var.x" in a .xo.json file is the text var.x, not a
		// reference; profile takes that form, which invites the mistake.
		tr, _ := hcl.AbsTraversalForExpr(attr.Expr)
		name := tr[1].(hcl.TraverseAttr).Name
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid api_key reference",
			Detail:   fmt.Sprintf(`In HCL's JSON syntax a reference to a variable is written as a template: "api_key": "${var.%s}". As written, api_key is the text var.%s.`, name, name),
			Subject:  attr.Expr.Range().Ptr(),
		})
		key.known = false
		return key, diags
	case len(refs) == 0:
		detail := "api_key must not be written in a file: it would be committed. Declare a variable with sensitive = true, write api_key = var.<name>, and set its value with XOC_VAR_<name> or --var."
		if known && strings.HasPrefix(key.value, "pk_") {
			detail += " This one is a publishable key besides, which cannot call the Stripe API: use a secret key (sk_…) or a restricted key (rk_…)."
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "API key written in the configuration",
			Detail:   detail,
			Subject:  attr.Expr.Range().Ptr(),
		})
		key.known = false
		return key, diags
	case key.Variable == "" || !sc.passesThrough(attr.Expr, refs, key.Variable):
		// The export refers to the key as an env variable named after the
		// variable, and the platform fills it in with the variable's value
		// as it is: a key from a local, or computed from a variable, would
		// not be the key the bot sends.
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid api_key reference",
			Detail:   "api_key must be a sensitive variable itself, written api_key = var.<name>: the export refers to the key by that variable's name, so it can be neither a local value nor computed from a variable.",
			Subject:  attr.Expr.Range().Ptr(),
		})
		key.known = false
		return key, diags
	case !sensitive:
		detail := "api_key must come from a variable declared with sensitive = true, so that the key never appears in output or logs."
		if key.Variable != "" {
			detail = fmt.Sprintf("api_key comes from variable %q, which is not declared sensitive. Add sensitive = true to variable %q.", key.Variable, key.Variable)
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "API key from a variable that is not sensitive",
			Detail:   detail,
			Subject:  attr.Expr.Range().Ptr(),
		})
	}
	if !val.IsKnown() {
		return key, diags
	}
	if !known {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   `authorization: "api_key" must be a string.`,
			Subject:  attr.Expr.Range().Ptr(),
		})
		return key, diags
	}
	diags = append(diags, checkKeyShape(key.value, attr.Expr.Range())...)
	return key, diags
}

// isJSONReference reports whether expr is a JSON string that spells a
// variable reference (var.x) without ${ }: in the JSON syntax a string can
// be read as a traversal, but its value is the text.
func isJSONReference(expr hcl.Expression) bool {
	if _, native := expr.(hclsyntax.Expression); native {
		return false
	}
	tr, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(tr) != 2 || tr.RootName() != rootVar {
		return false
	}
	_, ok := tr[1].(hcl.TraverseAttr)
	return ok
}

// decodeTemplateBlock decodes a template block. A template known to the
// bot (the catalog's, or one of its template sources) also accepts its
// own options as attributes; an unknown one is reported with the closest
// name.
//
// broken names the bot's template sources whose files did not decode.
func decodeTemplateBlock(block *hcl.Block, sc *scope, doc *document, templates *catalog.Set, broken map[string]bool) (*TemplateUse, hcl.Diagnostics) {
	t := &TemplateUse{Name: block.Labels[0], DeclRange: block.DefRange, Options: map[string]string{}, OptionRanges: map[string]hcl.Range{}, Entities: map[string]*EntityOverride{}}
	obj, ptr := doc.setBlock(block, "action", "stripe", "template", t.Name)

	tmpl, known := templates.Lookup(t.Name)
	var diags hcl.Diagnostics
	var content *hcl.BodyContent
	switch {
	case known:
		var optionNames []string
		for _, o := range tmpl.Options {
			optionNames = append(optionNames, o.Name)
		}
		content, diags = block.Body.Content(lang().template.withAttributes(optionNames).hcl)
	case broken[t.Name]:
		// A template_source of this name whose file did not decode: its
		// own errors say why, and its options are unknown.
		content, _, _ = block.Body.PartialContent(lang().template.hcl)
	default:
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown template",
			Detail:   fmt.Sprintf("The Stripe action has no template %q, and the bot no template_source of that name.%s Run xoc templates for the list.", t.Name, didYouMean(t.Name, templates.Names())),
			Subject:  block.LabelRanges[0].Ptr(),
		})
		content, _, _ = block.Body.PartialContent(lang().template.hcl)
	}

	vals, more := evalAttributes(content.Attributes, sc, doc, obj, ptr)
	diags = append(diags, more...)
	t.DialogName = stringOr(vals["dialog_name"], "")
	if u, ok := vals["utterances"]; ok && u.IsWhollyKnown() && !u.IsNull() && (u.Type().IsListType() || u.Type().IsTupleType()) {
		for it := u.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.Type() == cty.String && !e.IsNull() {
				t.Utterances = append(t.Utterances, e.AsString())
			}
		}
	}
	for name, attr := range content.Attributes {
		if contains(lang().template.attributes, name) {
			continue
		}
		t.OptionRanges[name] = attr.Expr.Range()
		if s, ok := optionString(vals[name]); ok {
			t.Options[name] = s
		}
	}

	var entityNames []string
	if known {
		for _, e := range tmpl.Entities {
			entityNames = append(entityNames, e.Name)
		}
	}
	for _, b := range content.Blocks {
		name := b.Labels[0]
		if prev, dup := t.Entities[name]; dup {
			diags = append(diags, duplicateBlock(b, fmt.Sprintf("entity %q", name), prev.DeclRange))
			continue
		}
		e, more := decodeEntityBlock(b, sc, doc, t.Name)
		diags = append(diags, more...)
		t.Entities[name] = e
		if known && !contains(entityNames, name) {
			detail := fmt.Sprintf("Template %q has no entity %q.%s", t.Name, name, didYouMean(name, entityNames))
			if len(entityNames) == 0 {
				detail = fmt.Sprintf("Template %q asks for nothing, so it has no entities to override.", t.Name)
			} else if didYouMean(name, entityNames) == "" {
				detail += " Its entities are " + quoteList(entityNames) + "."
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown entity",
				Detail:   detail,
				Subject:  b.LabelRanges[0].Ptr(),
			})
		}
	}
	return t, diags
}

// decodeEntityBlock decodes an entity override inside a template block.
func decodeEntityBlock(block *hcl.Block, sc *scope, doc *document, template string) (*EntityOverride, hcl.Diagnostics) {
	e := &EntityOverride{Name: block.Labels[0], DeclRange: block.DefRange}
	obj, ptr := doc.setBlock(block, "action", "stripe", "template", template, "entity", e.Name)
	content, diags := block.Body.Content(lang().entity.hcl)
	vals, more := evalAttributes(content.Attributes, sc, doc, obj, ptr)
	diags = append(diags, more...)
	e.Prompt = stringOr(vals["prompt"], "")
	e.ErrorPrompt = stringOr(vals["error_prompt"], "")
	return e, diags
}

// evalAttributes evaluates a block's attributes in name order, puts them
// into the document under the block's pointer, blockPtr, and returns their
// values (unmarked; the document keeps sensitive ones out).
func evalAttributes(attrs hcl.Attributes, sc *scope, doc *document, obj map[string]any, blockPtr string) (map[string]cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	vals := map[string]cty.Value{}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		attr := attrs[name]
		ptr := child(blockPtr, name)
		val, _, more := sc.evaluate(attr)
		diags = append(diags, more...)
		if more.HasErrors() {
			doc.skip[ptr] = true
			continue
		}
		if val.IsKnown() && val.IsNull() {
			// As in Terraform, an attribute set to null is not set: a
			// module of locals can leave an override out this way.
			continue
		}
		if val.ContainsMarked() {
			// Only api_key takes a secret, and it is not decoded here.
			// Anything else is written into the export in plain text, and
			// its value must not be quoted by later messages either.
			diags = append(diags, sc.markedValueNotAllowed(name, attr, val))
			doc.skip[ptr] = true
			doc.setSensitive(obj, ptr, name, attr)
			continue
		}
		// Converting the value into the document finds out whether it is
		// wholly known, without another walk of it.
		if !doc.setPlain(obj, ptr, name, attr, val) {
			diags = append(diags, sc.missingValues(attr)...)
			doc.skip[ptr] = true
		}
		vals[name] = val // marked values are left out above: nothing to unmark
	}
	return vals, diags
}

// markedValueNotAllowed is the error of an attribute whose value val is
// made of a secret: a sensitive variable's value, or a key given to a
// variable that is not sensitive. Either is a secret whatever it went
// through (upper, strrev, a local): a mark stays on all that is computed
// from a marked value.
func (sc *scope) markedValueNotAllowed(name string, attr *hcl.Attribute, val cty.Value) *hcl.Diagnostic {
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Sensitive value not allowed here",
		Detail:   fmt.Sprintf("%q would carry the value of a sensitive variable into the export in plain text. Only api_key takes a sensitive value.", name),
		Subject:  attr.Expr.Range().Ptr(),
	}
	if _, marks := val.UnmarkDeep(); marks.Has(sensitiveMark) {
		return d
	}
	var keyVars []string
	for _, v := range sc.variablesUsed(attr.Expr, map[string]bool{}) {
		if decl := sc.variables[v]; decl != nil && decl.KeyFrom != "" && !slices.Contains(keyVars, v) {
			keyVars = append(keyVars, v)
		}
	}
	if len(keyVars) == 0 {
		return d // not reached: a mark comes from a variable
	}
	v := sc.variables[keyVars[0]]
	d.Summary = "Stripe key in a variable that is not sensitive"
	d.Detail = fmt.Sprintf("%q would carry into the export a value made from variable %q, whose value (given by %s) holds a Stripe key. A key stays a key whatever is done to it. If it is one, declare variable %q with sensitive = true and use it only as api_key; if not, give the variable another value.",
		name, v.Name, v.KeyFrom, v.Name)
	return d
}

func duplicateBlock(b *hcl.Block, what string, first hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + what,
		Detail:   fmt.Sprintf("This %s is already declared at %s; each may appear once.", what, first),
		Subject:  b.DefRange.Ptr(),
	}
}

func stringOr(v cty.Value, def string) string {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return def
	}
	return v.AsString()
}

func boolOr(v cty.Value, def bool) bool {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || v.Type() != cty.Bool {
		return def
	}
	return v.True()
}

// optionString renders a primitive option value the way the catalog takes
// it.
func optionString(v cty.Value) (string, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		f := v.AsBigFloat()
		// Whole numbers, the usual options, without big.Float's
		// formatting, which is slow; -0 is left to it.
		if i, acc := f.Int64(); acc == big.Exact && (i != 0 || !f.Signbit()) {
			return strconv.FormatInt(i, 10), true
		}
		return f.Text('f', -1), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func quoteList(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", n)
	}
	return out
}
