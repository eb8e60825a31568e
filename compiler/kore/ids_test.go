package kore

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestIDsAreNameBasedV5(t *testing.T) {
	x := ids{label: "payments_assistant"}
	for _, tt := range []struct {
		id, prefix string
	}{
		{x.botID(), "st-"},
		{x.botRef(), ""},
		{x.dialogID("create_customer"), "dg-"},
		{x.dialogRef("create_customer"), ""},
		{x.componentID("create_customer", "email"), "dc-"},
		{x.componentRef("create_customer", "email"), ""},
		{x.authProfileID("stripe_end_user"), "ap-"},
		{x.authProfileRef("stripe_end_user"), ""},
	} {
		if !strings.HasPrefix(tt.id, tt.prefix) {
			t.Errorf("%s: want prefix %q", tt.id, tt.prefix)
			continue
		}
		u, err := uuid.Parse(strings.TrimPrefix(tt.id, tt.prefix))
		if err != nil {
			t.Errorf("%s: %v", tt.id, err)
			continue
		}
		if u.Version() != 5 || u.Variant() != uuid.RFC4122 {
			t.Errorf("%s: version %d variant %s, want a version 5 RFC 4122 UUID", tt.id, u.Version(), u.Variant())
		}
	}
	if id := x.sentenceID("create_customer", "add a customer"); !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
		t.Errorf("sentence id %q is not 24 hex digits", id)
	}
}

func TestIDsAreStable(t *testing.T) {
	// Pinned values: if these change, every committed export changes and
	// re-imports duplicate tasks instead of updating them.
	x := ids{label: "payments_assistant"}
	pinned := map[string]string{
		x.botID():                     "st-632a6b4d-6548-51c6-b6fb-326a0127e8c4",
		x.dialogID("create_customer"): "dg-ba16236c-142b-5c4c-8819-19c9cffff1ff",
		x.componentID("create_customer", "createCustomer"): "dc-e0c1c0ed-177d-5ed9-a354-107c793f2818",
	}
	for got, want := range pinned {
		if got != want {
			t.Errorf("id %s, want %s", got, want)
		}
	}
}

func TestIDsDependOnEveryName(t *testing.T) {
	a, b := ids{label: "bot_a"}, ids{label: "bot_b"}
	distinct := []string{
		a.botID(), b.botID(), a.botRef(), b.botRef(),
		a.dialogID("d1"), b.dialogID("d1"), a.dialogID("d2"), a.dialogRef("d1"),
		a.componentID("d1", "n1"), b.componentID("d1", "n1"), a.componentID("d2", "n1"), a.componentID("d1", "n2"),
		a.componentRef("d1", "n1"),
		// Joining names must not be ambiguous.
		a.componentID("d1x", "y"), a.componentID("d1", "xy"),
		a.authProfileID("p"), b.authProfileID("p"), a.authProfileRef("p"),
		a.sentenceID("d1", "hi"), b.sentenceID("d1", "hi"), a.sentenceID("d2", "hi"),
	}
	seen := map[string]bool{}
	for _, id := range distinct {
		bare := id[strings.IndexByte(id, '-')+1:]
		if seen[bare] {
			t.Errorf("id %s collides with another", id)
		}
		seen[bare] = true
	}
	if a.dialogID("d1") != (ids{label: "bot_a"}).dialogID("d1") {
		t.Error("the same names gave different ids")
	}
}
