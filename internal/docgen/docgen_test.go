package docgen

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestREADMEIsCurrent fails when schema/config.schema.json changed and the
// README's reference was not regenerated.
func TestREADMEIsCurrent(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Splice(readme)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readme, want) {
		t.Error("README.md's language reference is stale: run go generate ./internal/docgen")
	}
}

func TestReferenceCoversTheSchema(t *testing.T) {
	ref := string(Reference())
	for _, want := range []string{
		"### `bot \"<name>\"`", "### `variable \"<name>\"`", "### `locals`", "### `auth_profile \"<name>\"`",
		"`action \"stripe\"`", "`authorization`", "`template \"<name>\"`", "`entity \"<name>\"`", "`validation`",
		"`api_key`", "required when mode = \"pre_authorized\"", "not allowed when mode = \"user_authorized\"",
		"`tenancy`", "`authorization_check_url`", "`dialog_name`", "`utterances`", "`error_prompt`",
	} {
		if !strings.Contains(ref, want) {
			t.Errorf("the reference lacks %s", want)
		}
	}
}
