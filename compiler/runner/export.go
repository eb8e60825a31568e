package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/xoc-dev/xoc/compiler/config"
)

// The types below read only the parts of an export that running a dialog
// needs. Unknown keys are ignored, so any real export loads.

type exportDefinition struct {
	DefaultLanguage   string                     `json:"defaultLanguage"`
	LocaleData        map[string]exportBotLocale `json:"localeData"`
	Dialogs           []exportDialog             `json:"dialogs"`
	DialogComponents  []exportComponent          `json:"dialogComponents"`
	IDPConfigurations []exportIDPConfiguration   `json:"idpConfigurations"`
}

type exportBotLocale struct {
	Name string `json:"name"`
}

type exportDialog struct {
	ID         string                       `json:"_id"`
	LName      string                       `json:"lname"`
	IsHidden   bool                         `json:"isHidden"`
	LocaleData map[string]exportDialogLocal `json:"localeData"`
	Nodes      []exportNode                 `json:"nodes"`
}

type exportDialogLocal struct {
	Name string `json:"name"`
}

type exportNode struct {
	NodeID      string             `json:"nodeId"`
	Type        string             `json:"type"`
	ComponentID string             `json:"componentId"`
	Transitions []exportTransition `json:"transitions"`
}

// exportTransition is either {"default": target} or {"if": …, "then": target}.
type exportTransition struct {
	Default *string          `json:"default"`
	If      *exportCondition `json:"if"`
	Then    string           `json:"then"`
}

// exportCondition is one test: {"context": path, "op", "value"}, {"field":
// entity node id, "op", "value"}, {"dialogAct": "yes"}, or {"conjoin":
// "and"|"or", "tests": […]}.
type exportCondition struct {
	Context   *string           `json:"context"`
	Field     *string           `json:"field"`
	DialogAct *string           `json:"dialogAct"`
	Op        string            `json:"op"`
	Value     flexString        `json:"value"`
	Conjoin   string            `json:"conjoin"`
	Tests     []exportCondition `json:"tests"`
}

type exportComponent struct {
	ID   string `json:"_id"`
	Name string `json:"name"`
	Type string `json:"type"`

	// entity
	EntityType string                           `json:"entityType"`
	LocaleData map[string]exportComponentLocale `json:"localeData"`

	// entity prompt, message
	Message []exportMessage `json:"message"`

	// script
	Script string `json:"script"`

	// service
	ServiceTypeRaw    string         `json:"serviceType"`
	EndPoint          exportEndPoint `json:"endPoint"`
	Headers           exportRaw      `json:"headers"`
	Payload           exportRaw      `json:"payload"`
	AuthRequired      bool           `json:"authRequired"`
	IDP               string         `json:"idp"`
	ServiceAPITimeout flexString     `json:"serviceAPITimeout"`
}

type exportComponentLocale struct {
	AllowedValues *exportAllowedValues `json:"allowedValues"`
}

type exportAllowedValues struct {
	Values []exportAllowedValue `json:"values"`
}

type exportAllowedValue struct {
	Title    string   `json:"title"`
	Value    string   `json:"value"`
	Synonyms []string `json:"synonyms"`
}

type exportMessage struct {
	Channel    string                         `json:"channel"`
	LocaleData map[string]exportMessageLocale `json:"localeData"`
}

type exportMessageLocale struct {
	Text string `json:"text"`
	Type string `json:"type"` // basic or uxmap
}

type exportEndPoint struct {
	Host     string     `json:"host"`
	Port     flexString `json:"port"`
	Path     string     `json:"path"`
	Protocol string     `json:"protocol"`
	Method   string     `json:"method"`
}

type exportRaw struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type exportIDPConfiguration struct {
	Name    string `json:"name"`
	SSOType string `json:"sso_type"`
}

type exportConfig struct {
	Name         string              `json:"name"`
	EnvVariables []exportEnvVariable `json:"envVariables"`
}

type exportEnvVariable struct {
	Key       string `json:"key"`
	Value     string `json:"value"`
	IsSecured bool   `json:"isSecured"`
}

