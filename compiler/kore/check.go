package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Check verifies an export's internal references: every node's componentId
// names a component of the same type, every transition targets a node of
// its dialog or "end", every service's idp names an auth profile, every
// env variable the bot uses is declared in config.json, every node is
// reachable from intent0, and every dialog can reach its end. Encode runs
// it on its own output, so a failure is a bug in xoc; the error lists every
// problem found.
func Check(x *Export) error {
	return check(x.BotDefinition, x.Config)
}

// check is Check on the two JSON files it reads.
func check(botDefinition, config []byte) error {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	def, used, err := readDefinition(botDefinition)
	if err != nil {
		report("%s is not valid JSON: %v", BotDefinitionFile, err)
	}
	var cfg envVariables
	if err := json.Unmarshal(config, &cfg); err != nil {
		report("%s is not valid JSON: %v", ConfigFile, err)
	}
	if len(problems) > 0 {
		return &BugError{Stage: "self-check", Problems: problems}
	}

	idps, problems := checkTasks(def)
	problems = append(problems, checkLinks(def, declaredEnv(cfg.EnvVariables), idps, used)...)
	if len(problems) > 0 {
		return &BugError{Stage: "self-check", Problems: problems}
	}
	return nil
}

// checkTasks checks the dialog tasks of def and returns the auth profiles
// their service components name.
func checkTasks(def *checkedDefinition) (idps []string, problems []string) {
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	components := make(map[string]*checkedComponent, len(def.DialogComponents))
	for i := range def.DialogComponents {
		c := &def.DialogComponents[i]
		if components[c.ID] != nil {
			report("two components have the _id %s", c.ID)
		}
		components[c.ID] = c
		if c.Type == string(ir.NodeService) && c.Idp != noAuthProfile {
			idps = append(idps, c.Idp)
		}
	}
	for i := range def.Dialogs {
		checkDialog(&def.Dialogs[i], components, report)
	}
	return idps, problems
}

// checkLinks checks what ties an export together: every auth profile a
// service names is one of def's, and every env variable used is declared.
func checkLinks(def *checkedDefinition, declared map[string]bool, idps []string, used map[string]bool) (problems []string) {
	profiles := map[string]bool{}
	for _, p := range def.IdpConfigurations {
		profiles[p.Name] = true
	}
	for _, idp := range idps {
		if !profiles[idp] {
			problems = append(problems, fmt.Sprintf("a service component's idp %q names no idpConfiguration", idp))
		}
	}
	for _, name := range sortedKeys(used) {
		if !declared[name] {
			problems = append(problems, fmt.Sprintf("env.%s is used but %s declares no such variable", name, ConfigFile))
		}
	}
	return problems
}

// envVariables is what Check reads of config.json.
type envVariables struct {
	EnvVariables []struct{ Key string } `json:"envVariables"`
}

func declaredEnv(vars []struct{ Key string }) map[string]bool {
	declared := make(map[string]bool, len(vars))
	for _, v := range vars {
		declared[v.Key] = true
	}
	return declared
}

// checkTask is the self-check of one dialog task, given as a compact
// object holding its dialogComponents and dialogs: it returns the env
// variables and auth profiles the task uses, for checkShell.
func checkTask(task []byte) (envUsed, idps []string, problems []string) {
	def, used, err := readDefinition(task)
	if err != nil {
		return nil, nil, []string{fmt.Sprintf("a dialog task's JSON is not valid: %v", err)}
	}
	idps, problems = checkTasks(def)
	return sortedKeys(used), idps, problems
}

// checkShell is the self-check of a bot whose dialog tasks were checked
// on their own (checkTask): its shell (botDefinition.json without the
// tasks, compact) and config.json must declare the auth profiles and env
// variables that the tasks, or the shell itself, use.
func checkShell(shell, config []byte, envUsed, idps []string) []string {
	def, used, err := readDefinition(shell)
	if err != nil {
		return []string{fmt.Sprintf("%s is not valid JSON: %v", BotDefinitionFile, err)}
	}
	var cfg envVariables
	if err := json.Unmarshal(config, &cfg); err != nil {
		return []string{fmt.Sprintf("%s is not valid JSON: %v", ConfigFile, err)}
	}
	for _, name := range envUsed {
		used[name] = true
	}
	return checkLinks(def, declaredEnv(cfg.EnvVariables), idps, used)
}

// The parts of botDefinition.json that Check reads (see checkReader).
type checkedDefinition struct {
	Dialogs           []checkedDialog    // dialogs
	DialogComponents  []checkedComponent // dialogComponents
	IdpConfigurations []checkedProfile   // idpConfigurations
}

type checkedDialog struct {
	ID    string // _id
	Lname string // lname
	Nodes []checkedNode
}

type checkedNode struct {
	NodeID      string // nodeId
	Type        string // type
	ComponentID string // componentId
	Transitions []checkedTransition
}

