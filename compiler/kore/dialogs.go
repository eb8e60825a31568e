package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"fmt"
	"strings"
)

// dialog is one entry of dialogs[]: the graph of a dialog task. The content
// of its nodes lives in dialogComponents[].
type dialog struct {
	ID               string                  `json:"_id"`
	RefID            string                  `json:"refId"`
	Nodes            []*node                 `json:"nodes"`
	Lname            string                  `json:"lname"`
	IsHidden         bool                    `json:"isHidden"`
	LocaleData       map[string]dialogLocale `json:"localeData"`
	Groups           emptyArray              `json:"groups"`
	IsFollowUp       bool                    `json:"isFollowUp"`
	IsAbandonment    bool                    `json:"isAbandonment"`
	InterruptOptions priority                `json:"interruptOptions"`
	ContextLifeTime  contextLifeTime         `json:"contextLifeTime"`
	AmendConfig      priority                `json:"amendConfig"`
	VNameSpace       emptyArray              `json:"vNameSpace"`
}

type dialogLocale struct {
	ShortDesc string `json:"shortDesc"`
	Name      string `json:"name"`
}

type priority struct {
	Priority string `json:"priority"`
}

type contextLifeTime struct {
	Options string `json:"options"`
}

// node is one node of a dialog's graph, in the legacy builder's shape
// (service and script nodes sit directly in the dialog).
type node struct {
	Type           ir.NodeType   `json:"type"`
	ComponentID    string        `json:"componentId"`
	NodeID         string        `json:"nodeId"`
	Transitions    []*transition `json:"transitions"`
	Metadata       position      `json:"metadata"`
	VNameSpace     emptyArray    `json:"vNameSpace"`
	PreConditions  emptyArray    `json:"preConditions"`
	UseTaskLevelNs bool          `json:"useTaskLevelNs"`
	NodeOptions    nodeOptions   `json:"nodeOptions"`
}

// position is a node's place on the builder's canvas, in pixels.
type position struct {
	Left int `json:"left"`
	Top  int `json:"top"`
}

// nodeOptions are the builder's per-node settings, at the values the
// platform gives a new node. Entity nodes add the entity-only settings,
// confirmation nodes the precedence.
// message and errorMessage are node-level overrides of the component's
// texts: empty, as on every script and service node of the references.
type nodeOptions struct {
	TransitionType       string               `json:"transitionType"`
	IsRetriesExceeded    bool                 `json:"isRetriesExceeded"`
	PromptOptions        string               `json:"promptOptions"`
	ReuseMarkedupPhrases bool                 `json:"reuseMarkedupPhrases"`
	InterruptOptions     nodeInterruptOptions `json:"interruptOptions"`
	TransitionMode       string               `json:"transitionMode"`
	InputHandlingOptions string               `json:"inputHandlingOptions"`
	ReuseOptions         string               `json:"reuseOptions"`
	UserInputCorrection  bool                 `json:"userInputCorrection"`
	NoAutoCorrection     bool                 `json:"noAutoCorrection"`
	NotForReuse          bool                 `json:"notForReuse"`
	Precedence           string               `json:"precedence,omitempty"`
	ContextTags          emptyArray           `json:"contextTags"`
	Message              emptyArray           `json:"message"`
	ErrorMessage         emptyArray           `json:"errorMessage"`
	EventOptions         *eventOptions        `json:"eventOptions,omitempty"`
	CustomTags           customTags           `json:"customTags"`
}

type nodeInterruptOptions struct {
	InterruptsEnabled *bool  `json:"interruptsEnabled,omitempty"`
	Priority          string `json:"priority"`
}

type eventOptions struct {
	DefaultMaxRetry maxRetry `json:"defaultMaxRetry"`
}

type maxRetry struct {
	RetryLimit int    `json:"retry_limit"`
	Action     string `json:"action"`
}

type customTags struct {
	Session emptyArray `json:"session"`
	Message emptyArray `json:"message"`
	User    emptyArray `json:"user"`
	AltText emptyArray `json:"altText"` // since the 2025 export
}

func newNodeOptions(t ir.NodeType) nodeOptions {
	o := nodeOptions{
		TransitionType:       "auto",
		PromptOptions:        "required",
		InterruptOptions:     nodeInterruptOptions{Priority: "task"},
		TransitionMode:       "initiateCurrentTask",
		InputHandlingOptions: "useAsEntityValue",
		ReuseOptions:         "1",
		UserInputCorrection:  true,
	}
	if t == ir.NodeConfirm {
		// As every dialogAct node of the references has it.
		o.Precedence = "entityOverIntent"
	}
	if t == ir.NodeEntity {
		o.InterruptOptions.InterruptsEnabled = ptr(true)
		o.Precedence = "entityOverIntent"
		// After five unrecognized answers the platform ends the dialog.
		o.EventOptions = &eventOptions{DefaultMaxRetry: maxRetry{RetryLimit: 5, Action: "endOfDialog"}}
	}
	return o
}

