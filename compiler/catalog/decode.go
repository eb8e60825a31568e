package catalog

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// Node is one node of a template's happy path. Expressions that may refer
// to options (scripts, texts, queries, bodies, prompts) stay unevaluated:
// the lowering stage evaluates them with a bot's option values.
type Node struct {
	Name    string
	Type    ir.NodeType
	Entity  int            // entity nodes: index into Template.Entities
	Code    hcl.Expression // script nodes
	Text    hcl.Expression // message nodes
	Service *Service       // service nodes
	Confirm *Confirm       // confirmation nodes (ir.NodeConfirm)
	// DeclRange is where the node's block starts in its file, e.g.
	// `service "createCustomerService"`, for diagnostics about the node.
	DeclRange hcl.Range
}

// Service is a service node's Stripe call.
type Service struct {
	Method string // upper case, as written
	// Path is under the base URL. A segment may be exactly
	// {{context.<name>}}, a variable an earlier script sets (URL-safe).
	Path   string
	Query  []QueryParam // GET only, in file order
	Form   []QueryParam // POST only: the form fields of the body, in file order
	Params []string     // the names of the query parameters or form fields
	// Failure is the message node shown when the call does not return
	// 200; it ends the dialog, so no later call is made. FailureText is
	// its text.
	Failure     string
	FailureText hcl.Expression

	// Where each part is written, for diagnostics: the values of method
	// and path, the query and body attributes (zero when absent) and the
	// on_failure block.
	MethodRange, PathRange hcl.Range
	QueryRange, BodyRange  hcl.Range
	FailureRange           hcl.Range
}

// QueryParam is one query parameter of a GET call or form field of a POST.
type QueryParam struct {
	Name  string
	Value hcl.Expression
	// NameRange and ValueRange are where the name and the value are
	// written.
	NameRange, ValueRange hcl.Range
}

// Confirm is a confirmation node's content: a yes-or-no question. On
// "yes" the dialog goes on to the next node; on "no" it shows the message
// No and ends.
type Confirm struct {
	Prompt hcl.Expression // the question, a text like a message's
	No     string         // the name of the message node shown on "no"
	NoText hcl.Expression
	// NoRange is where the on_no block is written.
	NoRange hcl.Range
}

// templateRanges are where a template's own attributes are written, for
// diagnostics about them; a missing attribute's range is the block's.
type templateRanges struct {
	title, description, intent, utterances, resources hcl.Range
}

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "template", LabelNames: []string{"name"}}},
}

var templateSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "title", Required: true},
		{Name: "description", Required: true},
		{Name: "intent", Required: true},
		{Name: "utterances", Required: true},
		{Name: "resources", Required: true},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "option", LabelNames: []string{"name"}},
		{Type: "entity", LabelNames: []string{"name"}},
		{Type: "script", LabelNames: []string{"name"}},
		{Type: "service", LabelNames: []string{"name"}},
		{Type: "message", LabelNames: []string{"name"}},
		{Type: "confirm", LabelNames: []string{"name"}},
	},
}

var serviceSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "method", Required: true},
		{Name: "path", Required: true},
		{Name: "query"},
		{Name: "body"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "on_failure", LabelNames: []string{"name"}}},
}

var confirmSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "prompt", Required: true}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "on_no", LabelNames: []string{"name"}}},
}

type optionBlock struct {
	Type        string   `hcl:"type"`
	Description string   `hcl:"description"`
	Default     *string  `hcl:"default,optional"`
	Allowed     []string `hcl:"allowed,optional"`
	Min         *float64 `hcl:"min,optional"`
	Max         *float64 `hcl:"max,optional"`
	Integer     bool     `hcl:"integer,optional"`
}

type entityBlock struct {
	Type          string   `hcl:"type"`
	Prompt        string   `hcl:"prompt"`
	ErrorPrompt   string   `hcl:"error_prompt"`
	AllowedValues []string `hcl:"allowed_values,optional"`
}

type scriptBlock struct {
	Code hcl.Expression `hcl:"code"`
}

