package catalog

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// Authorization modes of the Stripe action.
const (
	PreAuthorized  = "pre_authorized"
	UserAuthorized = "user_authorized"
)

// StripeAPIVersion is sent as the Stripe-Version header of every call, so the
// dialogs behave as written (invoice items are not pulled into new invoices,
// parameter names) whatever default version the Stripe account has.
const StripeAPIVersion = "2023-10-16"

// ServiceTimeoutSeconds is the timeout of every Stripe service node.
const ServiceTimeoutSeconds = 20

// Auth says how the bot's Stripe calls are authorized and where the Stripe
// base URL and key live at run time.
type Auth struct {
	Mode          string // PreAuthorized or UserAuthorized
	KeyEnvVar     string // pre_authorized: env variable holding the Stripe key
	BaseURLEnvVar string // env variable holding the base URL, e.g. https://api.stripe.com
	Profile       string // user_authorized: the auth profile's name
}

// Overrides are a bot's changes to a template. Zero values keep the catalog's.
type Overrides struct {
	DialogName string   // replaces the Kore title as the dialog's name
	Utterances []string // replace the catalog's training sentences
	// Options are the bot's option values, written as strings ("25",
	// "true"); unknown names and invalid values are errors.
	Options  map[string]string
	Entities map[string]EntityOverride // by entity name
}

// EntityOverride changes an entity's prompts; empty fields keep the catalog's.
type EntityOverride struct {
	Prompt, ErrorPrompt string
}

var envVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Lower builds the template's dialog task for a bot. Dialog.Key is the
// template name. Every problem with auth and overrides is reported, joined.
func (t *Template) Lower(auth Auth, o Overrides) (ir.Dialog, error) {
	errs := auth.check()
	ev, evalErrs := t.evaluate(o.Options)
	errs = append(errs, evalErrs...)
	entityNames := make([]string, 0, len(o.Entities))
	for name := range o.Entities {
		entityNames = append(entityNames, name)
	}
	sort.Strings(entityNames)
	for _, name := range entityNames {
		if _, ok := t.Entity(name); !ok {
			errs = append(errs, t.unknownEntity(name))
		}
	}
	if len(errs) > 0 {
		return ir.Dialog{}, errors.Join(errs...)
	}

	d := ir.Dialog{
		Key:         t.Name,
		Name:        t.Title,
		Description: t.Description,
		Utterances:  slices.Clone(t.Utterances),
	}
	if o.DialogName != "" {
		d.Name = o.DialogName
	}
	if len(o.Utterances) > 0 {
		d.Utterances = slices.Clone(o.Utterances)
	}

	d.Nodes = make([]ir.Node, 0, 1+len(t.nodes)+len(t.Calls))
	d.Nodes = append(d.Nodes, ir.Node{Name: t.Intent, Type: ir.NodeIntent,
		Transitions: []ir.Transition{{To: t.nodes[0].name}}})
	var failures []ir.Node
	for i, n := range t.nodes {
		next := ""
		if i+1 < len(t.nodes) {
			next = t.nodes[i+1].name
		}
		kn := ir.Node{Name: n.name, Type: n.typ, Transitions: []ir.Transition{{To: next}}}
		texts := ev.nodes[i]
		switch n.typ {
		case ir.NodeEntity:
			kn.Entity = lowerEntity(t.Entities[n.entity], o.Entities[n.name])
		case ir.NodeScript:
			kn.Script = texts.text
		case ir.NodeMessage:
			kn.Message = texts.text
		case ir.NodeService:
			s := n.service
			kn.Service = lowerService(s, auth, texts)
			kn.Transitions = []ir.Transition{
				{If: &ir.Condition{Context: "context." + n.name + ".response.statusCode", Op: "eq", Value: "200"}, To: next},
				{To: s.failure},
			}
			failures = append(failures, ir.Node{Name: s.failure, Type: ir.NodeMessage,
				Message: texts.failure, Transitions: []ir.Transition{{To: ""}}})
		}
		d.Nodes = append(d.Nodes, kn)
	}
	d.Nodes = append(d.Nodes, failures...)
	return d, nil
}

// evaluation is what a template's expressions come to for one set of
// option values, node by node (see evaluate).
type evaluation struct {
	nodes []evaluatedNode // as t.nodes
}

// evaluatedNode holds a node's texts: a script node's code or a message
// node's text; for a service node, its query string ("?a=1&b=2" or ""),
// form body and failure message.
type evaluatedNode struct {
	text                 string
	query, body, failure string
}

