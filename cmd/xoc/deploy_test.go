package main

import (
	"encoding/json"
	"flag"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/internal/koretest"
)

var updateRequests = flag.Bool("update-requests", false, "rewrite testdata/deploy-requests.golden")

// botIDLine is deploy's result line: "<label>: st-…".
var botIDLine = regexp.MustCompile(`(?m)^payments_assistant: (st-[0-9a-f-]+)$`)

// TestDeployNewBot deploys a bot as a new bot, publishes it, and holds
// the requests the server saw, in order, to a golden listing: the list
// of requests deploy sends for one bot.
func TestDeployNewBot(t *testing.T) {
	p := newPlatformEnv(t)
	code, stdout, stderr := p.xoc(t, nil, "deploy", "--publish", "--version-comment", "release 1", paymentsExample)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	m := botIDLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("stdout should name the new bot's id:\n%s", stdout)
	}
	files := p.srv.Files(m[1])
	if files == nil {
		t.Fatalf("the platform has no bot %s", m[1])
	}
	for _, want := range []string{
		"importRequest", `Dialog            Bill a customer                success`, "importBot",
		"imported as a new bot, " + m[1], "published " + m[1] + " (release 1)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr should contain %q:\n%s", want, stderr)
		}
	}
	if p.uploadsHoldCanary() {
		t.Error("the Stripe key was sent without --embed-secrets")
	}

	got := requestLines(p.srv.Requests())
	t.Logf("the requests deploy sent:\n%s", got)
	golden := filepath.Join("testdata", "deploy-requests.golden")
	if *updateRequests {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/xoc -run TestDeployNewBot -update-requests)", err)
	}
	if got != string(want) {
		t.Errorf("the requests differ from %s (rerun with -update-requests if intended):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

func TestDeployExistingBot(t *testing.T) {
	p := newPlatformEnv(t)
	old := map[string][]byte{"botDefinition.json": []byte(`{"dialogs":[]}`), "config.json": []byte(`{"name":"old"}`), "icon.png": []byte("png")}
	botID := p.srv.AddBot(old)
	code, stdout, stderr := p.xoc(t, nil, "deploy", "--bot-id", botID, paymentsExample)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
	}
	if strings.TrimSpace(stdout) != "payments_assistant: "+botID {
		t.Errorf("stdout should be the bot's id, got:\n%s", stdout)
	}
	reqs := p.srv.Requests()
	var imports []koretest.Request
	uploads := 0
	for _, r := range reqs {
		switch {
		case r.Path == "/api/public/uploadfile":
			uploads++
		case strings.HasSuffix(r.Path, "/import"):
			imports = append(imports, r)
		}
	}
	if uploads != 2 || len(imports) != 1 || imports[0].Path != "/api/public/bot/"+botID+"/import" {
		t.Fatalf("want two uploads (no icon) and one import into %s, got:\n%s", botID, requestLines(reqs))
	}
	if !strings.Contains(imports[0].Detail, `"importOptions":{"nlpData":["training_data","nlpSettings"]`) {
		t.Errorf("the import should carry the default importOptions: %s", imports[0].Detail)
	}
	def := p.srv.Files(botID)["botDefinition.json"]
	if !strings.Contains(string(def), "createInvoice") {
		t.Error("the bot's definition was not replaced by the import")
	}
	if string(p.srv.Files(botID)["icon.png"]) != "png" {
		t.Error("an import into a bot takes no icon")
	}

	// --import-options replaces the default.
	code, _, stderr = p.xoc(t, nil, "deploy", "--bot-id", botID, "--import-options", `{"tasks":["botTask"]}`, paymentsExample)
	if code != exitOK {
		t.Fatalf("--import-options: exit %d\n%s", code, stderr)
	}
	reqs = p.srv.Requests()
	for _, r := range reqs[len(reqs)-4:] {
		if strings.HasSuffix(r.Path, "/import") && !strings.Contains(r.Detail, `"importOptions":{"tasks":["botTask"]}`) {
			t.Errorf("--import-options was not sent: %s", r.Detail)
		}
	}
}

func TestDeployIntoMissingBot(t *testing.T) {
	p := newPlatformEnv(t)
	code, _, stderr := p.xoc(t, nil, "deploy", "--bot-id", "st-00000000-0000-4000-8000-00000000dead", paymentsExample)
	if code != exitConfig || !strings.Contains(stderr, "404 Not Found: Bot not found") {
		t.Errorf("exit %d, want %d with the platform's message:\n%s", code, exitConfig, stderr)
	}
}

func TestDeployFailedImport(t *testing.T) {
	p := newPlatformEnv(t)
	p.srv.FailTask("Dialog", "Bill a customer")
	code, stdout, stderr := p.xoc(t, nil, "deploy", "-v", paymentsExample)
	if code != exitConfig {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, exitConfig, stderr)
	}
	if !strings.Contains(stderr, `failed at Dialog "Bill a customer"`) {
		t.Errorf("stderr should name the failing task:\n%s", stderr)
	}
	if stdout != "" {
		t.Errorf("a failed import has no result on stdout:\n%s", stdout)
	}

	code, stdout, _ = p.xoc(t, nil, "deploy", "--format", "json", paymentsExample)
	var doc struct {
		Bots []struct {
			Status      string
			FailedTasks []struct {
				TaskName string `json:"task_name"`
			} `json:"failed_tasks"`
			StatusLogs []struct{ TaskType string } `json:"status_logs"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != exitConfig {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	b := doc.Bots[0]
	if b.Status != "failed" || len(b.FailedTasks) != 1 || b.FailedTasks[0].TaskName != "Bill a customer" || len(b.StatusLogs) == 0 {
		t.Errorf("the JSON outcome should name the failed task:\n%s", stdout)
	}
}

func TestDeployRateLimitedThenSucceeds(t *testing.T) {
	p := newPlatformEnv(t)
	p.srv.RateLimit(2, "3")
	code, _, stderr := p.xoc(t, nil, "deploy", "-v", paymentsExample)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	waits := p.clock.Waits()
	if len(waits) < 2 || waits[0] != 3*time.Second || waits[1] != 3*time.Second {
		t.Errorf("the client should wait as Retry-After asks, 3s twice; it waited %v", waits)
	}
	reqs := p.srv.Requests()
	if reqs[0].Status != http.StatusTooManyRequests || reqs[1].Status != http.StatusTooManyRequests || reqs[2].Status != http.StatusOK {
		t.Errorf("want 429, 429, then 200:\n%s", requestLines(reqs))
	}
}

func TestDeployServerErrors(t *testing.T) {
	p := newPlatformEnv(t)
	p.srv.Fail(100, http.StatusBadGateway)
	code, _, stderr := p.xoc(t, nil, "deploy", "-v", paymentsExample)
	if code != exitUnreachable {
		t.Fatalf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if !strings.Contains(stderr, "answered 502 Bad Gateway (tried 5 times)") {
		t.Errorf("stderr should say what the platform answered:\n%s", stderr)
	}
	if n := len(p.srv.Requests()); n != 5 {
		t.Errorf("want 5 attempts, got %d", n)
	}
	if got, want := p.clock.Waits(), []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond}; !equalDurations(got, want) {
		t.Errorf("backoff: waited %v, want %v", got, want)
	}
}

func equalDurations(a, b []time.Duration) bool {
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

func TestDeployTimeout(t *testing.T) {
	p := newPlatformEnv(t)
	p.srv.PendingForever()
	code, _, stderr := p.xoc(t, nil, "deploy", "--timeout", "2m", paymentsExample)
	if code != exitUnreachable {
		t.Fatalf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if !strings.Contains(stderr, `still "pending" after 2m0s; its id is bir-`) {
		t.Errorf("stderr should say the import did not end in time, with its id:\n%s", stderr)
	}
	var waited time.Duration
	for _, w := range p.clock.Waits() {
		waited += w
	}
	if waited != 2*time.Minute {
		t.Errorf("the polls should wait exactly the timeout, waited %s", waited)
	}
}

func TestDeployHangingPlatform(t *testing.T) {
	old := requestTimeout
	requestTimeout = 20 * time.Millisecond
	defer func() { requestTimeout = old }()
	p := newPlatformEnv(t)
	p.srv.Hang(100)
	code, _, stderr := p.xoc(t, nil, "deploy", paymentsExample)
	if code != exitUnreachable {
		t.Fatalf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if !strings.Contains(stderr, "no answer (tried 5 times): no answer within 20ms") {
		t.Errorf("stderr should say the platform did not answer:\n%s", stderr)
	}
}

func TestDeployUnreachableHost(t *testing.T) {
	p := newPlatformEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused
	code, _, stderr := p.xoc(t, []string{"XOC_KORE_HOST=http://" + addr}, "deploy", paymentsExample)
	if code != exitUnreachable {
		t.Fatalf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if !strings.Contains(stderr, "upload botDefinition.json: POST http://"+addr+"/api/public/uploadfile: no answer (tried 5 times)") {
		t.Errorf("stderr should name the request and the host:\n%s", stderr)
	}
}

func TestDeployDryRun(t *testing.T) {
	p := newPlatformEnv(t)
	// No credentials needed, and --embed-secrets shows no key.
	code, stdout, stderr := xoc(t, []string{"XOC_VAR_stripe_api_key=" + stripeCanary, "XOC_CACHE=off"},
		"deploy", "--dry-run", "--embed-secrets", "--publish", "--version-comment", "v1", paymentsExample)
	p.outputs = append(p.outputs, stdout, stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"dry run: nothing was sent",
		"POST https://{host}/api/public/uploadfile",
		"auth: <a JWT signed with the client secret, made when sent>",
		"form file: botDefinition.json (",
		"form fileContext: bulkImport",
		`body: {"uploadMode":"JSON","botDefinition":"<file id of botDefinition.json>","configInfo":"<file id of config.json>","icon":"<file id of icon.png>"}`,
		"GET  https://{host}/api/public/bot/import/status/<import id>",
		`POST https://{host}/api/public/bot/<id of the new bot>/publish`,
		`body: {"versionComment":"v1"}`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout should contain %q:\n%s", want, stdout)
		}
	}
	if n := len(p.srv.Requests()); n != 0 {
		t.Errorf("a dry run sent %d requests", n)
	}
	// With credentials, a dry run still sends nothing.
	code, _, stderr = p.xoc(t, nil, "deploy", "--dry-run", "--bot-id", "st-1234", "--format", "json", paymentsExample)
	if code != exitOK || len(p.srv.Requests()) != 0 {
		t.Errorf("exit %d, %d requests sent\n%s", code, len(p.srv.Requests()), stderr)
	}
}

