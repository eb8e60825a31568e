package lower

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/ir"
)

// StripeAPIVersion is sent as the Stripe-Version header of every call, so the
// dialogs behave as written (invoice items are not pulled into new invoices,
// parameter names) whatever default version the Stripe account has.
const StripeAPIVersion = "2023-10-16"

// ServiceTimeoutSeconds is the timeout of every Stripe service node.
const ServiceTimeoutSeconds = 20

// templateAuth says how the bot's Stripe calls are authorized and where the Stripe
// base URL and key live at run time.
type templateAuth struct {
	Mode          string // config.ModePreAuthorized or config.ModeUserAuthorized
	KeyEnvVar     string // pre_authorized: env variable holding the Stripe key
	BaseURLEnvVar string // env variable holding the base URL, e.g. https://api.stripe.com
	Profile       string // user_authorized: the auth profile's name
}

// overrides are a bot's changes to a template. Zero values keep the catalog's.
type overrides struct {
	DialogName string   // replaces the Kore title as the dialog's name
	Utterances []string // replace the catalog's training sentences
	// Options are the bot's option values, written as strings ("25",
	// "true"); unknown names and invalid values are errors.
	Options  map[string]string
	Entities map[string]entityOverride // by entity name
}

// entityOverride changes an entity's prompts; empty fields keep the catalog's.
type entityOverride struct {
	Prompt, ErrorPrompt string
}

var envVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// lowerTemplate builds a template's dialog task for a bot. Dialog.Key is
// the template name. Every problem with auth and overrides is reported,
// joined.
func lowerTemplate(t *catalog.Template, auth templateAuth, o overrides) (ir.Dialog, error) {
	errs := auth.check()
	ev, evalErrs := evaluate(t, o.Options)
	errs = append(errs, evalErrs...)
	entityNames := make([]string, 0, len(o.Entities))
	for name := range o.Entities {
		entityNames = append(entityNames, name)
	}
	sort.Strings(entityNames)
	for _, name := range entityNames {
		if err := t.CheckEntity(name); err != nil {
			errs = append(errs, err)
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

	d.Nodes = make([]ir.Node, 0, 1+len(t.Nodes)+len(t.Calls))
	d.Nodes = append(d.Nodes, ir.Node{Name: t.Intent, Type: ir.NodeIntent,
		Transitions: []ir.Transition{{To: t.Nodes[0].Name}}})
	// The messages off the happy path, which end the dialog: each call's
	// failure and each confirmation's "no", in order.
	var failures []ir.Node
	for i, n := range t.Nodes {
		next := ""
		if i+1 < len(t.Nodes) {
			next = t.Nodes[i+1].Name
		}
		kn := ir.Node{Name: n.Name, Type: n.Type, Transitions: []ir.Transition{{To: next}}}
		texts := ev.nodes[i]
		switch n.Type {
		case ir.NodeEntity:
			kn.Entity = lowerEntity(t.Entities[n.Entity], o.Entities[n.Name])
		case ir.NodeScript:
			kn.Script = texts.text
		case ir.NodeMessage:
			kn.Message = texts.text
		case ir.NodeService:
			s := n.Service
			kn.Service = lowerService(s, auth, texts)
			kn.Transitions = []ir.Transition{
				{If: &ir.Condition{Context: "context." + n.Name + ".response.statusCode", Op: "eq", Value: "200"}, To: next},
				{To: s.Failure},
			}
			failures = append(failures, ir.Node{Name: s.Failure, Type: ir.NodeMessage,
				Message: texts.failure, Transitions: []ir.Transition{{To: ""}}})
		case ir.NodeConfirm:
			kn.Confirmation = texts.text
			kn.Transitions = []ir.Transition{
				{If: &ir.Condition{DialogAct: ir.DialogActYes}, To: next},
				{If: &ir.Condition{DialogAct: ir.DialogActNo}, To: n.Confirm.No},
			}
			failures = append(failures, ir.Node{Name: n.Confirm.No, Type: ir.NodeMessage,
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
	nodes []evaluatedNode // as t.Nodes
}

// evaluatedNode holds a node's texts: a script node's code, a message
// node's text or a confirmation's question, with in failure the message
// shown on "no"; for a service node, its query string ("?a=1&b=2" or ""),
// form fields and failure message.
type evaluatedNode struct {
	text           string
	query, failure string
	form           []ir.Param
}

// evaluate evaluates the template's expressions with the given option
// values over the defaults.
func evaluate(t *catalog.Template, given map[string]string) (*evaluation, []error) {
	opts, errs := t.OptionValues(given)
	if len(errs) > 0 {
		return nil, errs
	}
	ctx := catalog.EvalContext(opts)
	ev := &evaluation{nodes: make([]evaluatedNode, len(t.Nodes))}
	for i, n := range t.Nodes {
		var err error
		texts := &ev.nodes[i]
		switch n.Type {
		case ir.NodeScript:
			texts.text, err = catalog.EvalString(n.Code, ctx)
		case ir.NodeMessage:
			texts.text, err = catalog.EvalString(n.Text, ctx)
		case ir.NodeConfirm:
			var noErr error
			texts.text, err = catalog.EvalString(n.Confirm.Prompt, ctx)
			texts.failure, noErr = catalog.EvalString(n.Confirm.NoText, ctx)
			err = errors.Join(err, noErr)
		case ir.NodeService:
			s := n.Service
			texts.query, texts.form, err = evalRequest(s, ctx)
			var failErr error
			texts.failure, failErr = catalog.EvalString(s.FailureText, ctx)
			err = errors.Join(err, failErr)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("template %q, node %s: %w", t.Name, n.Name, err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return ev, nil
}

// evalRequest evaluates a call's query string and form fields. An unset
// option leaves its parameter or field out.
func evalRequest(s *catalog.Service, ctx *hcl.EvalContext) (query string, form []ir.Param, err error) {
	var params []string
	for _, q := range s.Query {
		v, err := catalog.EvalValue(q.Value, ctx)
		if err != nil {
			return "", nil, fmt.Errorf("query parameter %s: %w", q.Name, err)
		}
		if v != nil {
			params = append(params, url.QueryEscape(q.Name)+"="+url.QueryEscape(*v))
		}
	}
	if len(params) > 0 {
		query = "?" + strings.Join(params, "&")
	}
	for _, f := range s.Form {
		v, err := catalog.EvalValue(f.Value, ctx)
		if err != nil {
			return "", nil, fmt.Errorf("form field %s: %w", f.Name, err)
		}
		if v != nil {
			form = append(form, ir.Param{Name: f.Name, Value: *v})
		}
	}
	return query, form, nil
}

func lowerEntity(e catalog.Entity, o entityOverride) *ir.Entity {
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
func lowerService(s *catalog.Service, auth templateAuth, texts evaluatedNode) *ir.Service {
	svc := &ir.Service{
		Method:         strings.ToLower(s.Method),
		URL:            "{{env." + auth.BaseURLEnvVar + "}}" + s.Path + texts.query,
		TimeoutSeconds: ServiceTimeoutSeconds,
		Headers:        make([]ir.Header, 0, 3),
	}
	if auth.Mode == config.ModePreAuthorized {
		svc.Headers = append(svc.Headers, ir.Header{Name: "Authorization", Value: "Bearer {{env." + auth.KeyEnvVar + "}}"})
	} else {
		svc.AuthProfile = auth.Profile
	}
	if s.Method == "POST" {
		svc.Headers = append(svc.Headers, ir.Header{Name: "Content-Type", Value: ir.FormContentType})
		svc.Form = texts.form
	}
	svc.Headers = append(svc.Headers, ir.Header{Name: "Stripe-Version", Value: StripeAPIVersion})
	if sample, ok := catalog.SampleResponse(s.Method, s.Path); ok {
		svc.SampleResponse = sample
	}
	return svc
}

func (a templateAuth) check() []error {
	var errs []error
	if !envVarName.MatchString(a.BaseURLEnvVar) {
		errs = append(errs, fmt.Errorf("base URL env variable %q is not a valid name", a.BaseURLEnvVar))
	}
	switch a.Mode {
	case config.ModePreAuthorized:
		if !envVarName.MatchString(a.KeyEnvVar) {
			errs = append(errs, fmt.Errorf("pre_authorized: key env variable %q is not a valid name", a.KeyEnvVar))
		}
		if a.Profile != "" {
			errs = append(errs, errors.New("pre_authorized: an auth profile is only used with user_authorized"))
		}
	case config.ModeUserAuthorized:
		if a.Profile == "" {
			errs = append(errs, errors.New("user_authorized: the auth profile name is missing"))
		}
		if a.KeyEnvVar != "" {
			errs = append(errs, errors.New("user_authorized: a key env variable is only used with pre_authorized"))
		}
	default:
		errs = append(errs, fmt.Errorf("authorization mode must be %q or %q, not %q", config.ModePreAuthorized, config.ModeUserAuthorized, a.Mode))
	}
	return errs
}