// Bot is a loaded bot export, ready to run. It is not modified by Run, so one
// Bot may be run many times, also concurrently.
type Bot struct {
	// Name is the bot's display name.
	Name string

	language   string
	dialogs    []*dialog
	components map[string]*exportComponent
	idps       map[string]exportIDPConfiguration
	env        []envVar // config.json order
}

type dialog struct {
	id     string
	name   string // display name
	lname  string
	hidden bool
	nodes  map[string]*exportNode
}

type envVar struct {
	key, value string
	secured    bool
}

// The files of an export that a run reads.
const (
	// DefinitionFile holds the bot's dialogs and components.
	DefinitionFile = "botDefinition.json"
	// AppDefinitionFile is the definition file's name from XO 11 on; its
	// shape is the same.
	AppDefinitionFile = "appDefinition.json"
	// ConfigFile holds the bot's settings and env variables.
	ConfigFile = "config.json"
)

// definitionFileNames are the names a definition file may have, in the
// order they are looked for.
var definitionFileNames = []string{DefinitionFile, AppDefinitionFile}

// ErrNoExport is returned (wrapped) by [ReadExport] and [Load] for a
// directory that holds no definition file, so a caller can tell a folder
// that is not an export from an export it cannot read.
var ErrNoExport = errors.New("no botDefinition.json")

// ReadExport reads the export in dir: the contents of its definition file
// (botDefinition.json, or appDefinition.json) and of its config.json, the
// two files an import needs, ready for [Parse]. When dir holds no
// definition file it returns an error wrapping [ErrNoExport]; a dir that
// is not a directory, or cannot be read, holds none.
func ReadExport(dir string) (definition, config []byte, err error) {
	defPath := ""
	for _, name := range definitionFileNames {
		// A definition file that exists but cannot be read is an export
		// with a problem, not a folder of something else: only a failed
		// Stat means there is none.
		if _, statErr := os.Stat(filepath.Join(dir, name)); statErr == nil {
			defPath = filepath.Join(dir, name)
			break
		}
	}
	if defPath == "" {
		return nil, nil, fmt.Errorf("%s: %w", dir, ErrNoExport)
	}
	definition, err = os.ReadFile(defPath)
	if err != nil {
		return nil, nil, err
	}
	config, err = os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		return nil, nil, err
	}
	return definition, config, nil
}

