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
// to options (scripts, texts, queries, bodies) stay unevaluated: the
// lowering stage evaluates them with a bot's option values.
type Node struct {
	Name    string
	Type    ir.NodeType
	Entity  int            // entity nodes: index into Template.Entities
	Code    hcl.Expression // script nodes
	Text    hcl.Expression // message nodes
	Service *Service       // service nodes
}

// Service is a service node's Stripe call.
type Service struct {
	Method string // upper case, as written
	Path   string
	Query  []QueryParam // GET only, in file order
	Form   []QueryParam // POST only: the form fields of the body, in file order
	Params []string     // the names of the query parameters or form fields
	// Failure is the message node shown when the call does not return
	// 200; it ends the dialog, so no later call is made. FailureText is
	// its text.
	Failure     string
	FailureText hcl.Expression
}

// QueryParam is one query parameter of a GET call or form field of a POST.
type QueryParam struct {
	Name  string
	Value hcl.Expression
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
	},
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

type serviceBlock struct {
	Method    string         `hcl:"method"`
	Path      string         `hcl:"path"`
	Query     hcl.Expression `hcl:"query,optional"`
	Body      hcl.Expression `hcl:"body,optional"`
	OnFailure []failureBlock `hcl:"on_failure,block"`
}

type failureBlock struct {
	Name string         `hcl:"name,label"`
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
	t := &Template{Name: block.Labels[0]}
	content, diags := block.Body.Content(templateSchema)
	attrs := []struct {
		name   string
		target any
	}{
		{"title", &t.Title},
		{"description", &t.Description},
		{"intent", &t.Intent},
		{"utterances", &t.Utterances},
		{"resources", &t.Resources},
	}
	for _, a := range attrs {
		if attr, ok := content.Attributes[a.name]; ok {
			diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, a.target)...)
		}
	}
	for _, b := range content.Blocks {
		name := b.Labels[0]
		switch b.Type {
		case "option":
			var ob optionBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &ob)...)
			o := Option{Name: name, Type: ob.Type, Description: ob.Description,
				Allowed: ob.Allowed, Min: ob.Min, Max: ob.Max, Integer: ob.Integer}
			if ob.Default != nil {
				o.Default = *ob.Default
			}
			t.Options = append(t.Options, o)
		case "entity":
			var eb entityBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &eb)...)
			t.Entities = append(t.Entities, Entity{Name: name, Type: eb.Type,
				Prompt: eb.Prompt, ErrorPrompt: eb.ErrorPrompt, AllowedValues: eb.AllowedValues})
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeEntity, Entity: len(t.Entities) - 1})
		case "script":
			var sb scriptBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &sb)...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeScript, Code: sb.Code})
		case "message":
			var mb messageBlock
			diags = append(diags, gohcl.DecodeBody(b.Body, nil, &mb)...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeMessage, Text: mb.Text})
		case "service":
			s, moreDiags := decodeService(b)
			diags = append(diags, moreDiags...)
			t.Nodes = append(t.Nodes, Node{Name: name, Type: ir.NodeService, Service: s})
			t.Calls = append(t.Calls, Call{Node: name, Method: s.Method, Path: s.Path, Params: s.Params})
		}
	}
	return t, diags
}

func decodeService(b *hcl.Block) (*Service, hcl.Diagnostics) {
	var sb serviceBlock
	diags := gohcl.DecodeBody(b.Body, nil, &sb)
	s := &Service{Method: sb.Method, Path: sb.Path}
	if len(sb.OnFailure) != 1 {
		diags = append(diags, errAt(b.DefRange, "Service needs one on_failure block",
			"Service %q must have exactly one on_failure message, shown when Stripe does not answer 200.", b.Labels[0]))
	} else {
		s.Failure, s.FailureText = sb.OnFailure[0].Name, sb.OnFailure[0].Text
	}
	var moreDiags hcl.Diagnostics
	s.Query, moreDiags = decodePairs(sb.Query, "Query parameter")
	diags = append(diags, moreDiags...)
	s.Form, moreDiags = decodePairs(sb.Body, "Form field")
	diags = append(diags, moreDiags...)
	for _, p := range append(slices.Clip(s.Query), s.Form...) {
		s.Params = append(s.Params, p.Name)
	}
	return s, diags
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
		pairs = append(pairs, QueryParam{Name: name, Value: item.Value})
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
