package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/config"
)

func newTemplatesCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "templates [NAME]",
		Short: "List the Stripe action's templates, or show one",
		Long: `Templates lists the templates of the Stripe action that a bot can install
with a template block. With a NAME it shows that template's entities (the
prompts an entity block can override), its Stripe calls and its options.`,
		Example: `  xoc templates
  xoc templates create_invoice`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := catalog.Err(); err != nil {
				return err
			}
			if len(args) == 0 {
				return listTemplates(a.stdout)
			}
			t, ok := catalog.Lookup(args[0])
			if !ok {
				msg := fmt.Sprintf("no template %q", args[0])
				if s := config.Suggest(args[0], catalog.Names()); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				return &exitError{code: exitUsage, msg: msg + " (xoc templates lists them)"}
			}
			return showTemplate(a.stdout, t)
		},
	}
}

func listTemplates(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TEMPLATE\tTITLE\tSTRIPE CALLS")
	for _, t := range catalog.All() {
		var calls []string
		for _, c := range t.Calls {
			calls = append(calls, c.Method+" "+c.Path)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Title, strings.Join(calls, ", "))
	}
	return tw.Flush()
}

func showTemplate(w io.Writer, t *catalog.Template) error {
	fmt.Fprintf(w, "%s: %s\n%s\n\n", t.Name, t.Title, t.Description)
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
