package runner

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/internal/stripemock"
)

// The fixtures under testdata/ are small exports written in the shape of the
// platform's own (see testdata/README.md):
//   - create_customer: pre-authorized; a form body built by a script, a POST
//     and a GET with "Authorization: Bearer {{env.stripe_api_key}}",
//     transitions on the status code, success and failure messages;
//   - user_auth: an idpConfiguration and an authRequired GET;
//   - flow: dialogs that need no network (loops, conditions, entity types);
//   - delete_customer: a confirmation before a DELETE whose path refers to a
//     context variable (confirm_test.go).

const (
	testKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	// rejectedKey is a live-mode key, which stripe-mock rejects (it
	// accepts test-mode keys only); the runs that use it allow live keys.
	rejectedKey = "sk_live_bad"
)

func load(t *testing.T, dir string) *Bot {
	t.Helper()
	bot, err := Load("testdata/" + dir)
	if err != nil {
		t.Fatal(err)
	}
	return bot
}

func run(t *testing.T, bot *Bot, opts Options) (*Transcript, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Run(ctx, bot, opts)
}

func mustRun(t *testing.T, bot *Bot, opts Options) *Transcript {
	t.Helper()
	tr, err := run(t, bot, opts)
	if err != nil {
		if tr != nil {
			t.Log(tr.Format())
		}
		t.Fatal(err)
	}
	return tr
}

// assertCleanSuccess checks what every generated dialog must do on its happy
// path: end, make only 2xx calls and leave no reference unresolved.
func assertCleanSuccess(t *testing.T, tr *Transcript) {
	t.Helper()
	if !tr.Ended {
		t.Errorf("dialog did not end:\n%s", tr.Format())
	}
	for _, c := range tr.Calls {
		if !c.OK() {
			t.Errorf("%s %s -> %d: %s", c.Method, c.URL, c.Status, c.Response)
		}
	}
	if len(tr.Unresolved) > 0 {
		t.Errorf("unresolved references:\n%s", strings.Join(tr.Unresolved, "\n"))
	}
}

func TestCreateCustomerAgainstStripeMock(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "create_customer")
	var out bytes.Buffer
	tr := mustRun(t, bot, Options{
		Entities: map[string]string{
			"name":        "Smith & Sons",
			"description": "Café crème 25% off",
		},
		Env: map[string]string{"stripe_base_url": srv.URL, "stripe_api_key": testKey},
		Out: &out,
	})
	t.Log(tr.Format())
	assertCleanSuccess(t, tr)

	if len(tr.Calls) != 2 {
		t.Fatalf("got %d calls, want 2:\n%s", len(tr.Calls), tr.Format())
	}
	create := tr.Calls[0]
	if create.Method != "POST" || create.URL != srv.URL+"/v1/customers" {
		t.Errorf("first call is %s %s, want POST %s/v1/customers", create.Method, create.URL, srv.URL)
	}
	form, err := url.ParseQuery(create.Body)
	if err != nil {
		t.Fatalf("request body %q is not a form: %v", create.Body, err)
	}
	want := map[string]string{
		"name":        "Smith & Sons",
		"description": "Café crème 25% off",
		"email":       Sample("email"),
		"phone":       Sample("phone_number"),
	}
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("form field %s = %q, want %q", k, got, v)
		}
	}
	// stripe-mock echoes some fields of the created customer: what Stripe
	// stored is what the user typed.
	var customer struct{ Name, Description string }
	if err := json.Unmarshal([]byte(create.Response), &customer); err != nil {
		t.Fatalf("response: %v", err)
	}
	if customer.Name != "Smith & Sons" || customer.Description != "Café crème 25% off" {
		t.Errorf("stripe-mock stored name %q, description %q", customer.Name, customer.Description)
	}
	if !containsLine(create.Headers, "Authorization: Bearer [redacted]") ||
		!containsLine(create.Headers, "Content-Type: application/x-www-form-urlencoded") {
		t.Errorf("headers %q", create.Headers)
	}
	if list := tr.Calls[1]; list.Method != "GET" || list.URL != srv.URL+"/v1/customers?limit=3" || list.Body != "" {
		t.Errorf("second call is %s %s with body %q", list.Method, list.URL, list.Body)
	}

	if len(tr.Messages) != 1 {
		t.Fatalf("messages %q", tr.Messages)
	}
	msg := tr.Messages[0]
	if !strings.HasPrefix(msg, "Created customer cus_") || !strings.Contains(msg, "for Smith & Sons (jane@example.com).") {
		t.Errorf("success message %q", msg)
	}
	if out.String() != msg+"\n" {
		t.Errorf("Out got %q, want the message", out.String())
	}
	if tr.Steps[2].Prompt != "What is Smith & Sons's email address?" {
		t.Errorf("templated prompt %q", tr.Steps[2].Prompt)
	}
	if f := tr.Format(); strings.Contains(f, testKey) {
		t.Errorf("the transcript shows the key:\n%s", f)
	}
}

