// Package exportdiff compares two exports of a bot by what they mean, not
// by their bytes: the live bot exported from the platform, and the bot xoc
// builds. It is the drift check of CI and the preview before a deploy.
//
// Dialog tasks are matched by refId, their nodes by name (the name the
// builder shows), env variables by key and auth profiles by name. For each
// node it compares what a person reads and edits in the builder: an
// entity's type, prompts and error prompts, a message's texts, a script, a
// service call's method, URL, headers, body and authorization, the
// intent's name and the node's transitions (by target name); for other
// node types and for auth profiles, every setting. Texts are compared
// decoded. What a round trip through the platform changes without
// changing the bot is ignored: the _ids it re-assigns, timestamps,
// encryptedHash, node positions, and the order of dialogs, nodes,
// components, utterances and variables. A secured env variable's value is
// neither compared nor shown: the platform never exports it.
package exportdiff

import (
	"cmp"
	"maps"
	"slices"
)

// Op is how an item differs.
type Op string

// The ways an item can differ: only in the build (what a deploy would
// add), only in the live bot (what it would remove), or different.
const (
	Added   Op = "added"
	Removed Op = "removed"
	Changed Op = "changed"
)

// Kinds of item a change is about.
const (
	KindBot         = "bot"
	KindDialog      = "dialog"
	KindNode        = "node"
	KindUtterance   = "utterance"
	KindEnvVariable = "env variable"
	KindAuthProfile = "auth profile"
)

// Change is one difference between the live bot and the build.
type Change struct {
	Op   Op     `json:"op"`
	Kind string `json:"kind"`
	// Dialog is the dialog task's name (in the build if it has it), and
	// DialogRefID its refId, for changes inside a dialog task.
	Dialog      string `json:"dialog,omitempty"`
	DialogRefID string `json:"dialog_ref_id,omitempty"`
	// Node is the node's name and NodeType its type, for changes to a
	// node.
	Node     string `json:"node,omitempty"`
	NodeType string `json:"node_type,omitempty"`
	// Name names the item: the utterance, the variable's key, the
	// profile's name.
	Name string `json:"name,omitempty"`
	// Field is what changed in the item: "prompt", "call", "value", ….
	Field string `json:"field,omitempty"`
	// Live and Built are the values, where the change has them.
	Live  *string `json:"live,omitempty"`
	Built *string `json:"built,omitempty"`
}

// Compare compares the live export with the built one and returns every
// difference, in a stable order: the bot, then each dialog task by name,
// then env variables and auth profiles.
func Compare(live, built Export) ([]Change, error) {
	l, err := decode(live)
	if err != nil {
		return nil, errWhich("the live export", err)
	}
	b, err := decode(built)
	if err != nil {
		return nil, errWhich("the build", err)
	}
	var changes []Change
	fields(&changes, Change{Kind: KindBot}, l.bot, b.bot)
	changes = append(changes, compareDialogs(l.dialogs, b.dialogs)...)
	for _, key := range union(l.env, b.env) {
		item(&changes, Change{Kind: KindEnvVariable, Name: key}, l.env[key], b.env[key])
	}
	for _, name := range union(l.profiles, b.profiles) {
		item(&changes, Change{Kind: KindAuthProfile, Name: name}, l.profiles[name], b.profiles[name])
	}
	return changes, nil
}

func compareDialogs(live, built map[string]*dialog) []Change {
	refs := union(live, built)
	name := func(ref string) string {
		if d := built[ref]; d != nil {
			return d.name
		}
		return live[ref].name
	}
	slices.SortStableFunc(refs, func(a, b string) int { return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(a, b)) })
	var changes []Change
	for _, ref := range refs {
		l, b := live[ref], built[ref]
		at := Change{Kind: KindDialog, Dialog: name(ref), DialogRefID: ref}
		switch {
		case l == nil:
			changes = append(changes, with(at, Added))
			continue
		case b == nil:
			changes = append(changes, with(at, Removed))
			continue
		}
		if l.name != b.name {
			changes = append(changes, values(with(at, Changed), "name", l.name, b.name))
		}
		fields(&changes, at, l.fields, b.fields)
		for _, n := range union(l.nodes, b.nodes) {
			ln, bn := l.nodes[n], b.nodes[n]
			nat := at
			nat.Kind, nat.Node = KindNode, n
			switch {
			case ln == nil:
				nat.NodeType = bn.typ
				changes = append(changes, with(nat, Added))
			case bn == nil:
				nat.NodeType = ln.typ
				changes = append(changes, with(nat, Removed))
			default:
				nat.NodeType = bn.typ
				if ln.typ != bn.typ {
					changes = append(changes, values(with(nat, Changed), "type", ln.typ, bn.typ))
				}
				fields(&changes, nat, ln.items, bn.items)
			}
		}
		uat := at
		uat.Kind = KindUtterance
		for _, u := range union(l.utterances, b.utterances) {
			c := uat
			c.Name = u
			switch {
			case !l.utterances[u]:
				changes = append(changes, with(c, Added))
			case !b.utterances[u]:
				changes = append(changes, with(c, Removed))
			}
		}
	}
	return changes
}

// item compares an item that may be missing on either side: added,
// removed, or changed field by field.
func item(changes *[]Change, at Change, live, built map[string]string) {
	switch {
	case live == nil:
		*changes = append(*changes, with(at, Added))
	case built == nil:
		*changes = append(*changes, with(at, Removed))
	default:
		fields(changes, at, live, built)
	}
}

// fields adds a change for every field whose value differs.
func fields(changes *[]Change, at Change, live, built map[string]string) {
	for _, f := range union(live, built) {
		l, inLive := live[f]
		b, inBuilt := built[f]
		switch {
		case inLive && inBuilt && l == b:
		case !inLive:
			c := with(at, Added)
			c.Field, c.Built = f, &b
			*changes = append(*changes, c)
		case !inBuilt:
			c := with(at, Removed)
			c.Field, c.Live = f, &l
			*changes = append(*changes, c)
		default:
			*changes = append(*changes, values(with(at, Changed), f, l, b))
		}
	}
}

func with(c Change, op Op) Change {
	c.Op = op
	return c
}

func values(c Change, field, live, built string) Change {
	c.Field, c.Live, c.Built = field, &live, &built
	return c
}

// union returns the keys of both maps, sorted.
func union[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

type whichError struct {
	which string
	err   error
}

func (e *whichError) Error() string { return e.which + ": " + e.err.Error() }
func (e *whichError) Unwrap() error { return e.err }

func errWhich(which string, err error) error { return &whichError{which, err} }
