// Package runner executes a dialog task of a Kore.ai XO bot export the way the
// XO Platform's runtime does, so that tests can prove a generated dialog works
// end to end: its scripts run, its templates resolve, its service calls are
// accepted by the API they call (stripe-mock in this repository) and its
// transitions lead to the messages they should.
//
// The runner reads the export files (botDefinition.json and config.json), not
// any compiler model: what it runs is exactly what the platform would import.
// It emulates the runtime conventions the compiler relies on:
//
//   - entity values live at context.entities.<entity component name>; number
//     entities are JavaScript numbers, every other type a string (dates as
//     "YYYY-MM-DD");
//   - script nodes run JavaScript with the globals context and env; context is
//     one object for the whole run;
//   - {{expr}} in message texts, URLs, headers and payloads is a JavaScript
//     expression over context and env; strings render as they are, objects and
//     arrays as JSON, undefined and null as "";
//   - a service node stores context.<service component name>.response with
//     statusCode (a number), body (parsed JSON, or the raw text) and headers;
//   - a service node with authRequired sends the end user's key of the named
//     authorization profile as Basic auth (the key as user name, no password).
//
// The conversation itself is not simulated: entity nodes take their value from
// Options.Entities or a fixed sample, and confirmation (dialogAct) nodes their
// yes or no the same way, "yes" by default, so a run is deterministic.
package runner

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// Options configure one run of a dialog.
type Options struct {
	// Dialog is the display name or lname of the dialog to run, compared
	// case-insensitively. It may be empty when the bot has one visible dialog.
	Dialog string

	// Entities holds the end user's answer for each entity node, by entity
	// component name, as the user would type it. An entity without an answer
	// gets Sample(entity type). A confirmation's answer goes here too, under
	// its component's name: yes or no (or y, yeah, ok, sure; n, nope); it
	// is "yes" when not given.
	Entities map[string]string

	// Env overrides or adds environment variables (config.json envVariables),
	// e.g. the Stripe base URL and the secured key variable, whose exported
	// value is empty.
	Env map[string]string

	// StripeAPIURL, when set, sends the Stripe calls there (a stripe-mock,
	// say) instead of the export's base URL: it overrides the base URL's
	// env variable, also over Env.
	StripeAPIURL string

	// UserKeys holds the end user's key for each authorization profile, by
	// profile name; services with authRequired send it as Basic auth.
	UserKeys map[string]string

	// AllowLiveKeys lets a run use live-mode Stripe keys (sk_live_,
	// rk_live_) in its env values and end-user keys; without it such a
	// run fails with a [LiveKeyError] before its first node.
	AllowLiveKeys bool

	// HTTPClient sends the service calls; nil means a default client. Each
	// call is bounded by the service node's serviceAPITimeout.
	HTTPClient *http.Client

	// Out, when set, receives every message as the dialog reaches it.
	Out io.Writer

	// MaxSteps bounds the number of nodes a run visits, so that a dialog that
	// loops fails instead of hanging; 0 means DefaultMaxSteps.
	MaxSteps int

	// MaxScriptHeapGrowth bounds how much one piece of JavaScript may grow
	// the heap; 0 means DefaultMaxScriptHeapGrowth.
	MaxScriptHeapGrowth int64
}

// envOverrides returns the env variables that override config.json's: Env,
// with the Stripe base URL set to StripeAPIURL when there is one.
func (o Options) envOverrides() map[string]string {
	if o.StripeAPIURL == "" {
		return o.Env
	}
	env := maps.Clone(o.Env)
	if env == nil {
		env = map[string]string{}
	}
	env[ir.StripeBaseURLEnvVar] = o.StripeAPIURL
	return env
}

// DefaultMaxSteps is the step limit when Options.MaxSteps is 0: far more
// nodes than any template's dialog has.
const DefaultMaxSteps = 100

// defaultServiceTimeout applies when a service node has no serviceAPITimeout;
// 20 seconds is what every real export sets.
const defaultServiceTimeout = 20 * time.Second

// scriptTimeout bounds one piece of JavaScript (a script node, a template
// expression), so a script that never returns fails the run.
const scriptTimeout = 10 * time.Second

var (
	// ErrMaxSteps is returned (wrapped) when a run visits more nodes than
	// Options.MaxSteps allows.
	ErrMaxSteps = errors.New("too many steps")
	// ErrNoUserKey is returned (wrapped) when a service needs an end user's
	// key for an authorization profile and Options.UserKeys has none.
	ErrNoUserKey = errors.New("no end-user key")
)

