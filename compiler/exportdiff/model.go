package exportdiff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/xoc-dev/xoc/compiler/kore"
)

// Export is a bot export: the contents of its definition file
// (botDefinition.json or appDefinition.json) and of its config.json.
type Export struct {
	Definition, Config []byte
}

// model is what an export means, as the comparison sees it: every value
// is text, decoded, keyed by names that survive a round trip through the
// platform (refIds, node names, env variable keys), never by the _ids
// the platform re-assigns.
type model struct {
	bot      map[string]string // name, description, language
	dialogs  map[string]*dialog
	env      map[string]map[string]string // key → field → value
	profiles map[string]map[string]string // name → setting → value
}

type dialog struct {
	refID, name string
	fields      map[string]string // hidden
	nodes       map[string]*node  // by node name
	utterances  map[string]bool
}

type node struct {
	name, typ string
	items     map[string]string // "prompt", "call", "transitions", …
}

// The JSON the comparison reads; every other field is platform detail.
type definition struct {
	DefaultLanguage string                     `json:"defaultLanguage"`
	LocaleData      map[string]json.RawMessage `json:"localeData"`
	Dialogs         []struct {
		ID         string                     `json:"_id"`
		RefID      string                     `json:"refId"`
		LName      string                     `json:"lname"`
		IsHidden   bool                       `json:"isHidden"`
		LocaleData map[string]json.RawMessage `json:"localeData"`
		Nodes      []rawNode                  `json:"nodes"`
	} `json:"dialogs"`
	Components []map[string]json.RawMessage `json:"dialogComponents"`
	Sentences  []struct {
		TaskID   string `json:"taskId"`
		Type     string `json:"type"`
		Sentence string `json:"sentence"`
		Language string `json:"language"`
	} `json:"sentences"`
	IDPConfigurations []map[string]any `json:"idpConfigurations"`
}

type rawNode struct {
	NodeID      string           `json:"nodeId"`
	Type        string           `json:"type"`
	ComponentID string           `json:"componentId"`
	Transitions []map[string]any `json:"transitions"`
}

type config struct {
	Name         string           `json:"name"`
	EnvVariables []map[string]any `json:"envVariables"`
}

// decode reads an export into its model.
func decode(x Export) (*model, error) {
	var def definition
	if err := json.Unmarshal(x.Definition, &def); err != nil {
		return nil, fmt.Errorf("botDefinition.json: %w", err)
	}
	var cfg config
	if len(x.Config) > 0 {
		if err := json.Unmarshal(x.Config, &cfg); err != nil {
			return nil, fmt.Errorf("config.json: %w", err)
		}
	}
	lang := def.DefaultLanguage
	if lang == "" {
		lang = "en"
	}
	m := &model{
		bot:      map[string]string{"language": lang},
		dialogs:  map[string]*dialog{},
		env:      map[string]map[string]string{},
		profiles: map[string]map[string]string{},
	}
	var botLocale struct{ Name, Description string }
	json.Unmarshal(localized(def.LocaleData, lang), &botLocale)
	m.bot["name"] = cmp.Or(cfg.Name, botLocale.Name)
	m.bot["description"] = botLocale.Description

	comps := make(map[string]map[string]json.RawMessage, len(def.Components))
	for _, c := range def.Components {
		comps[str(c["_id"])] = c
	}
	// intentOf maps an intent component to the dialog that starts with
	// it: utterances name their intent by component _id. A dialog's
	// other intent nodes (links to other dialogs) use the components
	// of those dialogs, so the component's dialogId decides, and, in
	// exports without one, the dialog's first node, intent0.
	intentOf := map[string]*dialog{}
	byID := map[string]*dialog{}
	for _, d := range def.Dialogs {
		var loc struct{ Name string }
		json.Unmarshal(localized(d.LocaleData, lang), &loc)
		dg := &dialog{refID: cmp.Or(d.RefID, d.ID), name: cmp.Or(loc.Name, d.LName),
			fields: map[string]string{"hidden": strconv.FormatBool(d.IsHidden)}, nodes: map[string]*node{}, utterances: map[string]bool{}}
		m.dialogs[dg.refID] = dg
		byID[d.ID] = dg
		nodes := flatten(d.Nodes, comps)
		names := nodeNames(nodes, comps)
		for _, n := range nodes {
			if n.Type == "intent" && n.NodeID == "intent0" {
				intentOf[n.ComponentID] = dg
			}
			nd := &node{name: names[n.NodeID], typ: n.Type, items: map[string]string{}}
			if t := transitions(n.Transitions, names); t != "" {
				nd.items["transitions"] = t
			}
			describe(nd, comps[n.ComponentID], lang)
			dg.nodes[nd.name] = nd
		}
	}
	for id, c := range comps {
		if dg := byID[str(c["dialogId"])]; dg != nil && str(c["type"]) == "intent" {
			intentOf[id] = dg
		}
	}
	for _, s := range def.Sentences {
		dg := intentOf[s.TaskID]
		if dg == nil || (s.Type != "" && s.Type != "DialogIntent") {
			continue
		}
		text := strings.Join(strings.Fields(s.Sentence), " ")
		if s.Language != "" && s.Language != lang {
			text += " (" + s.Language + ")"
		}
		dg.utterances[text] = true
	}
	for _, v := range cfg.EnvVariables {
		key, _ := v["key"].(string)
		fields := map[string]string{"secured": fmt.Sprint(v["isSecured"] == true)}
		// The platform exports a secured variable without its value,
		// and xoc builds it without one: its value is no part of the
		// comparison, and never shown.
		if v["isSecured"] != true {
			fields["value"] = fmt.Sprint(v["value"])
		}
		for _, f := range []string{"hint", "scope"} {
			if s, ok := v[f].(string); ok {
				fields[f] = s
			}
		}
		m.env[key] = fields
	}
	for _, p := range def.IDPConfigurations {
		name, _ := p["name"].(string)
		settings := map[string]string{}
		flattenJSON("", p, settings)
		m.profiles[name] = settings
	}
	return m, nil
}

