package runner

import (
	"slices"
	"testing"
)

func TestTranscriptProblems(t *testing.T) {
	ok := Call{Method: "GET", URL: "http://stripe.test/v1/customers", Status: 200}
	rejected := Call{Method: "POST", URL: "http://stripe.test/v1/invoices", Status: 401}
	noAnswer := Call{Method: "GET", URL: "http://127.0.0.1:1/v1/balance", Error: "connection refused"}
	unresolved := "service0 createCustomerService url: {{env.stripe_base_url}} (undefined)"

	tests := []struct {
		name       string
		transcript Transcript
		want       []string
	}{
		{
			name:       "success",
			transcript: Transcript{Calls: []Call{ok}, Ended: true},
			want:       nil,
		},
		{
			name:       "no calls",
			transcript: Transcript{Ended: true},
			want:       nil,
		},
		{
			name:       "failed call",
			transcript: Transcript{Calls: []Call{ok, rejected}, Ended: true},
			want:       []string{"POST http://stripe.test/v1/invoices answered 401"},
		},
		{
			name:       "call without an answer",
			transcript: Transcript{Calls: []Call{noAnswer}, Ended: true},
			want:       []string{"GET http://127.0.0.1:1/v1/balance answered 0"},
		},
		{
			name:       "unresolved reference",
			transcript: Transcript{Unresolved: []string{unresolved}, Ended: true},
			want:       []string{unresolved},
		},
		{
			name:       "did not end",
			transcript: Transcript{Calls: []Call{ok}},
			want:       []string{"the dialog did not end"},
		},
		{
			// The order is fixed: calls, then references, then the
			// ending.
			name:       "all at once",
			transcript: Transcript{Calls: []Call{rejected, ok, noAnswer}, Unresolved: []string{unresolved}},
			want: []string{
				"POST http://stripe.test/v1/invoices answered 401",
				"GET http://127.0.0.1:1/v1/balance answered 0",
				unresolved,
				"the dialog did not end",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.transcript.Problems(); !slices.Equal(got, tt.want) {
				t.Errorf("Problems() = %q, want %q", got, tt.want)
			}
		})
	}
}