func TestCreateCustomerRejectedKey(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "create_customer")
	tr := mustRun(t, bot, Options{
		Env:           map[string]string{"stripe_base_url": srv.URL, "stripe_api_key": rejectedKey},
		AllowLiveKeys: true,
	})
	t.Log(tr.Format())
	if !tr.Ended {
		t.Errorf("did not end:\n%s", tr.Format())
	}
	if len(tr.Calls) != 1 || tr.Calls[0].Status != http.StatusUnauthorized {
		t.Fatalf("want exactly one call, rejected with 401:\n%s", tr.Format())
	}
	if len(tr.Messages) != 1 || !strings.HasPrefix(tr.Messages[0], "Stripe could not do it: ") ||
		len(tr.Messages[0]) <= len("Stripe could not do it: ") {
		t.Errorf("failure message %q", tr.Messages)
	}
	if len(tr.Unresolved) > 0 {
		t.Errorf("unresolved: %q", tr.Unresolved)
	}
	// stripe-mock quotes the Authorization header back in its message.
	if f := tr.Format(); strings.Contains(f, rejectedKey) {
		t.Errorf("the transcript shows the key:\n%s", f)
	}
}

// recordingTransport remembers the Authorization headers it forwards.
type recordingTransport struct {
	mu   sync.Mutex
	auth []string
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.auth = append(rt.auth, req.Header.Get("Authorization"))
	rt.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func TestUserAuthorizedAgainstStripeMock(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "user_auth")
	rt := &recordingTransport{}
	tr := mustRun(t, bot, Options{
		Env:        map[string]string{"stripe_base_url": srv.URL},
		UserKeys:   map[string]string{"stripe_end_user": testKey},
		HTTPClient: &http.Client{Transport: rt},
	})
	assertCleanSuccess(t, tr)
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"))
	if len(rt.auth) != 1 || rt.auth[0] != wantAuth {
		t.Errorf("sent Authorization %q, want Basic base64(key:)", rt.auth)
	}
	if len(tr.Messages) != 1 || !strings.HasPrefix(tr.Messages[0], "Your customers:\n1. cus_") {
		t.Errorf("messages %q", tr.Messages)
	}
	if f := tr.Format(); strings.Contains(f, testKey) || strings.Contains(f, wantAuth[len("Basic "):]) {
		t.Errorf("the transcript shows the key:\n%s", f)
	}
}

func TestUserAuthorizedRejectedKey(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "user_auth")
	tr := mustRun(t, bot, Options{
		Env:           map[string]string{"stripe_base_url": srv.URL},
		UserKeys:      map[string]string{"stripe_end_user": rejectedKey},
		AllowLiveKeys: true,
	})
	if len(tr.Calls) != 1 || tr.Calls[0].Status != http.StatusUnauthorized {
		t.Fatalf("want one rejected call:\n%s", tr.Format())
	}
	if len(tr.Messages) != 1 || !strings.HasPrefix(tr.Messages[0], "Stripe could not do it: ") {
		t.Errorf("messages %q", tr.Messages)
	}
	// stripe-mock echoes base64(key:), which is the key in disguise.
	basic := base64.StdEncoding.EncodeToString([]byte(rejectedKey + ":"))
	if f := tr.Format(); strings.Contains(f, rejectedKey) || strings.Contains(f, basic) {
		t.Errorf("the transcript shows the key:\n%s", f)
	}
}