// evaluate evaluates the template's expressions with the given option
// values over the defaults. The catalog's expressions read nothing but
// the options, so the result is kept, per distinct option values, for
// the life of the process: a workspace of many bots installs each
// template with the same few settings, and evaluating the expressions
// with cty was most of lowering. Option values with errors are not kept.
func (t *Template) evaluate(given map[string]string) (*evaluation, []error) {
	key := optionKey(given)
	if ev, ok := t.evaluations.Load(key); ok {
		return ev.(*evaluation), nil
	}
	opts, errs := t.optionValues(given)
	if len(errs) > 0 {
		return nil, errs
	}
	ctx := evalContext(opts)
	ev := &evaluation{nodes: make([]evaluatedNode, len(t.nodes))}
	for i, n := range t.nodes {
		var err error
		texts := &ev.nodes[i]
		switch n.typ {
		case ir.NodeScript:
			texts.text, err = evalString(n.code, ctx)
		case ir.NodeMessage:
			texts.text, err = evalString(n.text, ctx)
		case ir.NodeService:
			s := n.service
			texts.query, texts.body, err = evalRequest(s, ctx)
			var failErr error
			texts.failure, failErr = evalString(s.failureText, ctx)
			err = errors.Join(err, failErr)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("template %q, node %s: %w", t.Name, n.name, err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	actual, _ := t.evaluations.LoadOrStore(key, ev)
	return actual.(*evaluation), nil
}

// optionKey writes a bot's option values as a key that tells every two
// sets of values apart: the names sorted, each name and value preceded by
// its length.
func optionKey(given map[string]string) string {
	names := make([]string, 0, len(given))
	for name := range given {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		for _, s := range [...]string{name, given[name]} {
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
	}
	return b.String()
}

// evalRequest evaluates a call's query string and form body.
func evalRequest(s *service, ctx *hcl.EvalContext) (query, body string, err error) {
	var params []string
	for _, q := range s.query {
		v, err := evalValue(q.value, ctx)
		if err != nil {
			return "", "", fmt.Errorf("query parameter %s: %w", q.name, err)
		}
		if v != nil { // an unset option leaves its parameter out
			params = append(params, url.QueryEscape(q.name)+"="+url.QueryEscape(*v))
		}
	}
	if len(params) > 0 {
		query = "?" + strings.Join(params, "&")
	}
	if s.method == "POST" {
		if body, err = evalString(s.body, ctx); err != nil {
			return "", "", fmt.Errorf("body: %w", err)
		}
	}
	return query, body, nil
}

func lowerEntity(e Entity, o EntityOverride) *ir.Entity {
	ke := &ir.Entity{Type: e.Type, Prompt: e.Prompt, ErrorPrompt: e.ErrorPrompt,
		AllowedValues: slices.Clone(e.AllowedValues)}
	if o.Prompt != "" {
		ke.Prompt = o.Prompt
	}
	if o.ErrorPrompt != "" {
		ke.ErrorPrompt = o.ErrorPrompt
	}
	return ke
}

// lowerService builds the request. Headers and the URL's base come from Go,
// not from the catalog files, so every call of every template is authorized
// the same way.
func lowerService(s *service, auth Auth, texts evaluatedNode) *ir.Service {
	svc := &ir.Service{
		Method:         strings.ToLower(s.method),
		URL:            "{{env." + auth.BaseURLEnvVar + "}}" + s.path + texts.query,
		TimeoutSeconds: ServiceTimeoutSeconds,
		Headers:        make([]ir.Header, 0, 3),
	}
	if auth.Mode == PreAuthorized {
		svc.Headers = append(svc.Headers, ir.Header{Name: "Authorization", Value: "Bearer {{env." + auth.KeyEnvVar + "}}"})
	} else {
		svc.AuthProfile = auth.Profile
	}
	if s.method == "POST" {
		svc.Headers = append(svc.Headers, ir.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
		svc.Body = texts.body
	}
	svc.Headers = append(svc.Headers, ir.Header{Name: "Stripe-Version", Value: StripeAPIVersion})
	return svc
}

func (a Auth) check() []error {
	var errs []error
	if !envVarName.MatchString(a.BaseURLEnvVar) {
		errs = append(errs, fmt.Errorf("base URL env variable %q is not a valid name", a.BaseURLEnvVar))
	}
	switch a.Mode {
	case PreAuthorized:
		if !envVarName.MatchString(a.KeyEnvVar) {
			errs = append(errs, fmt.Errorf("pre_authorized: key env variable %q is not a valid name", a.KeyEnvVar))
		}
		if a.Profile != "" {
			errs = append(errs, errors.New("pre_authorized: an auth profile is only used with user_authorized"))
		}
	case UserAuthorized:
		if a.Profile == "" {
			errs = append(errs, errors.New("user_authorized: the auth profile name is missing"))
		}
		if a.KeyEnvVar != "" {
			errs = append(errs, errors.New("user_authorized: a key env variable is only used with pre_authorized"))
		}
	default:
		errs = append(errs, fmt.Errorf("authorization mode must be %q or %q, not %q", PreAuthorized, UserAuthorized, a.Mode))
	}
	return errs
}

func (t *Template) unknownEntity(name string) error {
	if len(t.Entities) == 0 {
		return fmt.Errorf("template %q prompts for nothing, so it has no entity %q", t.Name, name)
	}
	names := make([]string, len(t.Entities))
	for i, e := range t.Entities {
		names[i] = e.Name
	}
	return fmt.Errorf("template %q has no entity %q; its entities are %s", t.Name, name, quoteList(names))
}

// evalContext is what catalog expressions see: the bot's option values as
// `option`, and jsonencode to write an option into a script as a JS literal.
func evalContext(options cty.Value) *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{"option": options},
		Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc},
	}
}

// evalString evaluates a text expression; null is "".
func evalString(expr hcl.Expression, ctx *hcl.EvalContext) (string, error) {
	v, err := evalValue(expr, ctx)
	if err != nil || v == nil {
		return "", err
	}
	return *v, nil
}

// evalValue evaluates an expression to a string; nil means null.
func evalValue(expr hcl.Expression, ctx *hcl.EvalContext) (*string, error) {
	if expr == nil {
		return nil, nil
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	if v.IsNull() {
		return nil, nil
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || !s.IsKnown() {
		return nil, fmt.Errorf("must be a string, number or bool, not %s", v.Type().FriendlyName())
	}
	str := s.AsString()
	return &str, nil
}