// startNodeID is where every dialog task starts.
const startNodeID = "intent0"

// endTarget is the transition target that ends the dialog.
const endTarget = "end"

// Run executes one dialog of bot from its intent node until a transition to
// "end". The transcript is returned also when the run fails (except when the
// dialog cannot be found), so a failing test can show how far it got; the
// error names the node that failed. Secrets (secured env values and end-user
// keys) are redacted from the transcript, Out and the error text.
//
// Before the first node, Run checks its options: an entity name the dialog
// does not have is an [UnknownEntityError], a live-mode key without
// AllowLiveKeys a [LiveKeyError].
func Run(ctx context.Context, bot *Bot, opts Options) (tr *Transcript, err error) {
	if bot == nil {
		return nil, errors.New("runner: nil bot")
	}
	dlg, err := bot.findDialog(opts.Dialog)
	if err != nil {
		return nil, err
	}
	m := newMachine(ctx, bot, dlg, opts)
	tr = m.tr
	defer func() {
		// The JavaScript engine and the export's shapes are outside our
		// control; whatever goes wrong must come back as an error.
		if r := recover(); r != nil {
			err = fmt.Errorf("runner: internal error in dialog %q: %v\n%s", dlg.name, r, debug.Stack())
		}
		if err != nil {
			err = &redactedError{msg: m.redact(err.Error()), err: err}
		}
	}()
	stop := context.AfterFunc(ctx, func() { m.vm.Interrupt(ctx.Err()) })
	defer stop()
	if err = m.checkOptions(); err != nil {
		return tr, err
	}
	err = m.run()
	return tr, err
}

// checkOptions checks what the options ask for against the bot and dialog
// before anything runs.
func (m *machine) checkOptions() error {
	if err := m.checkEntities(); err != nil {
		return err
	}
	return m.checkLiveKeys(m.env, m.envOrder)
}

// machine is the state of one run.
type machine struct {
	ctx     context.Context
	bot     *Bot
	dlg     *dialog
	opts    Options
	vm      *goja.Runtime
	tr      *Transcript
	secrets secret.Scrubber
	client  *http.Client

	// env holds the run's env values, config.json's overridden by the
	// options, and envOrder their names in that order; baseURL is the
	// Stripe base URL in effect, the one place credentials may go.
	env      map[string]string
	envOrder []string
	baseURL  string
	// secretValues are the secured env values and end-user keys, as given
	// and in their Basic-auth form.
	secretValues []string
	// maxHeapGrowth bounds the heap growth of one piece of JavaScript.
	maxHeapGrowth int64

	// where the current node is, for messages about it
	node *exportNode
	comp *exportComponent
	// answer is the current confirmation's answer, "yes" or "no".
	answer string
}

func newMachine(ctx context.Context, bot *Bot, dlg *dialog, opts Options) *machine {
	m := &machine{
		ctx:    ctx,
		bot:    bot,
		dlg:    dlg,
		opts:   opts,
		vm:     goja.New(),
		tr:     &Transcript{Dialog: dlg.name},
		client: opts.HTTPClient,
	}
	if m.client == nil {
		m.client = &http.Client{}
	}

	m.maxHeapGrowth = opts.MaxScriptHeapGrowth
	if m.maxHeapGrowth <= 0 {
		m.maxHeapGrowth = DefaultMaxScriptHeapGrowth
	}
	limitStringBuilders(m.vm, m.maxHeapGrowth)

	// env: config.json values in file order, then the overrides.
	env := m.vm.NewObject()
	secured := map[string]bool{}
	m.env = map[string]string{}
	setEnv := func(k, v string) {
		if _, seen := m.env[k]; !seen {
			m.envOrder = append(m.envOrder, k)
		}
		m.env[k] = v
		_ = env.Set(k, v)
	}
	for _, v := range bot.env {
		secured[v.key] = secured[v.key] || v.secured
		setEnv(v.key, v.value)
	}
	overrides := opts.envOverrides()
	for _, k := range sortedKeys(overrides) {
		setEnv(k, overrides[k])
	}
	m.baseURL = m.env[ir.StripeBaseURLEnvVar]
	for _, k := range m.envOrder {
		if secured[k] {
			m.addSecret(m.env[k])
		}
	}
	for _, k := range sortedKeys(opts.UserKeys) {
		m.addSecret(opts.UserKeys[k])
	}

	c := m.vm.NewObject()
	_ = c.Set("entities", m.vm.NewObject())
	_ = m.vm.Set("context", c)
	_ = m.vm.Set("env", env)
	return m
}