func TestDeployEmbedSecrets(t *testing.T) {
	p := newPlatformEnv(t)
	code, _, stderr := p.xoc(t, nil, "deploy", "-v", "--embed-secrets", paymentsExample)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !p.uploadsHoldCanary() {
		t.Error("--embed-secrets should send the key in config.json")
	}
	if !strings.Contains(stderr, "POST "+p.srv.URL+"/api/public/uploadfile (attempt 1): 200 OK") {
		t.Errorf("-v should log each request:\n%s", stderr)
	}
}

// An export folder written with --embed-secrets holds the key: deploy
// --from sends it only when told to.
func TestDeployFromExportFolder(t *testing.T) {
	p := newPlatformEnv(t)
	out := t.TempDir()
	if code, _, stderr := p.xoc(t, nil, "build", "--embed-secrets", "--out", out, paymentsExample); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	from := filepath.Join(out, "payments_assistant")
	code, _, stderr := p.xoc(t, nil, "deploy", "--from", from)
	if code != exitUsage || !strings.Contains(stderr, "holds the value of the secured variable stripe_api_key: deploy sends it only with --embed-secrets") {
		t.Errorf("exit %d, want %d with the reason:\n%s", code, exitUsage, stderr)
	}
	if len(p.srv.Requests()) != 0 {
		t.Error("nothing should have been sent")
	}
	code, stdout, stderr := p.xoc(t, nil, "deploy", "--from", from, "--embed-secrets")
	if code != exitOK || !botIDLine.MatchString(stdout) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestDeployUsageErrors(t *testing.T) {
	p := newPlatformEnv(t)
	for _, tt := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"XOC_KORE_HOST="}, []string{"deploy", paymentsExample}, "the platform's host is missing"},
		{[]string{"XOC_KORE_CLIENT_SECRET="}, []string{"deploy", paymentsExample}, "the client secret is missing"},
		{[]string{"XOC_KORE_HOST=http://platform.example.com"}, []string{"deploy", paymentsExample}, "must use https"},
		{nil, []string{"deploy", "--bot-id", "1234", paymentsExample}, `--bot-id "1234" is not a bot id`},
		{nil, []string{"deploy", "--import-options", "[]", "--bot-id", "st-1", paymentsExample}, "--import-options must be a JSON object"},
		{nil, []string{"deploy", "--import-options", "{}", paymentsExample}, "give --bot-id too"},
		{nil, []string{"deploy", "--bot-id", "st-1", examples + "/..."}, "--bot-id names one bot, but 3 bots"},
		{nil, []string{"deploy", "--from", "out/x", paymentsExample}, "not both"},
		{nil, []string{"deploy", "--version-comment", "x", paymentsExample}, "goes with --publish"},
		{nil, []string{"deploy", "--timeout", "0s", paymentsExample}, "--timeout must be positive"},
	} {
		code, _, stderr := p.xoc(t, tt.env, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tt.args, code, exitUsage, tt.want, stderr)
		}
	}
	if len(p.srv.Requests()) != 0 {
		t.Errorf("a bad command line sent requests:\n%s", requestLines(p.srv.Requests()))
	}
}

