package kore

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// component is one entry of dialogComponents[]: the content of a node.
// One struct serves every type: the fields only some types have are
// pointers or slices left out when nil, and the field order is the one the
// newest reference export uses for every type.
//
// How texts are stored (checked field by field against the references):
//   - message[] and errorMessage[] texts, script: encoded with
//     EncodeURIComponent. Error messages in the references are plain
//     only where they are the platform's untouched default text; the one
//     error message a user wrote (weather-bot) is encoded, like every
//     prompt, and the runtime decodes both, so xoc encodes all texts alike.
//   - headers.value: a JSON object as a plain string, never encoded.
//   - payload.value of a form call: a JSON object of the form's key/value
//     pairs as a plain string (see formPayload); "" for no body.
//   - sampleResponse[].response: JSON text (see sampleResponses).
//   - endPoint.path: plain, as the 2019 and 2022 exports store it. The 2025
//     export applies encodeURI (not encodeURIComponent) to the braces of
//     templates in paths; a plain path reads the same under either, since
//     it holds no %-escapes of its own.
//   - names, labels, intent names and descriptions: plain.
type component struct {
	ID                    string                     `json:"_id"`
	RefID                 string                     `json:"refId"`
	Name                  string                     `json:"name"`
	PiiDataEnabled        bool                       `json:"piiDataEnabled"`
	EndPoint              *endPoint                  `json:"endPoint,omitempty"`
	AuthRequired          *bool                      `json:"authRequired,omitempty"`
	Payload               *rawValue                  `json:"payload,omitempty"`
	Headers               *rawValue                  `json:"headers,omitempty"`
	ServiceType           string                     `json:"serviceType,omitempty"`
	Idp                   string                     `json:"idp,omitempty"`
	Script                *string                    `json:"script,omitempty"`
	ServiceNodeType       string                     `json:"serviceNodeType"`
	Type                  ir.NodeType                `json:"type"`
	SampleResponse        []sampleResponse           `json:"sampleResponse,omitempty"`
	EntityType            string                     `json:"entityType,omitempty"`
	Message               []message                  `json:"message,omitempty"`
	ErrorMessage          []message                  `json:"errorMessage,omitempty"`
	ApplyDefaultTemplate  bool                       `json:"applyDefaultTemplate"`
	DialogID              string                     `json:"dialogId,omitempty"`
	LocaleData            map[string]componentLocale `json:"localeData"`
	EntityFields          entityFields               `json:"entityFields"`
	ServiceAPITimeout     *int                       `json:"serviceAPITimeout,omitempty"`
	SpellcorrectThreshold int                        `json:"spellcorrectThreshold"`
	PreConditions         emptyArray                 `json:"preConditions"`
	VNameSpace            emptyArray                 `json:"vNameSpace"`
	UseTaskLevelNs        bool                       `json:"useTaskLevelNs"`
	IsSensitive           bool                       `json:"isSensitive"`
}

// componentLocale is a component's per-language data: intents have desc and
// intent (the display name), other components a label.
type componentLocale struct {
	Desc          *string        `json:"desc,omitempty"`
	Intent        string         `json:"intent,omitempty"`
	Label         string         `json:"label,omitempty"`
	AllowedValues *allowedValues `json:"allowedValues,omitempty"`
}

type allowedValues struct {
	Values []allowedValue `json:"values"`
}

type allowedValue struct {
	Title    string   `json:"title"`
	Value    string   `json:"value"`
	Synonyms []string `json:"synonyms"`
}

type entityFields struct {
	CityAdvanced emptyArray `json:"cityAdvanced"`
}

// message is one variant of a message, prompt or error prompt.
type message struct {
	Channel    string                   `json:"channel"`
	LocaleData map[string]messageLocale `json:"localeData"`
}

type messageLocale struct {
	Text string `json:"text"` // URI-encoded
	Type string `json:"type"`
}