func (m *machine) run() error {
	maxSteps := m.opts.MaxSteps
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	current := startNodeID
	for steps := 0; ; steps++ {
		if current == endTarget {
			m.tr.Ended = true
			return nil
		}
		if err := m.ctx.Err(); err != nil {
			return err
		}
		if steps >= maxSteps {
			return fmt.Errorf("dialog %q: %w: visited %d nodes without reaching the end (a loop?), next was %s",
				m.dlg.name, ErrMaxSteps, steps, current)
		}
		node, ok := m.dlg.nodes[current]
		if !ok {
			if steps == 0 {
				return fmt.Errorf("dialog %q has no %s node", m.dlg.name, startNodeID)
			}
			return fmt.Errorf("dialog %q: %s leads to node %q, which does not exist", m.dlg.name, m.node.NodeID, current)
		}
		comp, ok := m.bot.components[node.ComponentID]
		if !ok {
			return fmt.Errorf("dialog %q: node %s: component %q does not exist", m.dlg.name, node.NodeID, node.ComponentID)
		}
		m.node, m.comp = node, comp
		if comp.Type != node.Type {
			return m.nodeErr(fmt.Errorf("node type %q differs from its component's type %q", node.Type, comp.Type))
		}

		m.tr.Steps = append(m.tr.Steps, Step{NodeID: node.NodeID, Type: node.Type, Name: comp.Name})
		step := &m.tr.Steps[len(m.tr.Steps)-1]
		if err := m.visit(step); err != nil {
			return m.nodeErr(err)
		}
		next, err := m.next()
		if err != nil {
			return m.nodeErr(err)
		}
		step.Next = next
		current = next
	}
}

// nodeErr names the current node in err.
func (m *machine) nodeErr(err error) error {
	return fmt.Errorf("dialog %q: %s node %s (%s): %w", m.dlg.name, m.node.Type, m.node.NodeID, m.comp.Name, err)
}

// visit executes the current node.
func (m *machine) visit(step *Step) error {
	switch m.node.Type {
	case "intent":
		if m.node.NodeID != startNodeID {
			return errors.New("an intent node inside a dialog starts another dialog task; the runner does not follow it")
		}
		return nil
	case "entity":
		return m.visitEntity(step)
	case "script":
		src := decodeText(m.comp.Script)
		if _, err := m.runJS(src); err != nil {
			return fmt.Errorf("script failed: %w", err)
		}
		return nil
	case "message":
		text, err := m.messageText(m.comp.Message, "message")
		if err != nil {
			return err
		}
		step.Text = m.redact(text)
		m.tr.Messages = append(m.tr.Messages, step.Text)
		if m.opts.Out != nil {
			if _, err := fmt.Fprintln(m.opts.Out, step.Text); err != nil {
				return err
			}
		}
		return nil
	case "service":
		return m.visitService(step)
	case "dialogAct":
		return m.visitConfirm(step)
	default:
		return fmt.Errorf("the runner does not support %q nodes", m.node.Type)
	}
}

func (m *machine) visitEntity(step *Step) error {
	prompt, err := m.messageText(m.comp.Message, "prompt")
	if err != nil {
		return err
	}
	step.Prompt = m.redact(prompt)

	allowed := m.allowedValues()
	raw, given := m.opts.Entities[m.comp.Name]
	if !given {
		raw = Sample(m.comp.EntityType)
		if m.comp.EntityType == "list_of_values" && len(allowed) > 0 {
			raw = allowed[0].Value
		}
		step.Sampled = true
	}
	step.Value = m.redact(raw)

	value, err := entityValue(m.comp.EntityType, raw, allowed)
	if err != nil {
		return err
	}
	c := m.contextObject()
	entities, ok := c.Get("entities").(*goja.Object)
	if !ok || entities == nil {
		entities = m.vm.NewObject()
		if err := c.Set("entities", entities); err != nil {
			return err
		}
	}
	return entities.Set(m.comp.Name, value)
}

