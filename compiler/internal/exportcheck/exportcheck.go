// Package exportcheck checks an export's bytes the way the platform would
// read them: it decodes botDefinition.json and config.json with
// encoding/json and verifies every internal reference. It shares nothing
// with the writer's own checks (ir.Bot.Check and kore's checkReferences)
// but the rules, so it is an independent oracle for the conformance tests,
// the golden tests and the fuzz targets. Only tests import it.
package exportcheck

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/kore"
)

// Check verifies an export's internal references: every node's componentId
// names a component of the same type, every transition targets a node of
// its dialog or "end", every service's idp names an auth profile, every
// env variable the bot uses is declared in config.json, every node is
// reachable from intent0, and every dialog can reach its end. The error,
// a *kore.BugError, lists every problem found.
func Check(botDefinition, config []byte) error {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var def definition
	if err := json.Unmarshal(botDefinition, &def); err != nil {
		report("%s is not valid JSON: %v", kore.BotDefinitionFile, err)
	}
	var whole any
	if err := json.Unmarshal(botDefinition, &whole); err != nil && len(problems) == 0 {
		report("%s is not valid JSON: %v", kore.BotDefinitionFile, err)
	}
	var cfg struct {
		EnvVariables []struct {
			Key string `json:"key"`
		} `json:"envVariables"`
	}
	if err := json.Unmarshal(config, &cfg); err != nil {
		report("%s is not valid JSON: %v", kore.ConfigFile, err)
	}
	if len(problems) > 0 {
		return &kore.BugError{Stage: "self-check", Problems: problems}
	}

	components := make(map[string]*component, len(def.DialogComponents))
	var idps []string
	for i := range def.DialogComponents {
		c := &def.DialogComponents[i]
		if components[c.ID] != nil {
			report("two components have the _id %s", c.ID)
		}
		components[c.ID] = c
		if c.Type == string(ir.NodeService) && c.Idp != ir.NoAuthProfile {
			idps = append(idps, c.Idp)
		}
	}
	for i := range def.Dialogs {
		checkDialog(&def.Dialogs[i], components, report)
	}

	profiles := map[string]bool{}
	for _, p := range def.IdpConfigurations {
		profiles[p.Name] = true
	}
	for _, idp := range idps {
		if !profiles[idp] {
			report("a service component's idp %q names no idpConfiguration", idp)
		}
	}
	declared := map[string]bool{}
	for _, v := range cfg.EnvVariables {
		declared[v.Key] = true
	}
	used := map[string]bool{}
	forEachString(whole, "", func(key, s string) { addEnvRefs(key, s, used) })
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !declared[name] {
			report("env.%s is used but %s declares no such variable", name, kore.ConfigFile)
		}
	}
	if len(problems) > 0 {
		return &kore.BugError{Stage: "self-check", Problems: problems}
	}
	return nil
}

// The parts of botDefinition.json that Check reads.
type definition struct {
	Dialogs           []dialog    `json:"dialogs"`
	DialogComponents  []component `json:"dialogComponents"`
	IdpConfigurations []struct {
		Name string `json:"name"`
	} `json:"idpConfigurations"`
}

type dialog struct {
	ID    string `json:"_id"`
	Lname string `json:"lname"`
	Nodes []node `json:"nodes"`
}

type node struct {
	NodeID      string       `json:"nodeId"`
	Type        string       `json:"type"`
	ComponentID string       `json:"componentId"`
	Transitions []transition `json:"transitions"`
}

type transition struct {
	If      json.RawMessage `json:"if"`
	Then    *string         `json:"then"`
	Default *string         `json:"default"`
}

type component struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Idp      string `json:"idp"`
	DialogID string `json:"dialogId"`
}

// endOfDialog is the transition target that ends a dialog.
const endOfDialog = "end"

func checkDialog(d *dialog, components map[string]*component, report func(string, ...any)) {
	where := "dialog " + strconv.Quote(d.Lname)
	if len(d.Nodes) == 0 {
		report("%s has no nodes", where)
		return
	}
	if d.Nodes[0].NodeID != "intent0" || d.Nodes[0].Type != "intent" {
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
		case c.Type == "intent" && i == 0 && c.DialogID != d.ID:
			report("%s: intent component's dialogId %s is not the dialog's _id %s", at, c.DialogID, d.ID)
		}
		for j, t := range n.Transitions {
			var target string
			switch {
			case t.If != nil && t.Then != nil && t.Default == nil:
				target = *t.Then
			case t.If == nil && t.Then == nil && t.Default != nil:
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

// forEachString calls f with every string value of the decoded JSON v and
// the key it is found under ("" in arrays at the top).
func forEachString(v any, key string, f func(key, s string)) {
	switch v := v.(type) {
	case string:
		f(key, v)
	case []any:
		for _, e := range v {
			forEachString(e, key, f)
		}
	case map[string]any:
		for k, e := range v {
			forEachString(e, k, f)
		}
	}
}

// addEnvRefs adds to used the name of every env variable that the string
// s, found under key, uses: {{…env.NAME…}} templates in any string,
// URI-encoded or not, and env.NAME anywhere in a script.
func addEnvRefs(key, s string, used map[string]bool) {
	texts := []string{s}
	if strings.Contains(s, "%") {
		if dec, err := kore.DecodeURIComponent(s); err == nil && dec != s {
			texts = append(texts, dec)
		}
	}
	for _, s := range texts {
		if key == "script" {
			ir.AddScriptEnvRefs(s, used)
		} else {
			ir.AddTemplateEnvRefs(s, used)
		}
	}
}
