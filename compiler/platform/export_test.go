package platform

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/internal/koretest"
)

func koreClient(t *testing.T, srv *koretest.Server) (*Client, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := New(Options{Host: srv.URL, ClientID: koretest.ClientID, ClientSecret: koretest.ClientSecret, Sleep: clk.Sleep, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

var testExport = map[string][]byte{
	DefinitionFile: []byte(`{"dialogs":[],"dialogComponents":[],"sentences":[]}`),
	ConfigFile:     []byte(`{"name":"Bot","envVariables":[{"key":"k","value":"sk_test_x","isSecured":true}]}`),
	IconFile:       []byte("png"),
}

func TestExport(t *testing.T) {
	srv := koretest.Start(t)
	botID := srv.AddBot(testExport)
	c, clk := koreClient(t, srv)
	x, err := c.Export(context.Background(), botID, ExportLatest)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Files) != 3 || !bytes.Contains(x.Files[DefinitionFile], []byte("encryptedHash")) || !bytes.Equal(x.Files[IconFile], []byte("png")) {
		t.Errorf("files: %q", x.Files)
	}
	if bytes.Contains(x.Files[ConfigFile], []byte("sk_test_x")) {
		t.Error("the platform exports a secured variable without its value")
	}
	if len(clk.waits) != 2 || clk.waits[0] != pollFirst {
		t.Errorf("two pending polls, waiting %s first: %v", pollFirst, clk.waits)
	}
}

func TestExportRefusesEscapingZip(t *testing.T) {
	srv := koretest.Start(t)
	srv.ServeEscapingZip()
	c, _ := koreClient(t, srv)
	_, err := c.Export(context.Background(), srv.AddBot(testExport), ExportLatest)
	if !errors.Is(err, ErrUnsafeZip) || !strings.Contains(err.Error(), `"../escaped.txt"`) {
		t.Fatalf("want ErrUnsafeZip naming the entry, got %v", err)
	}
}

func TestExportTimeout(t *testing.T) {
	srv := koretest.Start(t)
	srv.PendingForever()
	c, clk := koreClient(t, srv)
	_, err := c.Export(context.Background(), srv.AddBot(testExport), ExportLatest)
	var te *TimeoutError
	if !errors.As(err, &te) || !Unreachable(err) {
		t.Fatalf("want a TimeoutError, got %v", err)
	}
	if got := clk.Now().Sub(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); got != DefaultTimeout {
		t.Errorf("polled for %s, want %s", got, DefaultTimeout)
	}
}

// A download link elsewhere gets no token, and must be https.
func TestDownloadElsewhere(t *testing.T) {
	zipData := zipOf(t, export...)
	var sawAuth []string
	storage := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAuth = append(sawAuth, r.Header.Get("auth"))
		w.Write(zipData)
	}))
	defer storage.Close()
	link := storage.URL + "/export.zip?sig=abc"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("auth") == "" {
			t.Errorf("%s: no token", r.URL.Path)
		}
		if strings.HasSuffix(r.URL.Path, "/status") {
			w.Write([]byte(`{"_id":"ber-1","status":"success","downloadURL":"` + link + `"}`))
			return
		}
		w.Write([]byte(`{"_id":"ber-1","status":"pending"}`))
	}))
	defer api.Close()
	clk := &clock{}
	c, err := New(Options{Host: api.URL, ClientID: "id", ClientSecret: "secret", HTTPClient: storage.Client(), Sleep: clk.Sleep, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	x, err := c.Export(context.Background(), "st-1", ExportLatest)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Files) != 3 || len(sawAuth) != 1 || sawAuth[0] != "" {
		t.Errorf("files %d, auth headers at the storage: %q", len(x.Files), sawAuth)
	}

	link = strings.Replace(storage.URL, "https://", "http://", 1) + "/export.zip"
	_, err = c.Export(context.Background(), "st-1", ExportLatest)
	if err == nil || !strings.Contains(err.Error(), "not https") {
		t.Errorf("a plain http link elsewhere: want an error, got %v", err)
	}
}