// transition is an outgoing edge: {"if", "then", "metadata"} for a
// conditional one, {"default", "metadata"} for the unconditional one, which
// comes last.
type transition struct {
	If       *condition     `json:"if,omitempty"`
	Then     string         `json:"then,omitempty"`
	Default  *string        `json:"default,omitempty"`
	Metadata transitionMeta `json:"metadata"`
}

// condition is {"context", "op", "value"}, a test of a context path, or
// {"dialogAct": "yes"}, the answer to a confirmation node.
type condition struct {
	DialogAct string  `json:"dialogAct,omitempty"`
	Context   *string `json:"context,omitempty"`
	Op        *string `json:"op,omitempty"`
	Value     *string `json:"value,omitempty"`
}

// newCondition writes c in the one shape of its kind.
func newCondition(c *ir.Condition) *condition {
	if c.DialogAct != "" {
		return &condition{DialogAct: c.DialogAct}
	}
	return &condition{Context: ptr(c.Context), Op: ptr(c.Op), Value: ptr(c.Value)}
}

// transitionMeta is how the builder draws an edge; connId only has to be
// unique within the dialog.
type transitionMeta struct {
	Color  string `json:"color"`
	ConnID string `json:"connId"`
}

// endOfDialog is the transition target that ends the dialog.
const endOfDialog = "end"

// The builder's edge colours: its default, and the one it gives a
// confirmation's "no" (as in the reference exports).
const (
	transitionColor   = "#299d8e"
	noTransitionColor = "#5ea8d3"
)

// nodeID is the legacy builder's id of the i-th node: its type followed by
// a counter over all nodes of the dialog (intent0, entity1, script2, …).
func nodeID(t ir.NodeType, i int) string { return fmt.Sprintf("%s%d", t, i) }

// buildDialog lays out one dialog task and returns it with its components.
func (e *encoder) buildDialog(d *ir.Dialog) (*dialog, []*component) {
	ids := make(map[string]string, len(d.Nodes)) // node name → node id
	for i, n := range d.Nodes {
		ids[n.Name] = nodeID(n.Type, i)
	}
	out := &dialog{
		ID:               e.ids.dialogID(d.Key),
		RefID:            e.ids.dialogRef(d.Key),
		Nodes:            make([]*node, 0, len(d.Nodes)),
		Lname:            strings.ToLower(d.Name),
		LocaleData:       map[string]dialogLocale{e.lang: {ShortDesc: d.Description, Name: d.Name}},
		InterruptOptions: priority{Priority: "bot"},
		ContextLifeTime:  contextLifeTime{Options: "close"},
		AmendConfig:      priority{Priority: "bot"},
	}
	var comps []*component
	conn := 0
	for i := range d.Nodes {
		n := &d.Nodes[i]
		c := e.buildComponent(d, n, out.ID)
		comps = append(comps, c)
		gn := &node{
			Type:           n.Type,
			ComponentID:    c.ID,
			NodeID:         ids[n.Name],
			Transitions:    []*transition{},
			UseTaskLevelNs: true,
			NodeOptions:    newNodeOptions(n.Type),
		}
		hasDefault := false
		for _, t := range n.Transitions {
			target := endOfDialog
			if t.To != "" {
				var ok bool
				if target, ok = ids[t.To]; !ok {
					e.errorf("dialog %q: node %q: transition to unknown node %q", d.Key, n.Name, t.To)
					continue
				}
			}
			if hasDefault {
				e.errorf("dialog %q: node %q: a transition follows the unconditional one", d.Key, n.Name)
			}
			tr := &transition{Metadata: transitionMeta{Color: transitionColor, ConnID: fmt.Sprintf("dummy%d", conn)}}
			conn++
			if t.If != nil {
				tr.If = newCondition(t.If)
				tr.Then = target
				if t.If.DialogAct == ir.DialogActNo {
					tr.Metadata.Color = noTransitionColor
				}
			} else {
				tr.Default = ptr(target)
				hasDefault = true
			}
			gn.Transitions = append(gn.Transitions, tr)
		}
		if !hasDefault && n.Type != ir.NodeConfirm {
			// Every node ends with an unconditional transition, as in real
			// exports; with none, a node whose conditions all fail ends the
			// dialog, which is what the platform does anyway. A
			// confirmation has none in the references: its two answers
			// are all there are.
			gn.Transitions = append(gn.Transitions, &transition{
				Default:  ptr(endOfDialog),
				Metadata: transitionMeta{Color: transitionColor, ConnID: fmt.Sprintf("dummy%d", conn)},
			})
			conn++
		}
		out.Nodes = append(out.Nodes, gn)
	}
	layout(out.Nodes)
	return out, comps
}
