package koretest

import (
	"net/http"
)

// faults are the misbehaviours a test asked for.
type faults struct {
	// rateLimited requests are answered 429 with Retry-After retryAfter.
	rateLimited int
	retryAfter  string
	// failing requests are answered failStatus.
	failing    int
	failStatus int
	// hanging requests get no answer until the client gives up.
	hanging int
	// pendingPolls is how many status requests of an import or export
	// are answered "pending" before it ends; forever never ends it.
	pendingPolls int
	forever      bool
	// failTask names the task an import fails at.
	failTaskType, failTaskName string
	// escapingZip makes exports serve a zip with a ../ entry.
	escapingZip bool
	// echoConfig refuses imports with a message that quotes config.json.
	echoConfig bool
}

// RefuseImportsQuotingConfig makes imports fail with 400 and a message
// that quotes the uploaded config.json, secured values and all: a
// platform's error may echo what it was sent, and the client must not
// print it as it is.
func (s *Server) RefuseImportsQuotingConfig() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.echoConfig = true
}

// RateLimit answers the next n requests 429 Too Many Requests, with
// Retry-After retryAfter when it is not "".
func (s *Server) RateLimit(n int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rateLimited, s.faults.retryAfter = n, retryAfter
}

// Fail answers the next n requests with status (a 5xx, say).
func (s *Server) Fail(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failing, s.faults.failStatus = n, status
}

// Hang gives the next n requests no answer: each waits until the client
// gives up on it.
func (s *Server) Hang(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.hanging = n
}

// Pending sets how many status requests of each import and export are
// answered "pending" before it ends (2 unless set).
func (s *Server) Pending(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.pendingPolls = n
}

// PendingForever makes imports and exports never end.
func (s *Server) PendingForever() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.forever = true
}

// FailTask makes imports fail at the task of the given type and name,
// as the platform reports a failed import: that entry of statusLogs and
// the import's status "failed".
func (s *Server) FailTask(taskType, taskName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failTaskType, s.faults.failTaskName = taskType, taskName
}

// ServeEscapingZip makes every export's zip hold, besides the export,
// entries whose names climb out of the folder they are unpacked into.
func (s *Server) ServeEscapingZip() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.escapingZip = true
}

// fault applies a fault to r, if one is due.
func (s *Server) fault(r *http.Request) (reply, bool) {
	s.mu.Lock()
	f := &s.faults
	switch {
	case f.hanging > 0:
		f.hanging--
		s.mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return reply{}, true
	case f.rateLimited > 0:
		f.rateLimited--
		after := f.retryAfter
		s.mu.Unlock()
		rep := errorReply(http.StatusTooManyRequests, "rate limit exceeded")
		if after != "" {
			rep.header = http.Header{"Retry-After": {after}}
		}
		return rep, true
	case f.failing > 0:
		f.failing--
		status := f.failStatus
		s.mu.Unlock()
		return reply{status: status, body: []byte("<html><body>" + http.StatusText(status) + "</body></html>")}, true
	}
	s.mu.Unlock()
	return reply{}, false
}
