package platform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// ExportType is which copy of the bot an export takes: "latest", the
// in-development copy that imports land in and the builder edits, or
// "published".
type ExportType string

// The export types the API documents.
const (
	ExportLatest    ExportType = "latest"
	ExportPublished ExportType = "published"
)

// Export is a bot's export, downloaded and unpacked.
type Export struct {
	BotID string
	// Files are the export's files by name: botDefinition.json (or
	// appDefinition.json), config.json and icon.png when it has one.
	Files map[string][]byte
	// Ignored are the names of the zip's other entries, which were not
	// unpacked (a bot functions file, say), made safe to print.
	Ignored []string
}

// exportStatus is the answer of the export and export status calls.
type exportStatus struct {
	ID          string `json:"_id"`
	Status      string `json:"status"`
	DownloadURL string `json:"downloadURL"`
}

// Export exports a bot (POST /api/public/bot/{id}/export), polls the
// export's status (GET /api/public/bot/{id}/export/status) until it
// ends, downloads the zip from its downloadURL and unpacks it in memory
// (see ReadExportZip).
func (c *Client) Export(ctx context.Context, botID string, typ ExportType) (*Export, error) {
	if typ == "" {
		typ = ExportLatest
	}
	base := "/api/public/bot/" + url.PathEscape(botID) + "/export"
	cl, err := c.jsonCall("export "+botID, "POST", base, orderedBody(map[string]any{"exportType": typ}, "exportType"), `{"_id":"<export id>","status":"pending"}`)
	if err != nil {
		return nil, err
	}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	var started exportStatus
	if err := c.decode(cl, ans, &started); err != nil {
		return nil, err
	}
	st, err := c.waitExport(ctx, botID, base+"/status", started.ID)
	if err != nil {
		return nil, err
	}
	zipData, err := c.download(ctx, botID, st.DownloadURL)
	if err != nil {
		return nil, err
	}
	files, ignored, err := ReadExportZip(zipData)
	if err != nil {
		return nil, fmt.Errorf("export of %s: %w", botID, err)
	}
	return &Export{BotID: botID, Files: files, Ignored: ignored}, nil
}

// waitExport polls the export status until the export started as id
// ends. The status call names no export: it answers for the bot's last
// one, so an answer about another export (one that ended before ours
// began) counts as pending.
func (c *Client) waitExport(ctx context.Context, botID, statusPath, id string) (exportStatus, error) {
	deadline := c.opts.Now().Add(c.opts.Timeout)
	wait := pollFirst
	op := "export " + botID
	for {
		cl, err := c.jsonCall(op+" status", "GET", statusPath, nil, `{"status":"success","downloadURL":"<download URL>"}`)
		if err != nil {
			return exportStatus{}, err
		}
		ans, err := c.do(ctx, cl)
		if err != nil {
			return exportStatus{}, err
		}
		var st exportStatus
		if err := c.decode(cl, ans, &st); err != nil {
			return exportStatus{}, err
		}
		ours := id == "" || st.ID == "" || st.ID == id
		switch status := strings.ToLower(st.Status); {
		case ours && status == StatusSuccess:
			if st.DownloadURL == "" {
				return st, &APIError{Op: op, Method: cl.method, URL: cl.describe.URL, Status: ans.status, Message: "the export succeeded but its status has no downloadURL"}
			}
			return st, nil
		case ours && status == StatusFailed:
			return st, &APIError{Op: op, Method: cl.method, URL: cl.describe.URL, Status: ans.status, Message: "the platform reports the export failed"}
		}
		if err := c.pause(ctx, &wait, deadline); err != nil {
			return st, &TimeoutError{Op: op, ID: id, Timeout: c.opts.Timeout, Status: printable(c.Scrub(st.Status), 50)}
		}
	}
}

// download fetches an export's zip. The token goes only to the
// platform's own origin: a link to storage elsewhere is presigned, and
// must not receive it. A link elsewhere must be https, whatever the
// host's scheme.
func (c *Client) download(ctx context.Context, botID, link string) ([]byte, error) {
	op := "download the export of " + botID
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil {
		return nil, &APIError{Op: op, Method: "GET", URL: printable(redactURL(link), 200), Message: "the downloadURL is not an absolute URL"}
	}
	sameOrigin := strings.EqualFold(u.Scheme, c.host.Scheme) && strings.EqualFold(u.Host, c.host.Host)
	if !sameOrigin && u.Scheme != "https" {
		return nil, &APIError{Op: op, Method: "GET", URL: printable(redactURL(link), 200), Message: "the downloadURL is not https"}
	}
	cl := call{op: op, method: "GET", target: u.String(), sendAuth: sameOrigin, limit: maxDownload}
	cl.describe = Request{Method: "GET", URL: c.display(u.String()), Auth: sameOrigin}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return ans.body, nil
}
