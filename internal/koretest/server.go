// Package koretest is a test double of the Kore.ai XO Platform's public
// API for bot import, export and publish, built from Kore.ai's API
// reference (the pages Upload File, Import Bot as a New Bot, Import Bot
// into an Existing Bot, Bot Import Status, Bot Export, Bot Export Status
// and Publish Bot) for xoc's tests. It is not the platform: nothing here
// was checked against a live one, and where the reference is silent (how
// long an import takes, what an export adds), it does something
// plausible and says so.
//
// It holds a client to the documented contract: it verifies every
// token's HS256 signature and claims (appId, exp, iat, a fresh jti), the
// multipart fields of an upload, that an import names files that were
// uploaded, and the bodies of import, export and publish. A breach of
// the contract is answered 400 and fails the test at its end. It answers
// an import's status "pending" a few times before "success", and can be
// told to fail a task, rate-limit, answer 5xx, hang, or serve an export
// zip with an entry that escapes its folder.
//
// Every request is recorded (Requests), so a test can list exactly what a
// client sent, in order.
package koretest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Credentials of the JWT app the server accepts.
const (
	ClientID     = "cs-00000000-0000-4000-8000-koretest0001"
	ClientSecret = "koretestSECRETdoNotPrint4eC39HqLyjWDarjt"
)

// MaxTokenLifetime is the longest life (exp - iat) the server accepts:
// tokens are to be short-lived.
const MaxTokenLifetime = time.Hour

// Request is one request the server received.
type Request struct {
	Method string
	Path   string
	// Detail lists the request's key fields: an upload's form fields,
	// an import's body, an export's type, a publish's comment.
	Detail string
	// Status is the status the server answered.
	Status int
}

func (r Request) String() string {
	s := r.Method + " " + r.Path
	if r.Detail != "" {
		s += " " + r.Detail
	}
	return fmt.Sprintf("%s -> %d", s, r.Status)
}

// Server is a running test double.
type Server struct {
	// URL is the server's base URL, the host a client is given.
	URL string

	t      testing.TB
	srv    *httptest.Server
	closed chan struct{}

	mu         sync.Mutex
	requests   []Request
	tokens     []string
	jtis       map[string]bool
	violations []string
	authFails  int

	files   map[string]uploaded
	bots    map[string]*bot
	imports map[string]*importJob
	exports map[string]*exportJob
	seq     int

	faults faults
}

// Start starts a server that lives as long as the test.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t: t, closed: make(chan struct{}),
		jtis: map[string]bool{}, files: map[string]uploaded{}, bots: map[string]*bot{},
		imports: map[string]*importJob{}, exports: map[string]*exportJob{},
		faults: faults{pendingPolls: 2},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/public/uploadfile", s.handle(s.upload))
	mux.HandleFunc("POST /api/public/bot/import", s.handle(s.importNew))
	mux.HandleFunc("POST /api/public/bot/{bot}/import", s.handle(s.importInto))
	mux.HandleFunc("GET /api/public/bot/import/status/{id}", s.handle(s.importStatus))
	mux.HandleFunc("POST /api/public/bot/{bot}/export", s.handle(s.export))
	mux.HandleFunc("GET /api/public/bot/{bot}/export/status", s.handle(s.exportStatus))
	mux.HandleFunc("POST /api/public/bot/{bot}/publish", s.handle(s.publish))
	mux.HandleFunc("GET /downloads/{id}", s.handle(s.download))
	mux.HandleFunc("/", s.handle(func(*http.Request) reply {
		return s.violation(http.StatusNotFound, "a request to a path the API does not document")
	}))
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(func() {
		close(s.closed)
		s.srv.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, v := range s.violations {
			t.Errorf("koretest: the client broke the API's contract: %s", v)
		}
	})
	return s
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Tokens returns every token received, valid or not, so a test can check
// that none of them appears in the client's output.
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
}

// AuthFailures counts the requests refused for their token.
func (s *Server) AuthFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authFails
}

// reply is a handler's answer.
type reply struct {
	status int
	body   any    // marshalled as JSON; []byte is sent as is
	detail string // the request's key fields, for the record
	header http.Header
}

func jsonReply(v any) reply { return reply{status: http.StatusOK, body: v} }

// errorReply answers the way the API reports errors.
func errorReply(status int, msg string) reply {
	return reply{status: status, body: map[string]any{"errors": []map[string]any{{"msg": msg, "code": status}}}}
}

// violation records a breach of the contract and answers it.
func (s *Server) violation(status int, format string, args ...any) reply {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.violations = append(s.violations, msg)
	s.mu.Unlock()
	return errorReply(status, msg)
}

// handle wraps a handler: it records the request, applies the faults the
// test set, checks the token, and writes the reply.
func (s *Server) handle(h func(*http.Request) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec := Request{Method: r.Method, Path: r.URL.Path}
		rep, faulted := s.fault(r)
		if !faulted {
			if rep, faulted = s.authenticate(r); !faulted {
				rep = h(r)
			}
		}
		rec.Status, rec.Detail = rep.status, rep.detail
		s.mu.Lock()
		s.requests = append(s.requests, rec)
		s.mu.Unlock()
		if rep.status == 0 {
			return // the request hung until the client gave up
		}
		for k, vs := range rep.header {
			w.Header()[k] = vs
		}
		data, ok := rep.body.([]byte)
		if !ok {
			data, _ = json.Marshal(rep.body)
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(rep.status)
		w.Write(data)
	}
}

// authenticate checks the request's token: in the auth header, HS256,
// signed with ClientSecret, appId = ClientID, exp and iat present and
// short-lived, and a jti not seen before. The download of an export is
// the one request that may come without one (a presigned link).
func (s *Server) authenticate(r *http.Request) (reply, bool) {
	token := r.Header.Get("auth")
	if token == "" && strings.HasPrefix(r.URL.Path, "/downloads/") {
		return reply{}, false
	}
	if token == "" {
		if r.Header.Get("Authorization") != "" {
			return s.violation(http.StatusUnauthorized, "%s %s: the token is in Authorization; the API reads the auth header", r.Method, r.URL.Path), true
		}
		return s.violation(http.StatusUnauthorized, "%s %s: no auth header", r.Method, r.URL.Path), true
	}
	s.mu.Lock()
	s.tokens = append(s.tokens, token)
	s.mu.Unlock()
	var claims struct {
		AppID string `json:"appId"`
		jwt.RegisteredClaims
	}
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return []byte(ClientSecret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	switch {
	case err != nil:
		err = fmt.Errorf("the token is not valid: %w", err)
	case claims.AppID != ClientID:
		err = fmt.Errorf("the token's appId is %q, not the client id", claims.AppID)
	case claims.IssuedAt == nil:
		err = errors.New("the token has no iat")
	case claims.ExpiresAt.Sub(claims.IssuedAt.Time) > MaxTokenLifetime:
		err = fmt.Errorf("the token lives %s, longer than %s", claims.ExpiresAt.Sub(claims.IssuedAt.Time), MaxTokenLifetime)
	case claims.ID == "":
		err = errors.New("the token has no jti")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.jtis[claims.ID] {
		err = errors.New("the token's jti was seen before (a replayed token)")
	}
	if err != nil {
		s.authFails++
		return errorReply(http.StatusUnauthorized, err.Error()), true
	}
	s.jtis[claims.ID] = true
	return reply{}, false
}

// nextID returns a deterministic id: prefix and a counter, shaped as a
// UUID, so recorded requests are the same on every run.
func (s *Server) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s%08d-0000-4000-8000-000000000000", prefix, s.seq)
}