func TestDeployWrongSecret(t *testing.T) {
	p := newPlatformEnv(t)
	code, _, stderr := p.xoc(t, []string{"XOC_KORE_CLIENT_SECRET=notTheSecretOfThisApp0000"}, "deploy", paymentsExample)
	if code != exitConfig || !strings.Contains(stderr, "401 Unauthorized") || !strings.Contains(stderr, "check the client id and secret") {
		t.Errorf("exit %d, want %d with a 401:\n%s", code, exitConfig, stderr)
	}
	if strings.Contains(stderr, "notTheSecretOfThisApp0000") {
		t.Error("the secret given was printed")
	}
}

// The bot's deploy block names the bot to import into and what to
// import; the flags take precedence over it. diff takes the bot id from
// it too.
func TestDeployBlockInHCL(t *testing.T) {
	p := newPlatformEnv(t)
	botID := p.srv.AddBot(map[string][]byte{"botDefinition.json": []byte(`{}`), "config.json": []byte(`{"name":"old"}`), "icon.png": []byte("png")})
	source := strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" {
  deploy {
    bot_id         = "`+botID+`"
    import_options = { tasks = ["botTask"] }
  }
}`, 1)
	dir := botDir(t, map[string]string{"bot.xo.hcl": source})
	code, stdout, stderr := p.xoc(t, nil, "deploy", dir)
	if code != exitOK || strings.TrimSpace(stdout) != "payments: "+botID {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	importInto := "/api/public/bot/" + botID + "/import"
	var imports []string
	for _, r := range p.srv.Requests() {
		if r.Path == importInto {
			imports = append(imports, r.Detail)
		}
	}
	if len(imports) != 1 || !strings.Contains(imports[0], `"importOptions":{"tasks":["botTask"]}`) {
		t.Fatalf("want one import into %s with the block's import_options, got %q", botID, imports)
	}
	if code, _, stderr := p.xoc(t, nil, "diff", dir); code != exitOK {
		t.Errorf("diff with the block's bot id: exit %d\n%s", code, stderr)
	}

	// --bot-id wins, and the block's import_options go with its bot id.
	other := p.srv.AddBot(map[string][]byte{"botDefinition.json": []byte(`{}`), "config.json": []byte(`{"name":"x"}`)})
	if code, _, stderr := p.xoc(t, nil, "deploy", "--bot-id", other, dir); code != exitOK {
		t.Fatalf("--bot-id: exit %d\n%s", code, stderr)
	}
	reqs := p.srv.Requests()
	for _, r := range reqs {
		if r.Path == "/api/public/bot/"+other+"/import" && !strings.Contains(r.Detail, `"importOptions":{"nlpData":["training_data","nlpSettings"]`) {
			t.Errorf("an import into another bot takes the default options: %s", r.Detail)
		}
	}
}

// A platform's error that quotes what it was sent (here config.json with
// the key, under --embed-secrets) is printed with the key redacted.
func TestDeployPlatformEchoesTheKey(t *testing.T) {
	p := newPlatformEnv(t)
	p.srv.RefuseImportsQuotingConfig()
	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := p.xoc(t, nil, "deploy", "--embed-secrets", "--format", format, paymentsExample)
		if code != exitConfig || !strings.Contains(stdout+stderr, "invalid configInfo") || !strings.Contains(stdout+stderr, "sk_test_…") {
			t.Errorf("%s: exit %d, want %d and the platform's message, key redacted:\n%s%s", format, code, exitConfig, stdout, stderr)
		}
	}
}