type endPoint struct {
	Host             string `json:"host"`
	Port             string `json:"port"`
	Path             string `json:"path"`
	Protocol         string `json:"protocol"`
	Method           string `json:"method"`
	ConnectorEnabled bool   `json:"connectorEnabled"`
	PiiDataEnabled   bool   `json:"piiDataEnabled"`
}

// rawValue is a service node's headers or payload.
type rawValue struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// sampleResponse is one example answer of a service, shown in the
// builder's response panel; its paths are what the panel offers to pick.
type sampleResponse struct {
	IsDefault bool   `json:"isDefault"`
	Name      string `json:"name"`
	Response  string `json:"response"` // JSON text
}

// defaultServiceTimeout is the platform's default, in seconds.
const defaultServiceTimeout = 20

// textMessage is a one-variant text message for the default channel.
func (e *encoder) textMessage(text string) []message {
	return []message{{
		Channel:    "default",
		LocaleData: map[string]messageLocale{e.lang: {Text: EncodeURIComponent(text), Type: "basic"}},
	}}
}

// buildComponent returns the component of node n of dialog d.
func (e *encoder) buildComponent(d *ir.Dialog, n *ir.Node, dialogID string) *component {
	c := &component{
		ID:              e.ids.componentID(d.Key, n.Name),
		RefID:           e.ids.componentRef(d.Key, n.Name),
		Name:            n.Name,
		ServiceNodeType: "custom",
		Type:            n.Type,
		LocaleData:      map[string]componentLocale{e.lang: {Label: n.Name}},
		UseTaskLevelNs:  true,
	}
	where := func() string { return "dialog " + quote(d.Key) + ": node " + quote(n.Name) }
	switch n.Type {
	case ir.NodeIntent:
		c.DialogID = dialogID
		c.LocaleData[e.lang] = componentLocale{Desc: ptr(d.Description), Intent: d.Name}
	case ir.NodeEntity:
		if n.Entity == nil {
			e.errorf("%s: entity node without Entity", where())
			break
		}
		c.EntityType = n.Entity.Type
		c.Message = e.textMessage(n.Entity.Prompt)
		c.ErrorMessage = e.textMessage(n.Entity.ErrorPrompt)
		if len(n.Entity.AllowedValues) > 0 {
			loc := c.LocaleData[e.lang]
			loc.AllowedValues = &allowedValues{Values: make([]allowedValue, 0, len(n.Entity.AllowedValues))}
			for _, v := range n.Entity.AllowedValues {
				loc.AllowedValues.Values = append(loc.AllowedValues.Values, allowedValue{Title: v, Value: v, Synonyms: []string{v}})
			}
			c.LocaleData[e.lang] = loc
		}
	case ir.NodeScript:
		c.Script = ptr(EncodeURIComponent(n.Script))
	case ir.NodeMessage:
		c.Message = e.textMessage(n.Message)
	case ir.NodeConfirm:
		// As the references' dialogAct components: the question in
		// message[], and the platform's yes/no template applied.
		c.Message = e.textMessage(n.Confirmation)
		c.ApplyDefaultTemplate = true
	case ir.NodeService:
		if n.Service == nil {
			e.errorf("%s: service node without Service", where())
			break
		}
		e.fillService(c, n.Service, where)
	default:
		e.errorf("%s: unsupported node type %q", where(), n.Type)
	}
	return c
}