type messageBlock struct {
	Text hcl.Expression `hcl:"text"`
}

// decodeFile decodes one catalog file and checks it (see check.go).
func decodeFile(filename string, src []byte) (*Template, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	content, moreDiags := f.Body.Content(fileSchema)
	diags = append(diags, moreDiags...)
	if moreDiags.HasErrors() {
		return nil, diags
	}
	if len(content.Blocks) != 1 {
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "One template per file",
			Detail:   fmt.Sprintf("A catalog file holds exactly one template block; %s has %d.", filename, len(content.Blocks)),
			Subject:  f.Body.MissingItemRange().Ptr(),
		})
	}
	block := content.Blocks[0]
	t, moreDiags := decodeTemplate(block)
	diags = append(diags, moreDiags...)
	if stem := strings.TrimSuffix(path.Base(filename), ".hcl"); t.Name != stem {
		diags = append(diags, errAt(block.LabelRanges[0], "Template name does not match its file",
			"Template %q must live in %s.hcl, not %s.", t.Name, t.Name, path.Base(filename)))
	}
	if diags.HasErrors() {
		return nil, diags
	}
	diags = append(diags, check(t, block.DefRange)...)
	return t, diags
}

func decodeTemplate(block *hcl.Block) (*Template, hcl.Diagnostics) {
	t := &Template{Name: block.Labels[0], DeclRange: block.DefRange}
	content, diags := block.Body.Content(templateSchema)
	r := &t.ranges
	attrs := []struct {
		name   string
		target any
		rng    *hcl.Range
	}{
		{"title", &t.Title, &r.title},
		{"description", &t.Description, &r.description},
		{"intent", &t.Intent, &r.intent},
		{"utterances", &t.Utterances, &r.utterances},
		{"resources", &t.Resources, &r.resources},
	}
	for _, a := range attrs {
		*a.rng = block.DefRange
		if attr, ok := content.Attributes[a.name]; ok {
			diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, a.target)...)
			*a.rng = attr.Expr.Range()
		}
	}
	for _, b := range content.Blocks {
		name := b.Labels[0]
		switch b.Type {
		case "option":
			var ob optionBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &ob)...)
			o := Option{Name: name, Type: ob.Type, Description: ob.Description,
				Allowed: ob.Allowed, Min: ob.Min, Max: ob.Max, Integer: ob.Integer, DeclRange: b.DefRange}
			if ob.Default != nil {
				o.Default = *ob.Default
			}
			t.Options = append(t.Options, o)
		case "entity":
			var eb entityBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &eb)...)
			t.Entities = append(t.Entities, Entity{Name: name, Type: eb.Type,
				Prompt: eb.Prompt, ErrorPrompt: eb.ErrorPrompt, AllowedValues: eb.AllowedValues, DeclRange: b.DefRange})
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeEntity, Entity: len(t.Entities) - 1, DeclRange: b.DefRange})
		case "script":
			var sb scriptBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &sb)...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeScript, Code: sb.Code, DeclRange: b.DefRange})
		case "message":
			var mb messageBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &mb)...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeMessage, Text: mb.Text, DeclRange: b.DefRange})
		case "service":
			s, moreDiags := decodeService(b)
			diags = append(diags, moreDiags...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeService, Service: s, DeclRange: b.DefRange})
			t.Calls = append(t.Calls, Call{Node: name, Method: s.Method, Path: s.Path, Params: s.Params})
		case "confirm":
			c, moreDiags := decodeConfirm(b)
			diags = append(diags, moreDiags...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeConfirm, Confirm: c, DeclRange: b.DefRange})
		}
	}
	return t, diags
}

