package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// encoderVariants are bots that share some dialog tasks with the sample
// and differ from it in others: other labels, another language, changed
// texts, a dialog task of their own.
func encoderVariants() []*ir.Bot {
	var bots []*ir.Bot
	for i, label := range []string{"payments_assistant", "billing_desk", "second_bot", "third_bot"} {
		b := sampleBot()
		b.Label = label
		switch i {
		case 1:
			b.Language = "de"
		case 2:
			b.Dialogs[0].Utterances = append(b.Dialogs[0].Utterances, "sign up a client")
			b.Dialogs[0].Nodes[1].Entity.Prompt = "Who is the customer?"
		case 3:
			b.Dialogs = b.Dialogs[1:]
		}
		bots = append(bots, b)
	}
	return bots
}

// TestEncoderMatchesEncode checks that an Encoder gives Encode's bytes
// for every bot, whether a dialog task is new to it or kept, one bot at
// a time or many at once.
func TestEncoderMatchesEncode(t *testing.T) {
	bots := encoderVariants()
	for range 3 {
		bots = append(bots, encoderVariants()...)
	}
	want := make([]*Export, len(bots))
	for i, b := range bots {
		x, err := Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = x
	}
	compare := func(t *testing.T, i int, got *Export) {
		t.Helper()
		if !bytes.Equal(got.BotDefinition, want[i].BotDefinition) {
			t.Errorf("bot %d (%s): %s differs from Encode's: %s", i, bots[i].Label, BotDefinitionFile, firstDifference(got.BotDefinition, want[i].BotDefinition))
		}
		if !bytes.Equal(got.Config, want[i].Config) || !bytes.Equal(got.Icon, want[i].Icon) {
			t.Errorf("bot %d (%s): config.json or icon.png differs from Encode's", i, bots[i].Label)
		}
	}

	t.Run("sequential", func(t *testing.T) {
		enc := NewEncoder()
		for i, b := range bots {
			x, err := enc.Encode(b)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, i, x)
		}
		// The sample's two tasks in English, in German, and the changed
		// create_customer: five distinct tasks, each kept once.
		if got := len(enc.fragments); got != 5 {
			t.Errorf("the Encoder kept %d dialog tasks, want 5", got)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		enc := NewEncoder()
		var wg sync.WaitGroup
		for i, b := range bots {
			wg.Go(func() {
				x, err := enc.Encode(b)
				if err != nil {
					t.Error(err)
					return
				}
				compare(t, i, x)
			})
		}
		wg.Wait()
	})
	// As a build does: each export is recycled once compared, and later
	// bots, larger and smaller, are written into the same memory.
	t.Run("recycled", func(t *testing.T) {
		enc := NewEncoder()
		recycled := map[*byte]bool{}
		reused := 0
		for i, b := range bots {
			x, err := enc.Encode(b)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, i, x)
			if recycled[&x.BotDefinition[0]] {
				reused++
			}
			recycled[&x.BotDefinition[0]] = true
			enc.Recycle(x)
			if x.BotDefinition != nil {
				t.Fatal("Recycle left the export its botDefinition.json")
			}
		}
		if reused == 0 {
			t.Error("no bot was written into a recycled buffer")
		}
	})
	t.Run("recycled concurrently", func(t *testing.T) {
		enc := NewEncoder()
		var wg sync.WaitGroup
		for i, b := range bots {
			wg.Go(func() {
				x, err := enc.Encode(b)
				if err != nil {
					t.Error(err)
					return
				}
				compare(t, i, x)
				enc.Recycle(x)
			})
		}
		wg.Wait()
	})
}

// TestEncoderTextHoldingAnID: a text that holds one of the bot's own ids
// must stay as written. The first bot's tasks are then not kept (the id
// in the text would be overwritten for the next bot); the next bot's
// are, and a third bot copies them with the text intact.
func TestEncoderTextHoldingAnID(t *testing.T) {
	first := sampleBot()
	d := &first.Dialogs[0]
	x := ids{label: first.Label}
	d.Utterances = append(d.Utterances, x.componentID(d.Key, d.Nodes[1].Name))
	d.Nodes[1].Entity.Prompt = fmt.Sprintf(`Reply to "_id": "%s" please`, x.dialogID(d.Key))
	d.Nodes[5].Message = x.dialogID(d.Key)

	enc := NewEncoder()
	for i, label := range []string{first.Label, "second_bot", "third_bot"} {
		b := sampleBot()
		b.Dialogs[0] = *d
		b.Label = label
		want, err := Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := enc.Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.BotDefinition, want.BotDefinition) {
			t.Fatalf("%s: differs from Encode: %s", label, firstDifference(got.BotDefinition, want.BotDefinition))
		}
		if !strings.Contains(string(got.BotDefinition), x.dialogID(d.Key)) {
			t.Errorf("%s: the id written in a text is gone", label)
		}
		kept := enc.fragments[mustFragmentKey(t, b, &b.Dialogs[0])] != nil
		if i == 0 && kept {
			t.Errorf("%s: a task whose text holds the bot's own id was kept", label)
		}
		if i > 0 && !kept {
			t.Errorf("%s: the task was not kept", label)
		}
	}
}

func mustFragmentKey(t *testing.T, b *ir.Bot, d *ir.Dialog) string {
	t.Helper()
	return fragmentKey(&encoder{lang: b.Language}, d)
}

// TestEncoderChecksEachTask: a kept task was checked when first encoded;
// a bot that copies it is still checked for what ties it together.
func TestEncoderChecksEachTask(t *testing.T) {
	enc := NewEncoder()
	if _, err := enc.Encode(sampleBot()); err != nil {
		t.Fatal(err)
	}
	b := sampleBot()
	b.Label = "other"
	b.AuthProfiles = nil // the kept list_invoices task names one
	if _, err := enc.Encode(b); err == nil || !strings.Contains(err.Error(), `idp "stripe_end_user" names no idpConfiguration`) {
		t.Errorf("a copied task's auth profile is not checked: %v", err)
	}
	b = sampleBot()
	b.Label = "other"
	b.EnvVars = b.EnvVars[1:]
	if _, err := enc.Encode(b); err == nil || !strings.Contains(err.Error(), "env.stripe_base_url is used") {
		t.Errorf("a copied task's env variables are not checked: %v", err)
	}
}