// Load reads and parses the export in dir (see [ReadExport]).
func Load(dir string) (*Bot, error) {
	def, cfg, err := ReadExport(dir)
	if err != nil {
		return nil, err
	}
	bot, err := Parse(def, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return bot, nil
}

// Parse reads an export from the contents of its definition file and its
// config.json; tests that build an export in memory use it to skip the disk.
func Parse(definition, config []byte) (*Bot, error) {
	var def exportDefinition
	if err := json.Unmarshal(definition, &def); err != nil {
		return nil, fmt.Errorf("botDefinition.json: %w", err)
	}
	var cfg exportConfig
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, fmt.Errorf("config.json: %w", err)
	}

	bot := &Bot{
		language:   def.DefaultLanguage,
		components: make(map[string]*exportComponent, len(def.DialogComponents)),
		idps:       make(map[string]exportIDPConfiguration, len(def.IDPConfigurations)),
	}
	if bot.language == "" {
		bot.language = "en"
	}
	bot.Name = def.LocaleData[bot.language].Name
	if bot.Name == "" {
		bot.Name = cfg.Name
	}

	var errs []error
	for i := range def.DialogComponents {
		c := &def.DialogComponents[i]
		if _, dup := bot.components[c.ID]; dup {
			errs = append(errs, fmt.Errorf("dialogComponents: duplicate _id %q", c.ID))
			continue
		}
		bot.components[c.ID] = c
	}
	for _, idp := range def.IDPConfigurations {
		bot.idps[idp.Name] = idp
	}
	for _, d := range def.Dialogs {
		dg := &dialog{
			id:     d.ID,
			name:   localized(d.LocaleData, bot.language).Name,
			lname:  d.LName,
			hidden: d.IsHidden,
			nodes:  make(map[string]*exportNode, len(d.Nodes)),
		}
		if dg.name == "" {
			dg.name = d.LName
		}
		for i := range d.Nodes {
			n := &d.Nodes[i]
			if _, dup := dg.nodes[n.NodeID]; dup {
				errs = append(errs, fmt.Errorf("dialog %q: duplicate nodeId %q", dg.name, n.NodeID))
				continue
			}
			dg.nodes[n.NodeID] = n
		}
		bot.dialogs = append(bot.dialogs, dg)
	}
	for _, v := range cfg.EnvVariables {
		bot.env = append(bot.env, envVar{key: v.Key, value: v.Value, secured: v.IsSecured})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return bot, nil
}

// Dialogs returns the display names of the bot's dialog tasks in export
// order, hidden ones (the platform's Welcome and Fallback tasks) included.
func (b *Bot) Dialogs() []string {
	names := make([]string, len(b.dialogs))
	for i, d := range b.dialogs {
		names[i] = d.name
	}
	return names
}

// EnvNames lists the names of the bot's env variables (config.json's
// envVariables) in file order: the values a run's Options.Env may
// override.
func (b *Bot) EnvNames() []string {
	names := make([]string, 0, len(b.env))
	for _, v := range b.env {
		if !slices.Contains(names, v.key) {
			names = append(names, v.key)
		}
	}
	return names
}

// ErrNoDialog is returned (wrapped) by [Run] when Options.Dialog names no
// dialog of the bot, or is empty and the bot has several to choose from.
var ErrNoDialog = errors.New("no such dialog")

// noDialogError says which dialog is missing; it matches ErrNoDialog.
type noDialogError struct{ msg string }

func (e *noDialogError) Error() string        { return e.msg }
func (e *noDialogError) Is(target error) bool { return target == ErrNoDialog }

// AuthProfiles lists the names of the bot's auth profiles, sorted: the
// profiles whose end-user keys a run of an authRequired service needs.
func (b *Bot) AuthProfiles() []string {
	names := make([]string, 0, len(b.idps))
	for name := range b.idps {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// findDialog picks the dialog a run executes: the one whose display name or
// lname equals name (case-insensitively), or, when name is empty, the only
// visible dialog.
func (b *Bot) findDialog(name string) (*dialog, error) {
	if name != "" {
		for _, d := range b.dialogs {
			if strings.EqualFold(d.name, name) || strings.EqualFold(d.lname, name) {
				return d, nil
			}
		}
		msg := fmt.Sprintf("no dialog %q", name)
		var names []string
		for _, d := range b.dialogs {
			names = append(names, d.name)
		}
		if s := config.Suggest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return nil, &noDialogError{fmt.Sprintf("%s; the bot has %s", msg, quoteList(b.Dialogs()))}
	}
	var visible []*dialog
	for _, d := range b.dialogs {
		if !d.hidden {
			visible = append(visible, d)
		}
	}
	switch len(visible) {
	case 1:
		return visible[0], nil
	case 0:
		return nil, errors.New("the bot has no dialog to run")
	}
	names := make([]string, len(visible))
	for i, d := range visible {
		names[i] = d.name
	}
	return nil, &noDialogError{fmt.Sprintf("the bot has several dialogs, choose one of %s", quoteList(names))}
}

// localized returns m[lang], falling back to English and then to any locale
// in sorted order, so a bot whose default language is not English still runs.
func localized[T any](m map[string]T, lang string) T {
	if v, ok := m[lang]; ok {
		return v
	}
	if v, ok := m["en"]; ok {
		return v
	}
	var zero T
	first := ""
	for k := range m {
		if first == "" || k < first {
			first = k
		}
	}
	if first != "" {
		return m[first]
	}
	return zero
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// flexString reads a JSON string, number or boolean as its text; null reads
// as "". Exports are not consistent: a port is "" in one and 443 in another.
type flexString string

func (f *flexString) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v.(type) {
	case nil:
		*f = ""
	case float64, bool:
		*f = flexString(strings.TrimSpace(string(data)))
	default:
		return fmt.Errorf("expected a string or a number, got %s", data)
	}
	return nil
}
