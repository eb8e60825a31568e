package review

import (
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// A dialog from a bot's user template says which file it comes from; a
// catalog template's says nothing more.
func TestReviewNamesAUserTemplatesFile(t *testing.T) {
	dialog := func(key, source string) ir.Dialog {
		return ir.Dialog{Key: key, Name: key, Source: source, Nodes: []ir.Node{
			{Name: "start", Type: ir.NodeIntent, Transitions: []ir.Transition{{To: "done"}}},
			{Name: "done", Type: ir.NodeMessage, Message: "Done.", Transitions: []ir.Transition{{To: ""}}},
		}}
	}
	page := string(Render(&ir.Bot{Label: "desk", Name: "Desk", Language: "en",
		Dialogs: []ir.Dialog{dialog("refund_vip", "templates/refund_vip.xotemplate.hcl"), dialog("retrieve_balance", "")}}))
	if !strings.Contains(page, "Template `refund_vip` (the bot's own, from `templates/refund_vip.xotemplate.hcl`) · 2 nodes") {
		t.Errorf("the user template's file is not named:\n%s", page)
	}
	if !strings.Contains(page, "Template `retrieve_balance` · 2 nodes") {
		t.Errorf("the catalog template's line changed:\n%s", page)
	}
}
