package platform

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// Request describes one request as a dry run lists it and a verbose log
// names it: never a token, never a file's contents.
type Request struct {
	Method string `json:"method"`
	// URL is without query: a download link's may carry a signature.
	URL string `json:"url"`
	// Auth reports that the request carries a token in the auth header.
	Auth bool `json:"auth"`
	// Form are the fields of a multipart upload.
	Form []FormField `json:"form,omitempty"`
	// Body is a JSON body.
	Body json.RawMessage `json:"body,omitempty"`
}

// FormField is one field of a multipart upload: a value, or a file.
type FormField struct {
	Name  string    `json:"name"`
	Value string    `json:"value,omitempty"`
	File  *FileInfo `json:"file,omitempty"`
}

// FileInfo describes an uploaded file by its name, size and digest.
type FileInfo struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// The export's files, by the names the platform gives them.
const (
	DefinitionFile    = "botDefinition.json"
	AppDefinitionFile = "appDefinition.json" // XO 11's name of the same file
	ConfigFile        = "config.json"
	IconFile          = "icon.png"
)

// botIDShape is the shape of a bot's id: "st-" and a UUID, in practice.
var botIDShape = regexp.MustCompile(`^st-[A-Za-z0-9-]{1,64}$`)

// ValidBotID reports whether id looks like a bot id (st-…).
func ValidBotID(id string) bool { return botIDShape.MatchString(id) }

// Upload uploads one file (POST /api/public/uploadfile) for an import
// and returns the file id the platform gave it.
func (c *Client) Upload(ctx context.Context, name string, data []byte) (string, error) {
	// The reference gives fileExtension "json" for the definition, the
	// config and, oddly, the icon too; "js" for bot functions.
	ext := "json"
	if path.Ext(name) == ".js" {
		ext = "js"
	}
	sum := sha256.Sum256(data)
	fields := [][2]string{{"fileContext", "bulkImport"}, {"fileExtension", ext}}
	cl := call{
		op: "upload " + name, method: "POST", target: "/api/public/uploadfile", sendAuth: true,
		dryAnswer: []byte(fmt.Sprintf(`{"fileId":"<file id of %s>"}`, name)),
	}
	cl.describe = Request{Method: "POST", URL: c.display(cl.target), Auth: true, Form: []FormField{
		{Name: "file", File: &FileInfo{Name: name, Size: len(data), SHA256: hex.EncodeToString(sum[:])}},
		{Name: fields[0][0], Value: fields[0][1]},
		{Name: fields[1][0], Value: fields[1][1]},
	}}
	cl.body = func() (io.Reader, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
		h.Set("Content-Type", contentTypeOf(name))
		part, _ := w.CreatePart(h)
		part.Write(data)
		for _, f := range fields {
			w.WriteField(f[0], f[1])
		}
		w.Close()
		return &buf, w.FormDataContentType()
	}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return "", err
	}
	var out struct {
		FileID string `json:"fileId"`
	}
	if err := c.decode(cl, ans, &out); err != nil {
		return "", err
	}
	if out.FileID == "" {
		return "", &APIError{Op: cl.op, Method: cl.method, URL: cl.describe.URL, Status: ans.status, Message: "the answer has no fileId"}
	}
	return out.FileID, nil
}

func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	case ".js":
		return "application/javascript"
	}
	return "application/octet-stream"
}

// StatusLog is one entry of an import's statusLogs: a step of the import
// and how it went.
type StatusLog struct {
	TaskType string `json:"taskType"`
	TaskName string `json:"taskName"`
	Status   string `json:"status"`
}

// String names the task: `Dialog "Bill a customer"`.
func (l StatusLog) String() string {
	if l.TaskName == "" || l.TaskName == l.TaskType {
		return l.TaskType
	}
	return fmt.Sprintf("%s %q", l.TaskType, l.TaskName)
}

// Import statuses the API documents.
const (
	StatusPending = "pending"
	StatusSuccess = "success"
	StatusFailed  = "failed"
)

// ImportStatus is an import request (bir-…) and how far it got.
type ImportStatus struct {
	ID         string      `json:"_id"`
	Status     string      `json:"status"`
	BotID      string      `json:"botId"`
	StatusLogs []StatusLog `json:"statusLogs"`
}

// FailedTasks are the entries of the status logs that did not succeed.
func (s ImportStatus) FailedTasks() []StatusLog {
	var failed []StatusLog
	for _, l := range s.StatusLogs {
		if st := strings.ToLower(l.Status); st != StatusSuccess && st != StatusPending && st != "" {
			failed = append(failed, l)
		}
	}
	return failed
}

// clean makes the platform's text in s safe to print.
func (c *Client) clean(s *ImportStatus) {
	s.ID = printable(c.Scrub(s.ID), 100)
	s.BotID = printable(c.Scrub(s.BotID), 100)
	s.Status = printable(c.Scrub(s.Status), 50)
	for i := range s.StatusLogs {
		l := &s.StatusLogs[i]
		l.TaskType = printable(c.Scrub(l.TaskType), 100)
		l.TaskName = printable(c.Scrub(l.TaskName), 200)
		l.Status = printable(c.Scrub(l.Status), 50)
	}
}