func decodeService(b *hcl.Block) (*Service, hcl.Diagnostics) {
	content, diags := b.Body.Content(serviceSchema)
	s := &Service{MethodRange: b.DefRange, PathRange: b.DefRange}
	if attr, ok := content.Attributes["method"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &s.Method)...)
		s.MethodRange = attr.Expr.Range()
	}
	if attr, ok := content.Attributes["path"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &s.Path)...)
		s.PathRange = attr.Expr.Range()
	}
	var query, body hcl.Expression
	if attr, ok := content.Attributes["query"]; ok {
		query, s.QueryRange = attr.Expr, attr.Expr.Range()
	}
	if attr, ok := content.Attributes["body"]; ok {
		body, s.BodyRange = attr.Expr, attr.Expr.Range()
	}
	if len(content.Blocks) != 1 {
		diags = append(diags, errAt(b.DefRange, "Service needs one on_failure block",
			"Service %q must have exactly one on_failure message, shown when Stripe does not answer 200.", b.Labels[0]))
	} else {
		fb := content.Blocks[0]
		var moreDiags hcl.Diagnostics
		s.Failure, s.FailureText, moreDiags = decodeLabelledText(fb)
		s.FailureRange = fb.DefRange
		diags = append(diags, moreDiags...)
	}
	var moreDiags hcl.Diagnostics
	s.Query, moreDiags = decodePairs(query, "Query parameter")
	diags = append(diags, moreDiags...)
	s.Form, moreDiags = decodePairs(body, "Form field")
	diags = append(diags, moreDiags...)
	for _, p := range append(slices.Clip(s.Query), s.Form...) {
		s.Params = append(s.Params, p.Name)
	}
	return s, diags
}

func decodeConfirm(b *hcl.Block) (*Confirm, hcl.Diagnostics) {
	content, diags := b.Body.Content(confirmSchema)
	c := &Confirm{}
	if attr, ok := content.Attributes["prompt"]; ok {
		c.Prompt = attr.Expr
	}
	if len(content.Blocks) != 1 {
		diags = append(diags, errAt(b.DefRange, "Confirmation needs one on_no block",
			"Confirmation %q must have exactly one on_no message, shown when the answer is no; the dialog then ends.", b.Labels[0]))
		return c, diags
	}
	nb := content.Blocks[0]
	var moreDiags hcl.Diagnostics
	c.No, c.NoText, moreDiags = decodeLabelledText(nb)
	c.NoRange = nb.DefRange
	return c, append(diags, moreDiags...)
}

// decodeLabelledText decodes an on_failure or on_no block: a message
// node's name (the label) and text.
func decodeLabelledText(b *hcl.Block) (string, hcl.Expression, hcl.Diagnostics) {
	var mb messageBlock
	diags := gohcl.DecodeBody(b.Body, nil, &mb)
	return b.Labels[0], mb.Text, diags
}

// decodePairs decodes an object of name = value pairs (a query or a form
// body), keeping the file's order. Names must be plain words or quoted
// strings: Stripe's names such as "expand[]" need quotes.
func decodePairs(expr hcl.Expression, what string) ([]QueryParam, hcl.Diagnostics) {
	if expr == nil || isNull(expr) {
		return nil, nil
	}
	items, diags := hcl.ExprMap(expr)
	var pairs []QueryParam
	for _, item := range items {
		name := hcl.ExprAsKeyword(item.Key)
		if name == "" {
			v, moreDiags := item.Key.Value(nil)
			if moreDiags.HasErrors() || v.Type() != cty.String || v.IsNull() {
				diags = append(diags, errAt(item.Key.Range(), what+" names must be words or quoted strings", ""))
				continue
			}
			name = v.AsString()
		}
		pairs = append(pairs, QueryParam{Name: name, Value: item.Value,
			NameRange: item.Key.Range(), ValueRange: item.Value.Range()})
	}
	return pairs, diags
}

// isNull tells an attribute gohcl synthesised for a missing optional
// expression (a static null) from one written in the file.
func isNull(expr hcl.Expression) bool {
	if len(expr.Variables()) > 0 {
		return false
	}
	if _, ok := expr.(hclsyntax.Expression); ok {
		return false
	}
	v, diags := expr.Value(nil)
	return !diags.HasErrors() && v.IsNull()
}

func errAt(rng hcl.Range, summary, detailFormat string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(detailFormat, args...),
		Subject:  rng.Ptr(),
	}
}
