package stripemock

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestStartServesTheStripeAPI(t *testing.T) {
	srv := Start(t)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want a loopback http URL", srv.URL)
	}

	tests := []struct {
		name string
		key  string
		want int
	}{
		{"test secret key", "sk_test_123", http.StatusOK},
		{"test restricted key", "rk_test_123", http.StatusOK},
		{"live key", "sk_live_123", http.StatusUnauthorized},
		{"not a key", "bogus", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/v1/balance", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tt.key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want {
				t.Errorf("GET /v1/balance with %s: %s, want %d\n%s", tt.name, resp.Status, tt.want, body)
			}
		})
	}
}

func TestCloseStopsTheServer(t *testing.T) {
	srv := Start(t)
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if resp, err := http.Get(srv.URL + "/v1/balance"); err == nil {
		resp.Body.Close()
		t.Fatalf("server still answers after Close: %s", resp.Status)
	}
}

func TestPinnedVersion(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	v, err := pinnedVersion(root + "/tools/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "v0.") {
		t.Errorf("pinned stripe-mock version = %q", v)
	}
}