// flatten returns a dialog's nodes with those nested in bot action
// components (the current builder's service and script nodes) after
// their parent.
func flatten(nodes []rawNode, comps map[string]map[string]json.RawMessage) []rawNode {
	var out []rawNode
	for _, n := range nodes {
		out = append(out, n)
		if c := comps[n.ComponentID]; c != nil {
			var nested []rawNode
			if json.Unmarshal(c["nodes"], &nested) == nil && len(nested) > 0 {
				out = append(out, flatten(nested, comps)...)
			}
		}
	}
	return out
}

// nodeNames names each node by its component's name, the name the
// builder shows; a node without a component keeps its nodeId, and a name
// two nodes share gets the nodeId appended.
func nodeNames(nodes []rawNode, comps map[string]map[string]json.RawMessage) map[string]string {
	count := map[string]int{}
	base := map[string]string{}
	for _, n := range nodes {
		name := n.NodeID
		if c := comps[n.ComponentID]; c != nil && str(c["name"]) != "" {
			name = str(c["name"])
		}
		base[n.NodeID] = name
		count[name]++
	}
	names := map[string]string{}
	for id, name := range base {
		if count[name] > 1 {
			name += " (" + id + ")"
		}
		names[id] = name
	}
	return names
}

// transitions renders a node's transitions, targets by node name:
// `if context.x eq "200" → createCustomerMessage; else → end`. Their
// order is kept: conditions are tried in it.
func transitions(ts []map[string]any, names map[string]string) string {
	var parts []string
	target := func(v any) string {
		id := fmt.Sprint(v)
		if n, ok := names[id]; ok {
			return n
		}
		if id == "" {
			return "(nothing)"
		}
		return id
	}
	for _, t := range ts {
		if def, ok := t["default"]; ok {
			parts = append(parts, "else → "+target(def))
			continue
		}
		cond, _ := t["if"].(map[string]any)
		subject := ""
		for _, k := range []string{"context", "field", "dialogAct", "entity"} {
			if v, ok := cond[k]; ok {
				subject = fmt.Sprint(v)
				if k == "field" {
					subject = "entity " + target(v)
				}
				break
			}
		}
		op, _ := cond["op"].(string)
		cond2 := strings.TrimSpace(fmt.Sprintf("%s %s", subject, op))
		if v, ok := cond["value"]; ok {
			cond2 += " " + strconv.Quote(fmt.Sprint(v))
		}
		parts = append(parts, "if "+cond2+" → "+target(t["then"]))
	}
	return strings.Join(parts, "; ")
}

// describe fills a node's items from its component, by the component's
// type: what a person reads and edits in the builder.
func describe(n *node, c map[string]json.RawMessage, lang string) {
	if c == nil {
		return
	}
	if t := str(c["type"]); t != "" && t != n.typ {
		n.items["component type"] = t
	}
	switch n.typ {
	case "intent":
		var loc struct{ Intent string }
		var ld map[string]json.RawMessage
		json.Unmarshal(c["localeData"], &ld)
		json.Unmarshal(localized(ld, lang), &loc)
		n.items["intent"] = loc.Intent
	case "entity":
		n.items["entity type"] = str(c["entityType"])
		messages(n, "prompt", c["message"], lang)
		messages(n, "error prompt", c["errorMessage"], lang)
		var ld map[string]json.RawMessage
		json.Unmarshal(c["localeData"], &ld)
		var loc struct {
			AllowedValues json.RawMessage `json:"allowedValues"`
		}
		if json.Unmarshal(localized(ld, lang), &loc) == nil && len(loc.AllowedValues) > 0 {
			n.items["allowed values"] = canonical(loc.AllowedValues)
		}
	case "message":
		messages(n, "message", c["message"], lang)
	case "script":
		n.items["script"] = decodeText(str(c["script"]))
	case "service":
		service(n, c)
	default:
		settings := map[string]string{}
		var v map[string]any
		json.Unmarshal(mustJSON(c), &v)
		delete(v, "name")
		delete(v, "type")
		delete(v, "nodes")
		flattenJSON("", v, settings)
		for k, s := range settings {
			n.items["setting "+k] = s
		}
	}
}