func (e *encoder) fillService(c *component, s *ir.Service, where func() string) {
	host, port, path, protocol := splitURL(s.URL)
	c.EndPoint = &endPoint{
		Host:     host,
		Port:     port,
		Path:     path,
		Protocol: protocol,
		Method:   strings.ToLower(s.Method),
	}
	c.AuthRequired = ptr(s.AuthProfile != "")
	payload, err := formPayload(s.Form)
	if err != nil {
		e.errorf("%s: form: %v", where(), err)
	}
	c.Payload = &rawValue{Type: "raw", Value: payload}
	seen := map[string]bool{}
	for _, h := range s.Headers {
		// The headers become one JSON object: a repeated name would be a
		// duplicate key, which JSON readers resolve differently.
		if name := strings.ToLower(h.Name); seen[name] {
			e.errorf("%s: header %q is set twice", where(), h.Name)
		} else {
			seen[name] = true
		}
	}
	headers, err := headersJSON(s.Headers)
	if err != nil {
		e.errorf("%s: headers: %v", where(), err)
	}
	c.Headers = &rawValue{Type: "raw", Value: headers}
	c.ServiceType = "rest"
	c.Idp = ir.NoAuthProfile
	if s.AuthProfile != "" {
		c.Idp = s.AuthProfile
	}
	timeout := s.TimeoutSeconds
	if timeout <= 0 {
		timeout = defaultServiceTimeout
	}
	c.ServiceAPITimeout = ptr(timeout)
	if s.SampleResponse != nil {
		sample, err := sampleResponses(s.SampleResponse)
		if err != nil {
			e.errorf("%s: sample response: %v", where(), err)
		}
		c.SampleResponse = sample
	}
}

// formPayload is a form call's payload.value: its fields as one JSON
// object of strings, in order, which is what the service node's Body
// editor stores for key/value pairs and what the platform form-encodes
// (otpViaSMS, the one form call of the reference exports, stores it so,
// not URI-encoded). A "%" is written as the JSON escape \u0025, so the
// stored text holds none and reads the same whether or not the platform
// URI-decodes payloads. No fields, no body: "".
func formPayload(form []ir.Param) (string, error) {
	if len(form) == 0 {
		return "", nil
	}
	obj, err := jsonObject(len(form), func(i int) (string, string) { return form[i].Name, form[i].Value })
	return strings.ReplaceAll(obj, "%", `\u0025`), err
}

// jsonObject renders n name/value pairs, in order, as a one-line JSON
// object of strings without HTML escaping.
func jsonObject(n int, pair func(i int) (name, value string)) (string, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		name, value := pair(i)
		k, err := compactJSON(name)
		if err != nil {
			return "", err
		}
		v, err := compactJSON(value)
		if err != nil {
			return "", err
		}
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(v)
	}
	b.WriteByte('}')
	return b.String(), nil
}

// sampleResponses wraps a sample body the way the builder records a test
// call: the JSON text of {statusCode, body, headers}, indented by four
// spaces as the newest reference export stores it, in one default entry.
func sampleResponses(body []byte) ([]sampleResponse, error) {
	if !json.Valid(body) {
		return nil, errors.New("the body is not JSON")
	}
	var wrapped, indented bytes.Buffer
	wrapped.WriteString(`{"statusCode":200,"body":`)
	wrapped.Write(body)
	wrapped.WriteString(`,"headers":{"content-type":"application/json"}}`)
	if err := json.Indent(&indented, wrapped.Bytes(), "", "    "); err != nil {
		return nil, err
	}
	return []sampleResponse{{IsDefault: true, Name: "sampleResponse", Response: indented.String()}}, nil
}

// headersJSON renders headers as the one-line JSON object the platform
// keeps in headers.value, in the given order, e.g.
// {"Content-Type":"application/json","Authorization":"Bearer {{env.key}}"}.
func headersJSON(headers []ir.Header) (string, error) {
	return jsonObject(len(headers), func(i int) (string, string) { return headers[i].Name, headers[i].Value })
}

// splitURL splits a service URL into the endPoint fields. A URL that does
// not start with a literal scheme and host (typically "{{env.base}}/v1/x")
// goes whole into path with host and protocol empty, as real exports store
// it; so does one whose host is a template.
func splitURL(raw string) (host, port, path, protocol string) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "{}/?#") {
		return "", "", raw, ""
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	hostport, path := rest[:end], rest[end:]
	if hostport == "" || strings.ContainsAny(hostport, "{}@") {
		return "", "", raw, ""
	}
	host = hostport
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		host, port = hostport[:i], hostport[i+1:]
	}
	if path == "" {
		path = "/"
	}
	return host, port, path, strings.ToLower(scheme)
}
