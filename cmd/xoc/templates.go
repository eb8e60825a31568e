package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/report"
)

// templatesFormatVersion versions the --format json document of xoc
// templates, as report.FormatVersion does validate's.
const templatesFormatVersion = "1.0"

func newTemplatesCommand(a *app) *cobra.Command {
	var dir, format string
	cmd := &cobra.Command{
		Use:   "templates [NAME]",
		Short: "List the Stripe action's templates, or show one",
		Long: `Templates lists the templates of the Stripe action that a bot can install
with a template block. With a NAME it shows that template's entities (the
prompts an entity block can override), its Stripe calls and its options.

With --dir, the bot in DIR is loaded and its own templates (its
template_source blocks) are listed and shown too, with the file each comes
from; a bot's template that overrides the catalog's replaces it. A bot
with errors has them printed, and exits 1.`,
		Example: `  xoc templates
  xoc templates create_invoice
  xoc templates --dir examples/stripe-refunds refund_vip
  xoc templates --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != report.FormatText && format != report.FormatJSON {
				return usageError("--format must be text or json, not %q", format)
			}
			if err := catalog.Err(); err != nil {
				return err
			}
			set := &catalog.Set{}
			if dir != "" {
				var err error
				if set, err = a.botTemplates(cmd, dir, format); err != nil {
					return err
				}
			}
			all := set.All()
			if len(args) == 1 {
				t, ok := set.Lookup(args[0])
				if !ok {
					msg := fmt.Sprintf("no template %q", args[0])
					if s := config.Suggest(args[0], set.Names()); s != "" {
						msg += fmt.Sprintf("; did you mean %q?", s)
					}
					return &exitError{code: exitUsage, msg: msg + " (xoc templates lists them)"}
				}
				all = []*catalog.Template{t}
			}
			if format == report.FormatJSON {
				return writeTemplatesJSON(a.stdout, set, all)
			}
			if len(args) == 1 {
				return showTemplate(a.stdout, all[0], set.Source(all[0].Name))
			}
			return listTemplates(a.stdout, set, all, dir != "")
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "also list the templates of the bot in `DIR` (its template_source blocks)")
	cmd.Flags().StringVar(&format, "format", report.FormatText, "output format: text, or json for one document with every template shown in full")
	return cmd
}

// botTemplates loads the bot in dir and returns the templates it can
// install. The bot is validated by the engine first, so that its
// diagnostics are printed as validate prints them, sources masked.
func (a *app) botTemplates(cmd *cobra.Command, dir, format string) (*catalog.Set, error) {
	if err := checkDir(dir, fmt.Sprintf("--dir %q", dir)); err != nil {
		return nil, err
	}
	res, err := a.runEngine(cmd.Context(), build.Request{Mode: build.Validate, Dirs: []string{dir}, Environ: a.environ})
	if err != nil {
		return nil, err
	}
	if res.Diagnostics.HasErrors() || (len(res.Diagnostics) > 0 && format == report.FormatText) {
		if err := a.finish(format, res); err != nil {
			return nil, err
		}
	}
	cfg, _, diags := config.Load(dir, config.Inputs{Env: config.InputsFromEnviron(a.environ)})
	if diags.HasErrors() {
		return nil, &exitError{code: exitConfig}
	}
	return cfg.Templates, nil
}

func listTemplates(w io.Writer, set *catalog.Set, all []*catalog.Template, withSource bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "TEMPLATE\tTITLE\tSTRIPE CALLS"
	if withSource {
		header += "\tSOURCE"
	}
	fmt.Fprintln(tw, header)
	for _, t := range all {
		var calls []string
		for _, c := range t.Calls {
			calls = append(calls, c.Method+" "+c.Path)
		}
		line := fmt.Sprintf("%s\t%s\t%s", t.Name, t.Title, strings.Join(calls, ", "))
		if withSource {
			line += "\t" + sourceText(set, t.Name)
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

// sourceText says where a template comes from, in words.
func sourceText(set *catalog.Set, name string) string {
	src := set.Source(name)
	switch {
	case src == "":
		return "catalog"
	case hasBuiltin(name):
		return src + " (overrides the catalog's)"
	}
	return src
}

func hasBuiltin(name string) bool {
	_, ok := catalog.Lookup(name)
	return ok
}

func showTemplate(w io.Writer, t *catalog.Template, source string) error {
	fmt.Fprintf(w, "%s: %s\n%s\n\n", t.Name, t.Title, t.Description)
	if source != "" {
		fmt.Fprintf(w, "Source: %s\n", source)
		if hasBuiltin(t.Name) {
			fmt.Fprintln(w, "It overrides the catalog's template of the same name.")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Intent: %s\nUtterances:\n", t.Intent)
	for _, u := range t.Utterances {
		fmt.Fprintf(w, "  - %s\n", u)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(t.Entities) == 0 {
		fmt.Fprintln(tw, "Entities: none (the dialog asks for nothing)")
	} else {
		fmt.Fprintln(tw, "ENTITY\tTYPE\tPROMPT")
		for _, e := range t.Entities {
			typ := e.Type
			if len(e.AllowedValues) > 0 {
				typ += " (" + strings.Join(e.AllowedValues, ", ") + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, typ, e.Prompt)
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "CALL\tNODE\tPARAMETERS")
	for _, c := range t.Calls {
		fmt.Fprintf(tw, "%s %s\t%s\t%s\n", c.Method, c.Path, c.Node, strings.Join(c.Params, ", "))
	}
	fmt.Fprintln(tw)
	if len(t.Options) == 0 {
		fmt.Fprintln(tw, "Options: none")
	} else {
		fmt.Fprintln(tw, "OPTION\tVALUES\tDEFAULT\tDESCRIPTION")
		for _, o := range t.Options {
			def := o.Default
			if def == "" {
				def = "(none)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, o.Expect(), def, o.Description)
		}
	}
	fmt.Fprintf(tw, "\nStripe resources (for restricted keys): %s\n", strings.Join(t.Resources, ", "))
	return tw.Flush()
}

// templateJSON is a template in xoc templates --format json.
type templateJSON struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Source is the file of a bot's own template; null for the catalog's.
	Source     *string      `json:"source"`
	Overrides  bool         `json:"overrides"`
	Intent     string       `json:"intent"`
	Utterances []string     `json:"utterances"`
	Entities   []entityJSON `json:"entities"`
	Calls      []callJSON   `json:"calls"`
	Options    []optionJSON `json:"options"`
	Resources  []string     `json:"resources"`
}

type entityJSON struct {
	Name          string   `json:"name"`
	Type          string   `json:"type"`
	Prompt        string   `json:"prompt"`
	ErrorPrompt   string   `json:"error_prompt"`
	AllowedValues []string `json:"allowed_values,omitempty"`
}

type callJSON struct {
	Node   string   `json:"node"`
	Method string   `json:"method"`
	Path   string   `json:"path"`
	Params []string `json:"params"`
}

type optionJSON struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Description string   `json:"description"`
	Values      string   `json:"values"` // in words, as the text output says
	Default     *string  `json:"default"`
	Allowed     []string `json:"allowed,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Integer     bool     `json:"integer,omitempty"`
}

// writeTemplatesJSON writes {"format_version", "templates": [...]}, each
// template in full, in the order given.
func writeTemplatesJSON(w io.Writer, set *catalog.Set, all []*catalog.Template) error {
	doc := struct {
		FormatVersion string         `json:"format_version"`
		Templates     []templateJSON `json:"templates"`
	}{FormatVersion: templatesFormatVersion, Templates: []templateJSON{}}
	for _, t := range all {
		tj := templateJSON{Name: t.Name, Title: t.Title, Description: t.Description, Intent: t.Intent,
			Utterances: nonNil(t.Utterances), Resources: nonNil(t.Resources),
			Entities: []entityJSON{}, Calls: []callJSON{}, Options: []optionJSON{}}
		if src := set.Source(t.Name); src != "" {
			tj.Source = &src
			tj.Overrides = hasBuiltin(t.Name)
		}
		for _, e := range t.Entities {
			tj.Entities = append(tj.Entities, entityJSON{e.Name, e.Type, e.Prompt, e.ErrorPrompt, e.AllowedValues})
		}
		for _, c := range t.Calls {
			tj.Calls = append(tj.Calls, callJSON{c.Node, c.Method, c.Path, nonNil(c.Params)})
		}
		for _, o := range t.Options {
			oj := optionJSON{Name: o.Name, Type: o.Type, Description: o.Description, Values: o.Expect(),
				Allowed: o.Allowed, Min: o.Min, Max: o.Max, Integer: o.Integer}
			if o.Default != "" {
				def := o.Default
				oj.Default = &def
			}
			tj.Options = append(tj.Options, oj)
		}
		doc.Templates = append(doc.Templates, tj)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