// messages adds the texts of a message list: one item per message,
// "prompt", "prompt 2", …; a channel other than the default one is
// named.
func messages(n *node, kind string, raw json.RawMessage, lang string) {
	var list []struct {
		Channel    string `json:"channel"`
		LocaleData map[string]json.RawMessage
	}
	json.Unmarshal(raw, &list)
	for i, m := range list {
		var loc struct{ Text, Type string }
		json.Unmarshal(localized(m.LocaleData, lang), &loc)
		text := decodeText(loc.Text)
		if loc.Type != "" && loc.Type != "basic" {
			text = "(" + loc.Type + ") " + text
		}
		if m.Channel != "" && m.Channel != "default" {
			text = "[" + m.Channel + "] " + text
		}
		key := kind
		if i > 0 {
			key = fmt.Sprintf("%s %d", kind, i+1)
		}
		n.items[key] = text
	}
}

// service adds a service node's call: method and URL, headers, body,
// authorization.
func service(n *node, c map[string]json.RawMessage) {
	var ep struct {
		Host, Port, Path, Protocol, Method string
	}
	json.Unmarshal(c["endPoint"], &ep)
	url := ep.Path
	if ep.Host != "" {
		url = ep.Host
		if ep.Port != "" {
			url += ":" + ep.Port
		}
		if ep.Protocol != "" {
			url = strings.TrimSuffix(ep.Protocol, "://") + "://" + url
		}
		url += ep.Path
	}
	n.items["call"] = strings.TrimSpace(strings.ToUpper(ep.Method) + " " + url)
	var raw struct{ Type, Value string }
	if json.Unmarshal(c["headers"], &raw) == nil && raw.Value != "" {
		var h map[string]any
		if json.Unmarshal([]byte(raw.Value), &h) == nil {
			var lines []string
			for _, k := range slices.Sorted(maps.Keys(h)) {
				lines = append(lines, fmt.Sprintf("%s: %v", k, h[k]))
			}
			n.items["headers"] = strings.Join(lines, "\n")
		} else {
			n.items["headers"] = raw.Value
		}
	}
	raw = struct{ Type, Value string }{}
	if json.Unmarshal(c["payload"], &raw) == nil && raw.Value != "" && raw.Value != "undefined" {
		body := raw.Value
		if !strings.ContainsAny(body, `{"`) {
			body = decodeText(body)
		}
		n.items["body"] = body
	}
	auth := "none"
	if string(c["authRequired"]) == "true" {
		auth = "auth profile " + str(c["idp"])
	}
	n.items["auth"] = auth
}

// noise are the keys of platform detail: ids the platform re-assigns,
// timestamps, digests, positions in the builder.
var noise = map[string]bool{
	"_id": true, "refId": true, "createdOn": true, "createdBy": true, "lMod": true, "modifiedOn": true,
	"modifiedBy": true, "lastModifiedOn": true, "__v": true, "encryptedHash": true, "dialogId": true,
	"componentId": true, "streamId": true, "metadata": true, "positionMeta": true,
}

// flattenJSON adds every scalar below v to out, by path (a.b[0].c),
// skipping noise.
func flattenJSON(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if noise[k] {
				continue
			}
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flattenJSON(p, x, out)
		}
	case []any:
		if len(v) == 0 {
			out[prefix] = "[]"
		}
		for i, x := range v {
			flattenJSON(fmt.Sprintf("%s[%d]", prefix, i), x, out)
		}
	case string:
		out[prefix] = decodeText(v)
	case nil:
		out[prefix] = "null"
	default:
		out[prefix] = fmt.Sprint(v)
	}
}

func decodeText(s string) string {
	d, err := kore.DecodeURIComponent(s)
	if err != nil {
		return s
	}
	return d
}

// localized picks lang's entry of a localeData map, else the first one
// in name order.
func localized(ld map[string]json.RawMessage, lang string) json.RawMessage {
	if v, ok := ld[lang]; ok {
		return v
	}
	for _, k := range slices.Sorted(maps.Keys(ld)) {
		return ld[k]
	}
	return nil
}

func str(raw json.RawMessage) string {
	var s string
	json.Unmarshal(raw, &s)
	return s
}

func canonical(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return string(mustJSON(v))
}

func mustJSON(v any) []byte {
	data, _ := json.Marshal(v)
	return data
}
