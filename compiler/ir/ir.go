// Package ir is the export IR: a bot, its env variables, auth profiles and
// dialog tasks, as the lowering stage builds them and the export writer
// (kore), the review page (review) and the runner's tests read them.
//
// It is the contract between the lowering stage (which knows about HCL
// configurations and the Stripe template catalog) and the writers (which
// know about the platform's file format). Nothing here mentions HCL or
// Stripe; nothing in the lowering stage mentions _id prefixes, URI encoding
// or the hundred default keys of a real export.
package ir

import "encoding/json"

// Bot is one bot export.
type Bot struct {
	// Label is the bot's machine name (the HCL block label). Every id in the
	// export is derived from it, so the same label gives the same ids.
	Label       string
	Name        string // display name
	Description string
	Language    string // e.g. "en"
	// Icon is the PNG written as icon.png; nil means the built-in icon.
	Icon []byte

	EnvVars []EnvVar
	// AuthProfiles become idpConfigurations[]; service nodes refer to them by
	// Name in Service.AuthProfile.
	AuthProfiles []AuthProfile
	Dialogs      []Dialog
}

// EnvVar is one entry of config.json's envVariables.
type EnvVar struct {
	Key   string
	Value string // empty for secured variables unless secrets are embedded
	Hint  string
	// Secured marks a secret: the platform exports it with an empty value.
	Secured bool
}

// AuthProfile is a Basic Auth profile the end user signs in with.
type AuthProfile struct {
	Name                  string
	Description           string
	BaseURL               string
	AuthorizationCheckURL string
	Tenancy               bool
}

// Dialog is one dialog task. Nodes[0] is its intent node.
type Dialog struct {
	// Key is the stable name the dialog's ids derive from (the template name,
	// e.g. "create_customer"), independent of the display name.
	Key         string
	Name        string // display name, e.g. "Create a Customer"
	Description string
	Utterances  []string // training sentences of the intent
	Nodes       []Node
	// Source is the bot's user template file the dialog comes from, as
	// the bot's template_source names it; "" for a catalog template. The
	// export does not hold it: REVIEW.md says it.
	Source string `json:",omitempty"`
}

// NodeType is the type shared by a dialog node and its component.
type NodeType string

const (
	NodeIntent  NodeType = "intent"
	NodeEntity  NodeType = "entity"
	NodeScript  NodeType = "script"
	NodeService NodeType = "service"
	NodeMessage NodeType = "message"
	// NodeConfirm asks the end user a yes-or-no question (Confirmation)
	// and branches on the answer: its transitions are exactly one
	// Condition{DialogAct: "yes"} and one Condition{DialogAct: "no"}.
	// The platform calls such a node a dialog act, hence the name.
	NodeConfirm NodeType = "dialogAct"
)

// Node is one node of a dialog together with its component's content. Name is
// the component name (e.g. "createCustomerService"); it is unique within the
// dialog and is what runtime references use (context.<Name>.response.body,
// context.entities.<Name>). Exactly one of the content fields matching Type is
// set (intent nodes carry none: the dialog's Utterances train them).
type Node struct {
	Name    string
	Type    NodeType
	Entity  *Entity
	Script  string // JavaScript, plain (the writer encodes it)
	Service *Service
	Message string // basic text with {{…}} templates, plain
	// Confirmation is a confirmation node's question, a basic text with
	// {{…}} templates, plain.
	Confirmation string
	Transitions  []Transition
}

// Entity is an entity node's content.
type Entity struct {
	// Type is the platform entity type: label, number, email, phone_number,
	// person_name, date, list_of_values, …
	Type          string
	Prompt        string
	ErrorPrompt   string
	AllowedValues []string // list_of_values only
}

// Service is a REST service node's content.
type Service struct {
	Method string // lower-case: get, post, …
	// URL is the whole request URL, may start with {{env.X}} (then the writer
	// leaves host and protocol empty, as real exports do) and may hold
	// {{…}} templates.
	URL     string
	Headers []Header // order kept
	// Form is the request body as form fields, in order; nil for none. The
	// service then sends Content-Type application/x-www-form-urlencoded.
	// Values are plain text and may hold {{…}} templates, which the
	// platform substitutes as text (see the writer for what that means for
	// free text).
	Form []Param
	// SampleResponse is the JSON body of a typical successful answer, shown
	// in the builder's response panel; nil for none.
	SampleResponse json.RawMessage
	// AuthProfile names an AuthProfile of the bot; "" means none.
	AuthProfile    string
	TimeoutSeconds int
}

// Header is one HTTP request header.
type Header struct{ Name, Value string }

// Param is one form field of a request body.
type Param struct{ Name, Value string }

// FormContentType is the Content-Type of a request with a Form body.
const FormContentType = "application/x-www-form-urlencoded"

// Transition is one outgoing edge. Conditional transitions come before the
// single unconditional one. To names a node of the same dialog; "" means the
// end of the dialog.
type Transition struct {
	If *Condition
	To string
}

// Condition tests a context path, as real exports do:
// {"context": "context.x.response.statusCode", "op": "eq", "value": "200"};
// or, on a confirmation node only, the end user's answer:
// {"dialogAct": "yes"}. A condition is one kind or the other.
type Condition struct {
	Context string
	Op      string // eq, neq, cnt, gt, gte, dne
	Value   string
	// DialogAct is "yes" or "no" in a confirmation node's transitions,
	// and "" everywhere else; Context, Op and Value are then empty.
	DialogAct string
}

// The answers a confirmation node branches on.
const (
	DialogActYes = "yes"
	DialogActNo  = "no"
)
