package kore

import (
	"encoding/json"
	"fmt"
	"regexp"
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
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var def checkedDefinition
	if err := json.Unmarshal(x.BotDefinition, &def); err != nil {
		report("%s is not valid JSON: %v", BotDefinitionFile, err)
	}
	var cfg struct {
		EnvVariables []struct{ Key string } `json:"envVariables"`
	}
	if err := json.Unmarshal(x.Config, &cfg); err != nil {
		report("%s is not valid JSON: %v", ConfigFile, err)
	}
	if len(problems) > 0 {
		return &BugError{Stage: "self-check", Problems: problems}
	}

	components := map[string]*checkedComponent{}
	for i := range def.DialogComponents {
		c := &def.DialogComponents[i]
		if components[c.ID] != nil {
			report("two components have the _id %s", c.ID)
		}
		components[c.ID] = c
	}
	profiles := map[string]bool{}
	for _, p := range def.IdpConfigurations {
		profiles[p.Name] = true
	}
	for _, c := range def.DialogComponents {
		if c.Type == string(NodeService) && c.Idp != noAuthProfile && !profiles[c.Idp] {
			report("service component %q: idp %q names no idpConfiguration", c.Name, c.Idp)
		}
	}
	for i := range def.Dialogs {
		checkDialog(&def.Dialogs[i], components, report)
	}

	declared := map[string]bool{}
	for _, v := range cfg.EnvVariables {
		declared[v.Key] = true
	}
	var doc any
	_ = json.Unmarshal(x.BotDefinition, &doc) // parsed above already
	used := map[string]bool{}
	collectEnvRefs(doc, "", used)
	for _, name := range sortedKeys(used) {
		if !declared[name] {
			report("env.%s is used but %s declares no such variable", name, ConfigFile)
		}
	}
	if len(problems) > 0 {
		return &BugError{Stage: "self-check", Problems: problems}
	}
	return nil
}

// The parts of botDefinition.json that Check reads.
type checkedDefinition struct {
	Dialogs           []checkedDialog    `json:"dialogs"`
	DialogComponents  []checkedComponent `json:"dialogComponents"`
	IdpConfigurations []struct {
		Name string `json:"name"`
	} `json:"idpConfigurations"`
}

type checkedDialog struct {
	ID    string `json:"_id"`
	Lname string `json:"lname"`
	Nodes []struct {
		NodeID      string `json:"nodeId"`
		Type        string `json:"type"`
		ComponentID string `json:"componentId"`
		Transitions []struct {
			If      json.RawMessage `json:"if"`
			Then    *string         `json:"then"`
			Default *string         `json:"default"`
		} `json:"transitions"`
	} `json:"nodes"`
}

type checkedComponent struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Idp      string `json:"idp"`
	DialogID string `json:"dialogId"`
}

func checkDialog(d *checkedDialog, components map[string]*checkedComponent, report func(string, ...any)) {
	where := "dialog " + quote(d.Lname)
	if len(d.Nodes) == 0 {
		report("%s has no nodes", where)
		return
	}
	if d.Nodes[0].NodeID != "intent0" || d.Nodes[0].Type != string(NodeIntent) {
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
		case c.Type == string(NodeIntent) && i == 0 && c.DialogID != d.ID:
			report("%s: intent component's dialogId %s is not the dialog's _id %s", at, c.DialogID, d.ID)
		}
		for j, t := range n.Transitions {
			var target string
			switch {
			case len(t.If) > 0 && t.Then != nil && t.Default == nil:
				target = *t.Then
			case len(t.If) == 0 && t.Then == nil && t.Default != nil:
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

var (
	// templateRe finds {{…}} templates; envRefRe finds env.NAME inside a
	// template or a script, but not x.env.NAME.
	templateRe = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)
	envRefRe   = regexp.MustCompile(`(?:^|[^\w$.])env\.([A-Za-z_$][\w$]*)`)
)

// collectEnvRefs adds to used the name of every env variable that v uses:
// {{…env.NAME…}} templates in any string, encoded or not, and env.NAME
// anywhere in a script.
func collectEnvRefs(v any, key string, used map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			collectEnvRefs(x, k, used)
		}
	case []any:
		for _, x := range v {
			collectEnvRefs(x, key, used)
		}
	case string:
		texts := []string{v}
		if strings.Contains(v, "%") {
			if dec, err := DecodeURIComponent(v); err == nil && dec != v {
				texts = append(texts, dec)
			}
		}
		for _, s := range texts {
			if key == "script" {
				addEnvRefs(s, used)
				continue
			}
			for _, m := range templateRe.FindAllStringSubmatch(s, -1) {
				addEnvRefs(m[1], used)
			}
		}
	}
}

func addEnvRefs(s string, used map[string]bool) {
	for _, m := range envRefRe.FindAllStringSubmatch(s, -1) {
		used[m[1]] = true
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