// allowedValues returns the static choices of a list_of_values entity; a list
// taken from a context variable at runtime has none here.
func (m *machine) allowedValues() []exportAllowedValue {
	loc := localized(m.comp.LocaleData, m.bot.language)
	if loc.AllowedValues == nil {
		return nil
	}
	return loc.AllowedValues.Values
}

// entityValue converts what the user typed into the value the platform
// stores for the entity type.
func entityValue(entityType, raw string, allowed []exportAllowedValue) (any, error) {
	switch entityType {
	case "number":
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", raw)
		}
		return f, nil
	case "date":
		if _, err := time.Parse(time.DateOnly, raw); err != nil {
			return nil, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", raw)
		}
		return raw, nil
	case "list_of_values":
		if len(allowed) == 0 {
			return raw, nil
		}
		want := strings.TrimSpace(raw)
		var choices []string
		for _, v := range allowed {
			if strings.EqualFold(v.Value, want) || strings.EqualFold(v.Title, want) {
				return v.Value, nil
			}
			for _, s := range v.Synonyms {
				if strings.EqualFold(strings.Trim(s, `"`), want) {
					return v.Value, nil
				}
			}
			choices = append(choices, v.Value)
		}
		return nil, fmt.Errorf("%q is none of the allowed values %s", raw, quoteList(choices))
	default:
		return raw, nil
	}
}

// sampleToday is the fixed "today" that sample dates count from, so runs are
// the same on every day.
var sampleToday = time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)

// Sample returns the answer the runner gives an entity of entityType that
// Options.Entities does not answer. (A list_of_values entity gets its first
// allowed value instead, when it has static ones.)
func Sample(entityType string) string {
	switch entityType {
	case "person_name":
		return "Jane Doe"
	case "email":
		return "jane@example.com"
	case "phone_number":
		return "+15555550123"
	case "date":
		return sampleToday.AddDate(0, 0, 30).Format(time.DateOnly)
	case "number":
		return "1"
	default:
		return "sample"
	}
}

// messageText builds the text of a message or prompt: the first entry of the
// default channel in the bot's language. A "basic" text has its templates
// resolved; a "uxmap" text is JavaScript whose print() calls make the message.
func (m *machine) messageText(msgs []exportMessage, where string) (string, error) {
	for _, msg := range msgs {
		if msg.Channel != "default" && msg.Channel != "" {
			continue
		}
		loc := localized(msg.LocaleData, m.bot.language)
		text := decodeText(loc.Text)
		if loc.Type == "uxmap" {
			return m.runUXMap(text)
		}
		return m.render(text, where), nil
	}
	return "", nil
}

// runUXMap runs the JavaScript of a uxmap message with a print function that
// collects what it prints.
func (m *machine) runUXMap(src string) (string, error) {
	var printed []string
	print := func(call goja.FunctionCall) goja.Value {
		for _, a := range call.Arguments {
			s, _ := m.text(a)
			printed = append(printed, s)
		}
		return goja.Undefined()
	}
	old := m.vm.Get("print")
	if err := m.vm.Set("print", print); err != nil {
		return "", err
	}
	defer func() { _ = m.vm.Set("print", old) }()
	if _, err := m.runJS(src); err != nil {
		return "", fmt.Errorf("uxmap message script failed: %w", err)
	}
	return strings.Join(printed, "\n"), nil
}

// contextObject returns the global context, which a script may have replaced.
func (m *machine) contextObject() *goja.Object {
	if c, ok := m.vm.Get("context").(*goja.Object); ok && c != nil {
		return c
	}
	c := m.vm.NewObject()
	_ = c.Set("entities", m.vm.NewObject())
	_ = m.vm.Set("context", c)
	return c
}

// addSecret registers a value the transcript must not show: as it is and in
// the Basic-auth form base64(value + ":"), which a server may echo back in an
// error message (stripe-mock does). A value shorter than
// [secret.MinBareLength] is replaced only where it is quoted.
func (m *machine) addSecret(s string) {
	if s == "" {
		return
	}
	for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s + ":"))} {
		m.secrets.Add(form, secret.Redact(form))
		m.secretValues = append(m.secretValues, form)
	}
}

// redact replaces every secret in s by its redacted form.
func (m *machine) redact(s string) string { return m.secrets.Scrub(s) }

// redactedError carries an error whose text has had the run's secrets
// removed; Unwrap still gives errors.Is access to the cause.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
