package config

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// Config is one bot directory, decoded and validated.
type Config struct {
	// Dir is the bot directory as given.
	Dir string
	// Files are the configuration files read, sorted.
	Files     []string
	Bot       Bot
	Variables map[string]*Variable
	// AuthProfiles are sorted by name.
	AuthProfiles []*AuthProfile
	// Stripe is the Stripe action, or nil when the bot has none.
	Stripe *StripeAction
	// IconData holds the bytes of the bot's icon file as the checks read
	// them (nil without an icon): lowering writes these, and does not read
	// the file a second time, which may have changed since.
	IconData []byte
	// TemplateSources are the template_source blocks, sorted by name.
	TemplateSources []*TemplateSource
	// Templates are the templates the bot can install: the catalog's and
	// those of its template sources that decoded. Lowering looks templates
	// up here; nil is the catalog alone.
	Templates *catalog.Set
}

// TemplateSource is a template_source block: a user template file.
type TemplateSource struct {
	Name string
	// Path is the file's path as written, relative to Dir; File is the
	// path it was read at (Dir joined with Path), "" when it was not.
	Path, File string
	// Template is the file's template, or nil when it did not decode.
	Template  *catalog.UserTemplate
	PathRange hcl.Range
	DeclRange hcl.Range
}

// Bot is the bot block.
type Bot struct {
	Label       string
	Name        string // defaults to Label
	Description string
	Language    string // defaults to "en"
	// Icon is the path of the icon file relative to Dir, or "".
	Icon      string
	IconRange hcl.Range
	// Deploy is the deploy block, or nil.
	Deploy    *Deploy
	DeclRange hcl.Range
}

// Deploy is the bot's deploy block: where xoc deploy imports it.
type Deploy struct {
	// BotID is the bot's id on the platform (st-…), or "".
	BotID string
	// ImportOptions is the import's importOptions as JSON, or nil.
	ImportOptions []byte
	DeclRange     hcl.Range
}

// AuthProfile is an auth_profile block.
type AuthProfile struct {
	Name                  string
	Type                  string
	Description           string
	BaseURL               string
	AuthorizationCheckURL string
	Tenancy               bool

	DeclRange                  hcl.Range
	BaseURLRange               hcl.Range
	AuthorizationCheckURLRange hcl.Range
}

// Authorization modes of an action.
const (
	ModePreAuthorized  = "pre_authorized"
	ModeUserAuthorized = "user_authorized"
)

// StripeAction is the action "stripe" block.
type StripeAction struct {
	Authorization Authorization
	// Templates are in the order written.
	Templates []*TemplateUse
	DeclRange hcl.Range
}

// Authorization is an action's authorization block.
type Authorization struct {
	Mode      string
	Mechanism string // defaults to "basic"
	// APIKey is the pre-authorized key; its value may be unknown (a
	// variable without a value), which is fine for a plain build.
	APIKey APIKey
	// Profile is the name of the auth_profile of a user-authorized action.
	Profile      string
	ProfileRange hcl.Range
	DeclRange    hcl.Range
}

// APIKey is a Stripe key taken from a sensitive variable. Its String form is
// redacted, so it is safe to print by accident.
type APIKey struct {
	// Variable is the sensitive variable the key comes from.
	Variable string
	value    string
	known    bool
	Range    hcl.Range
	Set      bool // the attribute is present
}

// Value returns the key and whether it is known. Only the credential check
// and --embed-secrets call it.
func (k APIKey) Value() (string, bool) { return k.value, k.known }

// String redacts the key.
func (k APIKey) String() string {
	if !k.known {
		return "(no value)"
	}
	return secret.Redact(k.value)
}

// TemplateUse is a template block: one template of the action's catalog to
// install, with its overrides.
type TemplateUse struct {
	Name       string
	DialogName string
	Utterances []string
	// Options are the template's own options, as strings, by name.
	Options      map[string]string
	OptionRanges map[string]hcl.Range
	Entities     map[string]*EntityOverride
	DeclRange    hcl.Range
}

// EntityOverride is an entity block inside a template.
type EntityOverride struct {
	Name        string
	Prompt      string
	ErrorPrompt string
	DeclRange   hcl.Range
}
