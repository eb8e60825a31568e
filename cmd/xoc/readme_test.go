package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xoc-dev/xoc/internal/docgen"
)

// The README's command list is rendered from the same cobra commands and
// flag sets the CLI runs, so that a flag added, renamed or documented
// differently shows up there: `go generate ./cmd/xoc` (or
// `go test ./cmd/xoc -run TestREADMECommands -update`) rewrites it, and
// TestREADMECommands fails while it is stale.

var update = flag.Bool("update", false, "rewrite the generated command list of README.md")

const (
	readmePath    = "../../README.md"
	commandsBegin = "<!-- BEGIN GENERATED COMMANDS: go generate ./cmd/xoc; do not edit -->"
	commandsEnd   = "<!-- END GENERATED COMMANDS -->"
	// synopsisWidth is where a synopsis line wraps, so that the block
	// reads without scrolling on GitHub.
	synopsisWidth = 100
)

// cliCommands returns the root command and the commands `xoc --help`
// lists, as cobra sets them up when it runs: the program's own and its
// completion command.
func cliCommands() (*cobra.Command, []*cobra.Command) {
	root := newRootCommand(&app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
	root.InitDefaultCompletionCmd()
	var out []*cobra.Command
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() && c.Name() != "help" {
			out = append(out, c)
		}
	}
	return root, out
}

// renderCommands is the README's command list: a synopsis line per
// command, then every flag with what it does.
func renderCommands() []byte {
	root, cmds := cliCommands()
	width := 0
	for _, c := range cmds {
		width = max(width, len(c.Name()))
	}
	type row struct{ name, flag, usage string }
	var rows []row
	commandsOf := map[row][]string{}
	// flagWords adds a command's flags to the table and returns them as
	// its synopsis shows them.
	flagWords := func(command string, flags *pflag.FlagSet) []string {
		var words []string
		flags.VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" {
				return
			}
			words = append(words, synopsisOf(f))
			r := row{name: f.Name, flag: flagName(f), usage: usageOf(f)}
			if commandsOf[r] == nil {
				rows = append(rows, r)
			}
			commandsOf[r] = append(commandsOf[r], command)
		})
		return words
	}
	var b bytes.Buffer
	b.WriteString("```\n")
	// Flags of every command, if the root has any.
	if global := flagWords("all", root.LocalFlags()); len(global) > 0 {
		b.WriteString(wrap(append(append([]string{"xoc"}, global...), "COMMAND ..."), 4))
	}
	for _, c := range cmds {
		words := []string{fmt.Sprintf("xoc %-*s", width, c.Name())}
		if _, args, ok := strings.Cut(c.Use, " "); ok {
			words = append(words, args)
		}
		flags := c.LocalFlags()
		if subs := c.Commands(); len(subs) > 0 {
			// A command of subcommands (completion SHELL): their names,
			// and the flags they take.
			var names []string
			flags = pflag.NewFlagSet(c.Name(), pflag.ContinueOnError)
			for _, s := range subs {
				if !s.IsAvailableCommand() {
					continue
				}
				names = append(names, s.Name())
				s.LocalFlags().VisitAll(func(f *pflag.Flag) {
					if flags.Lookup(f.Name) == nil {
						flags.AddFlag(f)
					}
				})
			}
			words = append(words, strings.Join(names, "|"))
		}
		words = append(words, flagWords(c.Name(), flags)...)
		b.WriteString(wrap(words, width+5))
	}
	b.WriteString("```\n\n")
	slices.SortStableFunc(rows, func(x, y row) int { return strings.Compare(x.name, y.name) })
	b.WriteString("| flag | commands | what it does |\n|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.flag, strings.Join(commandsOf[r], ", "), r.usage)
	}
	return b.Bytes()
}

// wrap lays out a synopsis over lines of at most synopsisWidth columns,
// continuation lines indented to the arguments.
func wrap(words []string, indent int) string {
	var b strings.Builder
	line := words[0]
	for _, w := range words[1:] {
		if len(line)+1+len(w) > synopsisWidth {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = strings.Repeat(" ", indent) + w
			continue
		}
		line += " " + w
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
	return b.String()
}

func flagName(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + ", --" + f.Name
	}
	return "--" + f.Name
}

