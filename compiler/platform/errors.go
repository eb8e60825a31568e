package platform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// UsageError is a client that cannot be made: the host, client id or
// client secret is missing or malformed.
type UsageError struct{ Problems []string }

func (e *UsageError) Error() string { return strings.Join(e.Problems, "; ") }

// APIError is a request the platform refused (4xx), or an answer it gave
// that is not what the API documents.
type APIError struct {
	Op     string // what the request was for, e.g. "import into st-…"
	Method string
	URL    string // without query
	Status int
	// Message is the platform's own message, scrubbed and shortened.
	Message string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s: the platform refused %s %s", e.Op, e.Method, e.URL)
	if e.Status != 0 {
		msg += fmt.Sprintf(" with %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	switch e.Status {
	case http.StatusUnauthorized:
		msg += " (check the client id and secret, and that the app is a JWT app of this host)"
	case http.StatusForbidden:
		msg += " (the app lacks the API scope: Bot Definition > Bot Import/Export, or Bot Publish)"
	}
	return msg
}

// UnreachableError is a request no attempt of which got through: no
// connection, no answer in time, or 429 or 5xx on every attempt.
type UnreachableError struct {
	Op       string
	Method   string
	URL      string // without query
	Attempts int
	// Status is the last answer's status, 0 when there was none.
	Status int
	// Reason says what went wrong, scrubbed.
	Reason string
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%s: %s %s: %s", e.Op, e.Method, e.URL, e.Reason)
}

// TimeoutError is an import or export that had not ended when the
// deadline (Options.Timeout) passed.
type TimeoutError struct {
	Op      string
	ID      string // the import's bir- or export's ber- id
	Timeout time.Duration
	Status  string // the last status the platform gave
}

func (e *TimeoutError) Error() string {
	msg := fmt.Sprintf("%s: still %q after %s", e.Op, e.Status, e.Timeout)
	if e.ID != "" {
		msg += "; its id is " + e.ID
	}
	return msg + " (raise --timeout to wait longer)"
}

// ImportFailedError is an import the platform reports failed.
type ImportFailedError struct {
	Status ImportStatus
}

func (e *ImportFailedError) Error() string {
	failed := e.Status.FailedTasks()
	if len(failed) == 0 {
		return fmt.Sprintf("the platform reports import %s failed, without naming a task", e.Status.ID)
	}
	names := make([]string, len(failed))
	for i, t := range failed {
		names[i] = t.String()
	}
	return fmt.Sprintf("the platform reports import %s failed at %s", e.Status.ID, strings.Join(names, ", "))
}

// Unreachable reports whether err means the platform could not be
// reached, kept failing with 429 or 5xx, or did not finish in time: the
// failures a later run may not have (xoc's exit code 3).
func Unreachable(err error) bool {
	var u *UnreachableError
	var t *TimeoutError
	return errors.As(err, &u) || errors.As(err, &t)
}

// failure is why an attempt failed: an error, or an answer's status.
type failure struct {
	status  int
	err     error
	tooLong time.Duration // a Retry-After over the cap
}

func (c *Client) unreachable(cl call, attempts int, f failure) *UnreachableError {
	e := &UnreachableError{Op: cl.op, Method: cl.method, URL: c.display(cl.target), Attempts: attempts, Status: f.status}
	times := "once"
	if attempts > 1 {
		times = fmt.Sprintf("%d times", attempts)
	}
	switch {
	case f.tooLong > 0:
		e.Reason = fmt.Sprintf("rate limited (429), and asked to wait %s, more than the %s xoc waits", f.tooLong, c.opts.Retry.MaxRetryAfter)
	case errors.Is(f.err, context.DeadlineExceeded) || errors.Is(f.err, context.Canceled):
		e.Reason = "stopped: " + f.err.Error()
	case f.err != nil:
		e.Reason = fmt.Sprintf("no answer (tried %s): %s", times, c.Scrub(f.err.Error()))
		if cl.once && !neverSent(f.err) {
			e.Reason += "; not repeated, since the platform may have acted on it (check it before deploying again)"
		}
	case cl.once && f.status != http.StatusTooManyRequests && f.status != http.StatusServiceUnavailable:
		e.Reason = fmt.Sprintf("answered %d %s; not repeated, since the platform may have acted on it (check it before deploying again)", f.status, http.StatusText(f.status))
	default:
		e.Reason = fmt.Sprintf("answered %d %s (tried %s)", f.status, http.StatusText(f.status), times)
	}
	return e
}

func (c *Client) apiError(cl call, ans answer) *APIError {
	return &APIError{Op: cl.op, Method: cl.method, URL: c.display(cl.target), Status: ans.status, Message: c.message(ans.body)}
}

// maxMessage bounds the platform's message shown in an error.
const maxMessage = 300

// message extracts the platform's message from an error answer: the
// "msg" of its "errors" list, which is how the API reports errors, else
// the start of the body. Control characters are dropped, so a hostile
// answer cannot rewrite the terminal.
func (c *Client) message(body []byte) string {
	var doc struct {
		Errors []struct {
			Msg string `json:"msg"`
		} `json:"errors"`
		Message string `json:"message"`
	}
	text := ""
	if json.Unmarshal(body, &doc) == nil {
		var msgs []string
		for _, e := range doc.Errors {
			if e.Msg != "" {
				msgs = append(msgs, e.Msg)
			}
		}
		if doc.Message != "" {
			msgs = append(msgs, doc.Message)
		}
		text = strings.Join(msgs, "; ")
	}
	if text == "" {
		text = string(body)
	}
	return printable(c.Scrub(text), maxMessage)
}

// printable keeps the printable characters of s, at most n bytes of
// them, and says so when it cut.
func printable(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsPrint(r):
			return r
		}
		return -1
	}, strings.TrimSpace(s))
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