type checkedTransition struct {
	If      bool    // "if" is present, whatever its value
	Then    *string // then
	Default *string // default
}

type checkedComponent struct {
	ID       string // _id
	Name     string // name
	Type     string // type
	Idp      string // idp
	DialogID string // dialogId
}

type checkedProfile struct {
	Name string // name
}

func checkDialog(d *checkedDialog, components map[string]*checkedComponent, report func(string, ...any)) {
	where := "dialog " + quote(d.Lname)
	if len(d.Nodes) == 0 {
		report("%s has no nodes", where)
		return
	}
	if d.Nodes[0].NodeID != "intent0" || d.Nodes[0].Type != string(ir.NodeIntent) {
		report("%s: the first node is %s (%s), not intent0", where, d.Nodes[0].NodeID, d.Nodes[0].Type)
	}
	index := map[string]int{}
	for i, n := range d.Nodes {
		if _, dup := index[n.NodeID]; dup {
			report("%s: two nodes have the nodeId %s", where, n.NodeID)
		}
		index[n.NodeID] = i
	}
	edges := make([][]string, len(d.Nodes))
	for i, n := range d.Nodes {
		at := where + ": node " + n.NodeID
		c := components[n.ComponentID]
		switch {
		case c == nil:
			report("%s: componentId %s names no component", at, n.ComponentID)
		case c.Type != n.Type:
			report("%s: node type %q differs from its component's type %q", at, n.Type, c.Type)
		case c.Type == string(ir.NodeIntent) && i == 0 && c.DialogID != d.ID:
			report("%s: intent component's dialogId %s is not the dialog's _id %s", at, c.DialogID, d.ID)
		}
		for j, t := range n.Transitions {
			var target string
			switch {
			case t.If && t.Then != nil && t.Default == nil:
				target = *t.Then
			case !t.If && t.Then == nil && t.Default != nil:
				target = *t.Default
				if j != len(n.Transitions)-1 {
					report("%s: the unconditional transition is not the last one", at)
				}
			default:
				report("%s: transition %d is neither {if, then} nor {default}", at, j)
				continue
			}
			if target == endOfDialog {
				edges[i] = append(edges[i], endOfDialog)
				continue
			}
			if _, ok := index[target]; !ok {
				report("%s: transition target %q is not a node of this dialog", at, target)
				continue
			}
			edges[i] = append(edges[i], target)
		}
	}
	// Reachability from intent0, breadth-first.
	seen := make([]bool, len(d.Nodes))
	seen[0] = true
	queue := []int{0}
	endReached := false
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, target := range edges[i] {
			if target == endOfDialog {
				endReached = true
				continue
			}
			if j := index[target]; !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	for i, n := range d.Nodes {
		if !seen[i] {
			report("%s: node %s is unreachable from intent0", where, n.NodeID)
		}
	}
	if !endReached {
		report("%s: no path from intent0 reaches the end of the dialog", where)
	}
}

// scanEnvRefs adds to used the name of every env variable that the
// string value s, found under key, uses: {{…env.NAME…}} templates in any
// string, encoded or not, and env.NAME anywhere in a script.
func scanEnvRefs(s, key string, used map[string]bool) {
	texts := []string{s}
	if strings.Contains(s, "%") {
		if dec, err := DecodeURIComponent(s); err == nil && dec != s {
			texts = append(texts, dec)
		}
	}
	for _, s := range texts {
		if key == "script" {
			addEnvRefs(s, used)
			continue
		}
		forEachTemplate(s, func(expr string) { addEnvRefs(expr, used) })
	}
}

// forEachTemplate calls f with the expression of every {{…}} template in
// s, left to right: each "{{" up to the nearest "}}" after it.
func forEachTemplate(s string, f func(expr string)) {
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			return
		}
		s = s[open+2:]
		end := strings.Index(s, "}}")
		if end < 0 {
			return
		}
		f(s[:end])
		s = s[end+2:]
	}
}

// addEnvRefs adds every env.NAME of the JavaScript text s: "env." where
// no identifier character or "." comes before it (so not x.env.NAME or
// myenv.NAME), followed by an identifier.
func addEnvRefs(s string, used map[string]bool) {
	for i := 0; ; {
		k := strings.Index(s[i:], "env.")
		if k < 0 {
			return
		}
		at := i + k
		i = at + len("env.")
		if at > 0 && (isIdentChar(s[at-1]) || s[at-1] == '.') {
			continue
		}
		end := i
		for end < len(s) && isIdentChar(s[end]) {
			end++
		}
		if end > i && !isDigit(s[i]) {
			used[s[i:end]] = true
		}
	}
}

// isIdentChar reports whether c may appear in a JavaScript identifier
// (ASCII only, as env variable names are).
func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