// ImportRequest is what to import: the ids of uploaded files.
type ImportRequest struct {
	// BotID is the bot to import into; "" imports as a new bot.
	BotID string
	// Definition, Config and Icon are file ids. A new bot needs all
	// three; an import into a bot takes no icon.
	Definition, Config, Icon string
	// Options is the importOptions of an import into a bot.
	Options json.RawMessage
}

// StartImport asks the platform to import (POST /api/public/bot/import,
// or /api/public/bot/{id}/import into a bot) and returns the request's
// first status.
func (c *Client) StartImport(ctx context.Context, r ImportRequest) (ImportStatus, error) {
	var cl call
	var err error
	dry := `{"_id":"<import id>","status":"pending","statusLogs":[]}`
	if r.BotID == "" {
		body := map[string]any{"uploadMode": "JSON", "botDefinition": r.Definition, "configInfo": r.Config, "icon": r.Icon}
		cl, err = c.jsonCall("import as a new bot", "POST", "/api/public/bot/import", orderedBody(body, "uploadMode", "botDefinition", "configInfo", "icon"), dry)
		// Asked twice, the platform would make two bots.
		cl.once = true
	} else {
		body := map[string]any{"botDefinition": r.Definition, "configInfo": r.Config, "importOptions": r.Options}
		cl, err = c.jsonCall("import into "+r.BotID, "POST", "/api/public/bot/"+url.PathEscape(r.BotID)+"/import", orderedBody(body, "botDefinition", "configInfo", "importOptions"), dry)
	}
	if err != nil {
		return ImportStatus{}, err
	}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return ImportStatus{}, err
	}
	var st ImportStatus
	if err := c.decode(cl, ans, &st); err != nil {
		return ImportStatus{}, err
	}
	c.clean(&st)
	if st.ID == "" {
		return st, &APIError{Op: cl.op, Method: cl.method, URL: cl.describe.URL, Status: ans.status, Message: "the answer has no import id (_id)"}
	}
	return st, nil
}

// ImportStatus asks how import id is going (GET
// /api/public/bot/import/status/{id}).
func (c *Client) ImportStatus(ctx context.Context, id string, dryBotID string) (ImportStatus, error) {
	if dryBotID == "" {
		dryBotID = "<id of the new bot>"
	}
	dry, _ := marshal(ImportStatus{ID: id, Status: StatusSuccess, BotID: dryBotID, StatusLogs: []StatusLog{}})
	cl, err := c.jsonCall("import status", "GET", "/api/public/bot/import/status/"+url.PathEscape(id), nil, string(dry))
	if err != nil {
		return ImportStatus{}, err
	}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return ImportStatus{}, err
	}
	var st ImportStatus
	if err := c.decode(cl, ans, &st); err != nil {
		return ImportStatus{}, err
	}
	c.clean(&st)
	return st, nil
}

// WaitImport polls import id until it ends or the deadline passes. A
// failed import is an *ImportFailedError that carries the final status;
// the deadline passing is a *TimeoutError.
func (c *Client) WaitImport(ctx context.Context, id, botID string) (ImportStatus, error) {
	deadline := c.opts.Now().Add(c.opts.Timeout)
	wait := pollFirst
	for {
		st, err := c.ImportStatus(ctx, id, botID)
		if err != nil {
			return st, err
		}
		switch strings.ToLower(st.Status) {
		case StatusSuccess:
			return st, nil
		case StatusFailed:
			return st, &ImportFailedError{Status: st}
		}
		// Pending, or a status the reference does not list: the import
		// has not ended.
		if err := c.pause(ctx, &wait, deadline); err != nil {
			return st, &TimeoutError{Op: "import " + id, ID: id, Timeout: c.opts.Timeout, Status: st.Status}
		}
	}
}

// pause waits before the next status request, growing *wait; it fails
// when the wait would pass the deadline.
func (c *Client) pause(ctx context.Context, wait *time.Duration, deadline time.Time) error {
	left := deadline.Sub(c.opts.Now())
	if left <= 0 {
		return context.DeadlineExceeded
	}
	d := min(*wait, left)
	c.trace(Event{Wait: d})
	if err := c.opts.Sleep(ctx, d); err != nil {
		return err
	}
	*wait = min(*wait*3/2, pollMax)
	return nil
}

// Publish publishes the bot's in-development copy (POST
// /api/public/bot/{id}/publish) with a version comment.
func (c *Client) Publish(ctx context.Context, botID, comment string) error {
	body := map[string]any{"versionComment": comment}
	cl, err := c.jsonCall("publish "+botID, "POST", "/api/public/bot/"+url.PathEscape(botID)+"/publish", body, `[]`)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, cl)
	return err
}

// orderedBody marshals m with its keys in the given order, so requests
// read as the reference writes them, and a dry run's listing is stable.
func orderedBody(m map[string]any, keys ...string) json.RawMessage {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		if raw, isRaw := v.(json.RawMessage); isRaw && len(raw) == 0 {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kj, _ := marshal(k)
		vj, _ := marshal(v)
		buf.Write(kj)
		buf.WriteByte(':')
		buf.Write(vj)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}