func TestUserAuthorizedWithoutKey(t *testing.T) {
	bot := load(t, "user_auth")
	rt := &recordingTransport{}
	tr, err := run(t, bot, Options{
		Env:        map[string]string{"stripe_base_url": "http://127.0.0.1:1"},
		HTTPClient: &http.Client{Transport: rt},
	})
	if !errors.Is(err, ErrNoUserKey) {
		t.Fatalf("err = %v, want ErrNoUserKey", err)
	}
	for _, s := range []string{`"stripe_end_user"`, "service1", "listAllCustomersService"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %s", err, s)
		}
	}
	if len(rt.auth) != 0 || len(tr.Calls) != 0 {
		t.Errorf("a call was made without a key")
	}
}

func TestLoopHitsMaxSteps(t *testing.T) {
	bot := load(t, "flow")
	tr, err := run(t, bot, Options{Dialog: "Spin", MaxSteps: 10})
	if !errors.Is(err, ErrMaxSteps) {
		t.Fatalf("err = %v, want ErrMaxSteps", err)
	}
	if len(tr.Steps) != 10 || tr.Ended {
		t.Errorf("got %d steps, ended %v", len(tr.Steps), tr.Ended)
	}
	if _, err := run(t, bot, Options{Dialog: "Spin"}); !errors.Is(err, ErrMaxSteps) {
		t.Errorf("default limit: err = %v", err)
	}
}

func TestBoundedLoop(t *testing.T) {
	bot := load(t, "flow")
	tr := mustRun(t, bot, Options{Dialog: "count down", Entities: map[string]string{"start": "3"}})
	assertCleanSuccess(t, tr)
	if want := []string{"Lift-off after 3 counts, left 0."}; !equal(tr.Messages, want) {
		t.Errorf("messages %q, want %q", tr.Messages, want)
	}
	if got := len(tr.Steps); got != 6 { // intent, entity, script ×3, message
		t.Errorf("%d steps:\n%s", got, tr.Format())
	}
}

func TestConditionsAndTemplates(t *testing.T) {
	bot := load(t, "flow")
	tests := []struct {
		name       string
		entities   map[string]string
		message    string
		unresolved int
	}{
		// samples: size S (first allowed value), count 1 → n = 2: the
		// conjunction fails (n < 4) and the default leads to a uxmap message.
		{"defaults", nil, "n=2", 0},
		// count 2 → n = 4: tags contain "b", n ≥ 4, context.missing does not
		// exist; objects render as JSON, null as "", undefined is recorded.
		{"conjunction", map[string]string{"count": "2"},
			`Order {"size":"S","n":4,"tags":["a","b"]} []  Hi there`, 1},
		// "large" matches the title of value L: the field condition holds.
		{"field", map[string]string{"size": "large", "day": "2031-02-03", "count": "2.5", "who": "Ann O'Neil"},
			"Large 5 on 2031-02-03 for Ann O'Neil", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := mustRun(t, bot, Options{Dialog: "Choices", Entities: tt.entities})
			if !tr.Ended || len(tr.Messages) != 1 || tr.Messages[0] != tt.message {
				t.Errorf("messages %q, want %q:\n%s", tr.Messages, tt.message, tr.Format())
			}
			if len(tr.Unresolved) != tt.unresolved {
				t.Errorf("unresolved %q, want %d", tr.Unresolved, tt.unresolved)
			}
		})
	}
	tr := mustRun(t, bot, Options{Dialog: "Choices", Entities: map[string]string{"count": "2"}})
	if want := "message7 smallMessage message: {{context.typo.field}}"; !strings.HasPrefix(tr.Unresolved[0], want) {
		t.Errorf("unresolved %q, want prefix %q", tr.Unresolved[0], want)
	}
	if got := tr.Steps[2].Value; got != Sample("date") || got != "2030-01-31" {
		t.Errorf("sample date %q", got)
	}
}

