package runner

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// visitService sends the current service node's request and stores the
// response in context.<component name>.response.
func (m *machine) visitService(step *Step) error {
	comp := m.comp
	if comp.serviceType() != "rest" {
		return fmt.Errorf("the runner supports REST services only, not %q", comp.serviceType())
	}
	method := strings.ToUpper(strings.TrimSpace(comp.EndPoint.Method))
	if method == "" {
		method = http.MethodGet
	}
	rawURL, err := m.serviceURL()
	if err != nil {
		return err
	}
	headers, err := m.serviceHeaders()
	if err != nil {
		return err
	}
	body := m.servicePayload()
	if isForm(headerValue(headers, "Content-Type")) && body != "" {
		if body, err = formEncode(body); err != nil {
			return fmt.Errorf("the payload of a form call: %w", err)
		}
	}
	if body != "" && headerValue(headers, "Content-Type") == "" {
		// A raw payload without a declared type goes out as JSON, the
		// builder's default for raw bodies.
		headers = append(headers, header{"Content-Type", "application/json"})
	}
	if comp.AuthRequired {
		auth, err := m.userAuthorization()
		if err != nil {
			return err
		}
		headers = setHeader(headers, "Authorization", auth)
	}

	if err := m.checkDestination(rawURL, headers, body); err != nil {
		return err
	}

	call := &Call{
		NodeID:  m.node.NodeID,
		Name:    comp.Name,
		Method:  method,
		URL:     m.redact(rawURL),
		Body:    m.redact(body),
		Headers: m.recordedHeaders(headers),
	}
	step.Call = call
	record := func() { m.tr.Calls = append(m.tr.Calls, *call) }

	timeout := defaultServiceTimeout
	if s, err := strconv.ParseFloat(strings.TrimSpace(string(comp.ServiceAPITimeout)), 64); err == nil && s > 0 {
		timeout = time.Duration(s * float64(time.Second))
	}
	reqCtx, cancel := context.WithTimeout(m.ctx, timeout)
	defer cancel()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(reqCtx, method, rawURL, reader)
	if err != nil {
		record()
		return fmt.Errorf("request: %w", err)
	}
	for _, h := range headers {
		req.Header.Set(h.name, h.value)
	}
	resp, err := m.client.Do(req)
	if err != nil {
		call.Error = m.redact(err.Error())
		record()
		return fmt.Errorf("request failed: %w", err)
	}
	defer resp.Body.Close()
	// One byte more than the limit tells a body at the limit from one
	// over it; the rest is never read.
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	call.Status = resp.StatusCode
	if err == nil && len(data) > maxResponseBytes {
		err = fmt.Errorf("the response is larger than %s, the most a run reads", mebibytes(maxResponseBytes))
		data = data[:0]
	}
	call.Response = m.redact(string(data))
	if err != nil {
		call.Error = m.redact(err.Error())
		record()
		return fmt.Errorf("%s %s: reading the response: %w", method, call.URL, err)
	}
	record()
	if call.OK() && underBase(rawURL, m.baseURL) && !json.Valid(data) {
		// Stripe answers every request with JSON. A success with anything
		// else comes from something that is not the Stripe API (a login
		// page, a proxy, a wrong --stripe-api-url), and the dialog would
		// go on as if the call had worked.
		return fmt.Errorf("%s %s answered %d with a body that is not JSON (Content-Type %q); the Stripe API always answers JSON, so whatever answered is not it",
			method, call.URL, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return m.storeResponse(comp.Name, resp, data)
}

// serviceType is the component's serviceType; the builder's default is rest.
func (c *exportComponent) serviceType() string {
	if c.ServiceTypeRaw == "" {
		return "rest"
	}
	return c.ServiceTypeRaw
}

// serviceURL builds the request URL. With an empty host the path holds the
// whole URL (typically {{env.BASE}}/v1/…); otherwise it is
// protocol://host[:port]path. Stored paths may be URI-encoded.
func (m *machine) serviceURL() (string, error) {
	ep := m.comp.EndPoint
	path := m.render(decodeText(ep.Path), "url")
	var u string
	if strings.TrimSpace(ep.Host) == "" {
		u = path
	} else {
		protocol := ep.Protocol
		if protocol == "" {
			protocol = "https"
		}
		u = protocol + "://" + m.render(ep.Host, "url")
		if p := strings.TrimSpace(string(ep.Port)); p != "" {
			u += ":" + p
		}
		u += path
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("URL %q: %w", m.redact(u), err)
	}
	if (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		return "", fmt.Errorf("URL %q is not an absolute http(s) URL", m.redact(u))
	}
	return u, nil
}

type header struct{ name, value string }

// serviceHeaders reads headers.value, a JSON object as a string, and
// resolves the templates in its values. Names come out sorted, so the
// transcript does not depend on map order.
func (m *machine) serviceHeaders() ([]header, error) {
	raw := strings.TrimSpace(m.comp.Headers.Value)
	if raw == "" {
		return nil, nil
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		// Never encoded in real exports, but tolerate it.
		if err2 := json.Unmarshal([]byte(decodeText(raw)), &obj); err2 != nil {
			return nil, fmt.Errorf("headers: not a JSON object: %w", err)
		}
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	headers := make([]header, 0, len(names))
	for _, k := range names {
		var v string
		switch x := obj[k].(type) {
		case string:
			v = x
		case nil:
			v = ""
		default:
			b, _ := json.Marshal(x)
			v = string(b)
		}
		headers = append(headers, header{k, m.render(v, "header "+k)})
	}
	return headers, nil
}

// servicePayload decodes payload.value and resolves its templates; the
// builder stores "undefined" for no body.
func (m *machine) servicePayload() string {
	raw := m.comp.Payload.Value
	if strings.TrimSpace(raw) == "" || raw == "undefined" {
		return ""
	}
	return m.render(decodeText(raw), "payload")
}

// isForm reports whether a Content-Type is the form encoding.
func isForm(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "application/x-www-form-urlencoded")
}

// formEncode does what the platform does with a form call's payload once
// its templates are substituted: the text is a JSON object of key/value
// pairs, as the service node's Body editor stores them, and goes out
// form-encoded (UTF-8), pairs in the object's order. Text that is not such
// an object fails the call: on the platform the request would be wrong.
// Numbers and booleans go out as written; null as an empty value.
func formEncode(payload string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(payload))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", fmt.Errorf("it is not a JSON object of key/value pairs: %s", describeJSONError(payload, err))
	}
	var b strings.Builder
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("it is not a JSON object of key/value pairs: %s", describeJSONError(payload, err))
		}
		key := tok.(string) // object keys are strings, or Token fails
		var value string
		switch v, err := dec.Token(); {
		case err != nil:
			return "", fmt.Errorf("it is not a JSON object of key/value pairs: %s", describeJSONError(payload, err))
		case v == json.Delim('{') || v == json.Delim('['):
			return "", fmt.Errorf("field %q holds an object or array; a form field holds text", key)
		case v == nil:
		default:
			value = fmt.Sprint(v) // string, json.Number or bool
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(value))
	}
	if _, err := dec.Token(); err != nil {
		return "", fmt.Errorf("it is not a JSON object of key/value pairs: %s", describeJSONError(payload, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", errors.New("it is not a JSON object of key/value pairs: text follows the object")
	}
	return b.String(), nil
}

// describeJSONError says why a payload is not JSON, with the offset where
// reading stopped: the substituted text itself may hold secrets and user
// data, so it is not quoted.
func describeJSONError(payload string, err error) string {
	if err == nil || err == io.EOF {
		return "it does not start with {"
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("%v (at byte %d of %d)", err, syntax.Offset, len(payload))
	}
	return err.Error()
}

// userAuthorization is the Authorization header the platform adds for a
// service with authRequired: Basic auth with the end user's key (for
// Stripe, the key as user name and an empty password).
func (m *machine) userAuthorization() (string, error) {
	name := m.comp.IDP
	if name == "" || name == "none" {
		return "", errors.New(`authRequired is set but idp names no authorization profile`)
	}
	profile, ok := m.bot.idps[name]
	if !ok {
		return "", fmt.Errorf("authorization profile %q is not among the bot's idpConfigurations", name)
	}
	if profile.SSOType != "" && profile.SSOType != "basic" {
		return "", fmt.Errorf("authorization profile %q: the runner supports basic profiles only, not %q", name, profile.SSOType)
	}
	key, ok := m.opts.UserKeys[name]
	if !ok || key == "" {
		return "", &NoUserKeyError{Profile: name}
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")), nil
}

// recordedHeaders is what the transcript shows of the request headers:
// Authorization keeps only its scheme, and secrets are redacted everywhere.
func (m *machine) recordedHeaders(headers []header) []string {
	out := make([]string, 0, len(headers))
	for _, h := range headers {
		v := h.value
		if strings.EqualFold(h.name, "Authorization") {
			scheme, _, _ := strings.Cut(v, " ")
			v = scheme + " [redacted]"
		}
		out = append(out, h.name+": "+m.redact(v))
	}
	sort.Strings(out)
	return out
}

// storeResponse sets context.<name> = {response: {statusCode, body, headers}}.
// The body is parsed JSON when it parses, else the raw text.
func (m *machine) storeResponse(name string, resp *http.Response, data []byte) error {
	var body goja.Value = m.vm.ToValue(string(data))
	if parse, ok := goja.AssertFunction(m.vm.Get("JSON").(*goja.Object).Get("parse")); ok && json.Valid(data) {
		if v, err := parse(goja.Undefined(), m.vm.ToValue(string(data))); err == nil {
			body = v
		}
	}
	hdrs := m.vm.NewObject()
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := hdrs.Set(strings.ToLower(k), strings.Join(resp.Header[k], ", ")); err != nil {
			return err
		}
	}
	response := m.vm.NewObject()
	for _, kv := range []struct {
		k string
		v any
	}{{"statusCode", resp.StatusCode}, {"body", body}, {"headers", hdrs}} {
		if err := response.Set(kv.k, kv.v); err != nil {
			return err
		}
	}
	result := m.vm.NewObject()
	if err := result.Set("response", response); err != nil {
		return err
	}
	return m.contextObject().Set(name, result)
}

func headerValue(headers []header, name string) string {
	for _, h := range headers {
		if strings.EqualFold(h.name, name) {
			return h.value
		}
	}
	return ""
}

func setHeader(headers []header, name, value string) []header {
	for i, h := range headers {
		if strings.EqualFold(h.name, name) {
			headers[i].value = value
			return headers
		}
	}
	return append(headers, header{name, value})
}
