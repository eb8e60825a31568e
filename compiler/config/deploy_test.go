package config

import "testing"

// The deploy block of the valid fixture decodes, in both syntaxes (the
// comparison of the two is TestNativeAndJSONSyntaxDecodeAlike), to the
// bot id and the import options as JSON.
func TestDeployBlock(t *testing.T) {
	for _, dir := range []string{validHCL, validJSON} {
		d := loadValid(t, dir).Bot.Deploy
		if d == nil {
			t.Fatalf("%s: no deploy block decoded", dir)
		}
		if d.BotID != "st-6f1c2e0a-1b2c-5d3e-8f4a-0123456789ab" {
			t.Errorf("%s: bot_id %q", dir, d.BotID)
		}
		want := `{"nlpData":["training_data"],"options":{"utterances":{"append":true,"replace":false}},"tasks":["botTask"]}`
		if string(d.ImportOptions) != want {
			t.Errorf("%s: import_options %s, want %s", dir, d.ImportOptions, want)
		}
	}
}
