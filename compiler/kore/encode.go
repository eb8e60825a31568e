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
// files. Before it writes a byte, Encode checks b (ir.Bot.Check) and the
// export it built from b (checkReferences); an error from either means
// the IR was inconsistent or the writer is wrong — a bug in xoc, never a
// problem in the user's configuration.
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
	if b == nil {
		return nil, &BugError{Stage: "encode", Problems: []string{"nil Bot"}}
	}
	if problems := b.Check(); len(problems) > 0 {
		return nil, &BugError{Stage: "encode", Problems: problems}
	}
	e := &encoder{ids: ids{label: b.Label}, lang: b.Language, opts: opts}
	if e.lang == "" {
		e.lang = "en"
	}
	def := e.buildDefinition(b)
	cfg := e.buildConfig(b)
	if len(e.errs) > 0 {
		return nil, &BugError{Stage: "encode", Problems: e.errs}
	}
	if problems := checkReferences(def); len(problems) > 0 {
		return nil, &BugError{Stage: "self-check", Problems: problems}
	}
	defJSON, err := marshal(def)
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", BotDefinitionFile, err)
	}
	cfgJSON, err := marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", ConfigFile, err)
	}
	return &Export{BotDefinition: defJSON, Config: cfgJSON, Icon: iconOf(b)}, nil
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
