package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"fmt"
	"strconv"
	"strings"
)

// File names of an export.
const (
	BotDefinitionFile = "botDefinition.json"
	ConfigFile        = "config.json"
	IconFile          = "icon.png"
)

// Export is the content of one bot export: the files the platform's Import
// Bot takes.
type Export struct {
	BotDefinition []byte // botDefinition.json
	Config        []byte // config.json
	Icon          []byte // icon.png
}

// File is one file of an export.
type File struct {
	Name string
	Data []byte
}

// Files lists the export's files in a fixed order.
func (x *Export) Files() []File {
	return []File{
		{BotDefinitionFile, x.BotDefinition},
		{ConfigFile, x.Config},
		{IconFile, x.Icon},
	}
}

// Encode writes the export of b. The same Bot always gives byte-identical
// files. Before returning, Encode runs Check on its own output (on
// botDefinition.json before it is indented, which changes only
// whitespace); an error from either means the IR was inconsistent or the
// writer is wrong — a bug in xoc, never a problem in the user's
// configuration.
func Encode(b *ir.Bot) (*Export, error) {
	return encode(b, options{})
}

// options are writer switches that tests flip; Encode uses the zero value.
type options struct {
	// unverifiedAuthKeys also writes the auth profile settings whose JSON
	// keys no real export shows (see authprofiles.go).
	unverifiedAuthKeys bool
}

func encode(b *ir.Bot, opts options) (*Export, error) {
	e, err := newEncoder(b, opts)
	if err != nil {
		return nil, err
	}
	def := e.buildDefinition(b)
	cfg := e.buildConfig(b)
	if len(e.errs) > 0 {
		return nil, &BugError{Stage: "encode", Problems: e.errs}
	}
	cfgJSON, err := marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", ConfigFile, err)
	}
	// The self-check reads the compact form of botDefinition.json: the
	// same JSON as the file, which indent only lays out, with a third
	// fewer bytes to read.
	var defJSON []byte
	var checkErr error
	err = withCompact(def, func(compact []byte) error {
		checkErr = check(compact, cfgJSON)
		defJSON = indent(compact)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", BotDefinitionFile, err)
	}
	if checkErr != nil {
		return nil, checkErr
	}
	return &Export{BotDefinition: defJSON, Config: cfgJSON, Icon: iconOf(b)}, nil
}

// newEncoder returns the encoder of b, which has validated b: the
// validation's problems are left in its errs.
func newEncoder(b *ir.Bot, opts options) (*encoder, error) {
	if b == nil {
		return nil, &BugError{Stage: "encode", Problems: []string{"nil Bot"}}
	}
	e := &encoder{ids: ids{label: b.Label}, lang: b.Language, opts: opts}
	if e.lang == "" {
		e.lang = "en"
	}
	e.validate(b)
	return e, nil
}

// iconOf returns a copy of b's icon.png, the built-in one if b has none.
func iconOf(b *ir.Bot) []byte {
	icon := b.Icon
	if len(icon) == 0 {
		icon = builtinIcon
	}
	return append([]byte(nil), icon...)
}

// BugError reports an export that xoc should never have produced: an IR
// the lowering stage should not have built, or an export that fails its
// self-check. It lists every problem found.
type BugError struct {
	Stage    string // "encode" or "self-check"
	Problems []string
}

func (e *BugError) Error() string {
	var b strings.Builder
	what := "the export writer was given an inconsistent bot"
	if e.Stage == "self-check" {
		what = "the generated Kore.ai export failed its self-check"
	}
	fmt.Fprintf(&b, "xoc bug: %s; please report this, it is not a problem in your configuration:", what)
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p)
	}
	return b.String()
}

// encoder carries the state of one Encode call.
type encoder struct {
	ids  ids
	lang string
	opts options
	errs []string
}

func (e *encoder) errorf(format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf(format, args...))
}

func quote(s string) string { return strconv.Quote(s) }

// validate reports IR problems that would make ids or references
// ambiguous; the rest surfaces in Check.
func (e *encoder) validate(b *ir.Bot) {
	if b.Label == "" {
		e.errorf("bot has no Label")
	}
	dialogs := map[string]bool{}
	for _, d := range b.Dialogs {
		if d.Key == "" {
			e.errorf("dialog %q has no Key", d.Name)
		} else if dialogs[d.Key] {
			e.errorf("two dialogs have the Key %q", d.Key)
		}
		dialogs[d.Key] = true
		if d.Name == "" {
			e.errorf("dialog %q has no Name", d.Key)
		}
		if len(d.Nodes) == 0 || d.Nodes[0].Type != ir.NodeIntent {
			e.errorf("dialog %q: the first node must be an intent node", d.Key)
		}
		names := map[string]bool{}
		for i, n := range d.Nodes {
			if n.Name == "" {
				e.errorf("dialog %q: node %d has no Name", d.Key, i)
			} else if names[n.Name] {
				e.errorf("dialog %q: two nodes are named %q", d.Key, n.Name)
			}
			names[n.Name] = true
			if i > 0 && n.Type == ir.NodeIntent {
				e.errorf("dialog %q: node %q: only the first node may be an intent node", d.Key, n.Name)
			}
		}
	}
	profiles := map[string]bool{}
	for _, p := range b.AuthProfiles {
		if p.Name == "" || p.Name == noAuthProfile {
			e.errorf("auth profile name %q is reserved or empty", p.Name)
		} else if profiles[p.Name] {
			e.errorf("two auth profiles are named %q", p.Name)
		}
		profiles[p.Name] = true
	}
	vars := map[string]bool{}
	for _, v := range b.EnvVars {
		if v.Key == "" {
			e.errorf("env variable with no Key")
		} else if vars[v.Key] {
			e.errorf("two env variables have the Key %q", v.Key)
		}
		vars[v.Key] = true
	}
}
