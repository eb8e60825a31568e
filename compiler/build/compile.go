package build

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/output"
	"github.com/xoc-dev/xoc/compiler/review"
)

// ReviewFile is the review page written beside each export.
const ReviewFile = "REVIEW.md"

// compile builds the files of one bot's folder: its export and its review
// page.
func compile(cfg *config.Config, embedSecrets bool) ([]output.File, hcl.Diagnostics) {
	bot, diags := lower.Lower(cfg, lower.Options{EmbedSecrets: embedSecrets})
	if diags.HasErrors() {
		return nil, diags
	}
	x, err := kore.Encode(bot)
	if err != nil {
		// The configuration was valid, so this is xoc's fault.
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Internal error in xoc",
			Detail:   fmt.Sprintf("bot %q: the export failed xoc's own consistency check; please report this: %s", cfg.Bot.Label, err),
			Subject:  cfg.Bot.DeclRange.Ptr(),
		})
	}
	files := make([]output.File, 0, 4)
	for _, f := range x.Files() {
		files = append(files, output.File{Name: f.Name, Data: f.Data})
	}
	return append(files, output.File{Name: ReviewFile, Data: review.Render(bot)}), diags
}