// synopsisOf writes a flag as a synopsis shows it: [--out OUT],
// [--var name=value ...], [-v|--verbose].
func synopsisOf(f *pflag.Flag) string {
	s := "--" + f.Name
	if f.Shorthand != "" {
		s = "-" + f.Shorthand + "|" + s
	}
	if v := placeholder(f); v != "" {
		s += " " + v
	}
	if strings.HasSuffix(f.Value.Type(), "Array") || strings.HasSuffix(f.Value.Type(), "Slice") {
		s += " ..."
	}
	return "[" + s + "]"
}

// placeholder names a flag's value: the `quoted` word of its usage, as
// pflag's convention has it; else the form its usage shows
// ("--var name=value"); else a word from its type or name.
func placeholder(f *pflag.Flag) string {
	if strings.Count(f.Usage, "`") >= 2 {
		name, _ := pflag.UnquoteUsage(f)
		return name
	}
	if m := regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + ` (\S+=\S+)`).FindStringSubmatch(f.Usage); m != nil {
		return m[1]
	}
	switch f.Value.Type() {
	case "bool":
		return ""
	case "duration":
		return "DURATION"
	case "int", "int64", "uint", "uint64":
		return "N"
	}
	words := strings.Split(f.Name, "-")
	return strings.ToUpper(words[len(words)-1])
}

// usageOf is a flag's usage as a table cell, with its default.
func usageOf(f *pflag.Flag) string {
	_, usage := pflag.UnquoteUsage(f)
	switch f.DefValue {
	case "", "false", "[]", "0":
	default:
		usage += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\n", " ").Replace(usage)
}

// TestREADMECommands fails when the README's command list is not what
// the commands define.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := docgen.SpliceSection(readme, commandsBegin, commandsEnd, renderCommands())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readme, want) {
		return
	}
	if *update {
		if err := os.WriteFile(readmePath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's command list is stale: run go generate ./cmd/xoc. It should read:\n%s", renderCommands())
}

// TestCommandListCoversTheFlags guards the renderer itself: flags that
// the README once lacked are listed, each under its command.
func TestCommandListCoversTheFlags(t *testing.T) {
	list := string(renderCommands())
	for _, want := range []string{
		"xoc build ", "xoc validate ", "xoc run ", "xoc fmt ", "xoc templates ", "xoc version ",
		"xoc completion ", "bash|", "[--stripe-api-url URL]", "[--timeout DURATION]",
		"[--var name=value ...]", "[--var-file FILE ...]", "[--format FORMAT]", "[-v|--verbose]",
		"| `--timeout` | build, ", "(default 10s)",
	} {
		if !strings.Contains(list, want) {
			t.Errorf("the command list lacks %q:\n%s", want, list)
		}
	}
	// run's own flags, --var among them, are on run's synopsis.
	runLine := regexp.MustCompile(`(?m)^xoc run .*(\n {6,}.*)*`).FindString(list)
	for _, want := range []string{"--var ", "--var-file", "--format", "--stripe-api-url", "--entity", "--dialog"} {
		if !strings.Contains(runLine, want) {
			t.Errorf("xoc run's synopsis lacks %s:\n%s", want, runLine)
		}
	}
}

// TestREADMEExitCodes holds the README's table of exit codes to the exit
// codes the command defines (the exit... constants of this package): each
// is listed, and nothing else is.
func TestREADMEExitCodes(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defined := map[int]string{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(name.Name, "exit") || i >= len(vs.Values) {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.INT {
							t.Errorf("%s is not an integer literal; this test reads exit codes as literals", name.Name)
							continue
						}
						code, _ := strconv.Atoi(lit.Value)
						defined[code] = name.Name
					}
				}
			}
		}
	}
	if len(defined) < 4 {
		t.Fatalf("found only the exit codes %v", defined)
	}

	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "| exit code | meaning |\n|---|---|\n")
	if !ok {
		t.Fatal("README.md has no table of exit codes")
	}
	listed := map[int]bool{}
	for _, line := range strings.Split(table, "\n") {
		m := regexp.MustCompile(`^\| (\d+) \|`).FindStringSubmatch(line)
		if m == nil {
			break
		}
		code, _ := strconv.Atoi(m[1])
		listed[code] = true
		if _, ok := defined[code]; !ok {
			t.Errorf("README.md lists exit code %d, which cmd/xoc does not define", code)
		}
	}
	for code, name := range defined {
		if !listed[code] {
			t.Errorf("README.md's table of exit codes lacks %d (%s)", code, name)
		}
	}
}