func TestBadEntityValues(t *testing.T) {
	bot := load(t, "flow")
	for entity, value := range map[string]string{"size": "Medium", "day": "next Tuesday", "count": "two"} {
		_, err := run(t, bot, Options{Dialog: "Choices", Entities: map[string]string{entity: value}})
		if err == nil || !strings.Contains(err.Error(), value) || !strings.Contains(err.Error(), "("+entity+")") {
			t.Errorf("%s = %q: err = %v", entity, value, err)
		}
	}
}

func TestRunErrors(t *testing.T) {
	bot := load(t, "flow")
	tests := []struct{ dialog, want string }{
		{"", `several dialogs, choose one of "Spin", "Count down"`},
		{"nope", `no dialog "nope"`},
		{"Broken", `script node script1 (brokenScript): script failed: TypeError`},
		{"Dead end", `message node message1 (deadEndMessage): no transition applies`},
	}
	for _, tt := range tests {
		_, err := run(t, bot, Options{Dialog: tt.dialog})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("dialog %q: err = %v, want it to contain %q", tt.dialog, err, tt.want)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	bot := load(t, "flow")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Run(ctx, bot, Options{Dialog: "forever"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to stop", d)
	}
}

func TestDialogs(t *testing.T) {
	bot := load(t, "flow")
	want := []string{"Spin", "Count down", "Choices", "Broken", "Dead end", "Forever", "Welcome Task"}
	if got := bot.Dialogs(); !equal(got, want) {
		t.Errorf("Dialogs() = %q, want %q", got, want)
	}
	if bot.Name != "Runner Flow" {
		t.Errorf("Name = %q", bot.Name)
	}
	// lname and case-insensitive display names both select.
	for _, name := range []string{"welcome task", "WELCOME TASK"} {
		tr := mustRun(t, bot, Options{Dialog: name})
		if tr.Dialog != "Welcome Task" || !equal(tr.Messages, []string{"Hello!"}) {
			t.Errorf("%q ran %q: %q", name, tr.Dialog, tr.Messages)
		}
	}
}

// A bot with one visible dialog needs no dialog name; a call that gets no
// response fails the run and is recorded.
func TestTransportError(t *testing.T) {
	tr, err := run(t, load(t, "user_auth"), Options{
		Env:        map[string]string{"stripe_base_url": "http://127.0.0.1:1"},
		UserKeys:   map[string]string{"stripe_end_user": testKey},
		HTTPClient: &http.Client{Transport: failingTransport{}},
	})
	if err == nil || !strings.Contains(err.Error(), "connection refused (test)") {
		t.Fatalf("err = %v", err)
	}
	if tr.Dialog != "List all customers" || len(tr.Calls) != 1 || tr.Calls[0].Status != 0 || tr.Calls[0].Error == "" {
		t.Errorf("transcript:\n%s", tr.Format())
	}
}

// failingTransport fails every request, to test transport errors.
type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection refused (test)")
}

func TestDeterministic(t *testing.T) {
	bot := load(t, "flow")
	a := mustRun(t, bot, Options{Dialog: "Choices", Entities: map[string]string{"count": "2"}}).Format()
	b := mustRun(t, bot, Options{Dialog: "Choices", Entities: map[string]string{"count": "2"}}).Format()
	if a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAwkwardValuesReachStripe sends texts that break a JSON object when
// substituted into it unescaped: the fixture's script escapes them, the
// runner parses the substituted payload and form-encodes it, and what
// stripe-mock stores is what the user typed.
func TestAwkwardValuesReachStripe(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "create_customer")
	name, description := `O'Brien "Bob" \ Jr.`, "He said \"hi\" \\ bye\nline two\t😀"
	tr := mustRun(t, bot, Options{
		Entities: map[string]string{"name": name, "description": description},
		Env:      map[string]string{"stripe_base_url": srv.URL, "stripe_api_key": testKey},
	})
	assertCleanSuccess(t, tr)
	form, err := url.ParseQuery(tr.Calls[0].Body)
	if err != nil {
		t.Fatalf("request body %q is not a form: %v", tr.Calls[0].Body, err)
	}
	if form.Get("name") != name || form.Get("description") != description {
		t.Errorf("form sent name %q description %q, want %q %q", form.Get("name"), form.Get("description"), name, description)
	}
	var customer struct{ Name, Description string }
	if err := json.Unmarshal([]byte(tr.Calls[0].Response), &customer); err != nil {
		t.Fatalf("response: %v", err)
	}
	if customer.Name != name || customer.Description != description {
		t.Errorf("stripe-mock stored name %q, description %q", customer.Name, customer.Description)
	}
}

// TestFormPayloadMustStayAnObject puts an entity into the payload unescaped,
// as a careless export would: a value with a quote breaks the object, and
// the run fails naming the node instead of sending a broken request.
func TestFormPayloadMustStayAnObject(t *testing.T) {
	bot := load(t, "create_customer")
	for _, c := range bot.components {
		if c.Name == "createCustomerService" {
			c.Payload.Value = `{"name":"{{context.entities.name}}"}`
		}
	}
	opts := Options{
		Entities: map[string]string{"name": `He said "hi"`},
		Env:      map[string]string{"stripe_base_url": "http://127.0.0.1:9", "stripe_api_key": testKey},
	}
	tr, err := run(t, bot, opts)
	want := "service node service6 (createCustomerService): the payload of a form call: it is not a JSON object of key/value pairs"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
	if tr != nil && len(tr.Calls) != 0 {
		t.Errorf("a request was sent: %+v", tr.Calls)
	}
	// The same payload with a harmless value goes out as a form.
	opts.Entities["name"] = "Smith & Sons"
	opts.Env["stripe_base_url"] = "http://127.0.0.1:9" // nothing listens: the call fails after encoding
	tr, _ = run(t, bot, opts)
	if tr == nil || len(tr.Calls) == 0 || tr.Calls[0].Body != "name=Smith+%26+Sons" {
		t.Errorf("calls %+v, want one with the body name=Smith+%%26+Sons", tr)
	}
}

func TestFormEncode(t *testing.T) {
	tests := []struct{ payload, want, err string }{
		{`{"b":"2","a":"1"}`, "b=2&a=1", ""},
		{` { "n" : 12.50 , "t" : true , "z" : null } `, "n=12.50&t=true&z=", ""},
		{`{"name":"O'Brien & \"Sons\" \\ 100%","k[]":"x y"}`, "name=O%27Brien+%26+%22Sons%22+%5C+100%25&k%5B%5D=x+y", ""},
		{`{}`, "", ""},
		{`{"a":"1","a":"2"}`, "a=1&a=2", ""},
		{`{"a":"He said "hi""}`, "", "not a JSON object"},
		{`["a"]`, "", "it does not start with {"},
		{`name=x`, "", "not a JSON object"},
		{`{"a":{"b":"c"}}`, "", `field "a" holds an object or array`},
		{`{"a":["b"]}`, "", `field "a" holds an object or array`},
		{`{"a":"1"} {"b":"2"}`, "", "text follows the object"},
		{`{"a":"1"`, "", "not a JSON object"},
	}
	for _, tt := range tests {
		got, err := formEncode(tt.payload)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("formEncode(%s) error = %v, want %q", tt.payload, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("formEncode(%s) = %q, %v; want %q", tt.payload, got, err, tt.want)
		}
	}
}
