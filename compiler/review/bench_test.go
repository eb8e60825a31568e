package review

import (
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/lower"
)

// exampleBot lowers one of the examples: the pre-authorized one has all
// five Stripe templates, so it is the page a real build renders most of.
// lower and config do not import review, so this test-only import makes
// no cycle.
func exampleBot(b *testing.B, dir string) *ir.Bot {
	b.Helper()
	cfg, _, diags := config.Load(dir, config.Inputs{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	bot, diags := lower.Lower(cfg, lower.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return bot
}

func BenchmarkRender(b *testing.B) {
	bots := map[string]*ir.Bot{
		"example": exampleBot(b, "../../examples/stripe-pre-authorized"),
	}
	for name, bot := range samples() {
		bots[name] = bot
	}
	for _, name := range []string{"example", "pre_authorized", "user_authorized", "tricky"} {
		bot := bots[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Render(bot)
			}
		})
	}
}
