package review

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
)

// rendererVariants are the samples and bots that share their dialog tasks
// but differ around them: in what their env variables and auth profiles
// say of a task, and in headings that make the page number its anchors.
func rendererVariants() []*ir.Bot {
	var bots []*ir.Bot
	names := make([]string, 0, len(samples()))
	for name := range samples() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		bots = append(bots, samples()[name])
	}
	// The key's env variable no longer secured, then gone.
	b := preAuthorizedSample()
	b.EnvVars[len(b.EnvVars)-1].Secured = false
	bots = append(bots, b)
	b = preAuthorizedSample()
	b.EnvVars = b.EnvVars[:len(b.EnvVars)-1]
	bots = append(bots, b)
	// The auth profile gone.
	b = userAuthorizedSample()
	b.AuthProfiles = nil
	bots = append(bots, b)
	// A task titled like the headings inside every section, before and
	// after the others, so that their anchors are numbered differently.
	b = preAuthorizedSample()
	flow := b.Dialogs[0]
	flow.Key, flow.Name = "flow", "Flow"
	b.Dialogs = append([]ir.Dialog{flow}, b.Dialogs...)
	bots = append(bots, b)
	b = preAuthorizedSample()
	b.Dialogs = append(b.Dialogs, flow)
	bots = append(bots, b)
	return bots
}

// TestRendererMatchesRender checks that a Renderer gives Render's page
// for every bot, whether a section is new to it or copied, one bot at a
// time or many at once.
func TestRendererMatchesRender(t *testing.T) {
	bots := append(rendererVariants(), rendererVariants()...)
	want := make([][]byte, len(bots))
	for i, b := range bots {
		want[i] = Render(b)
	}
	t.Run("sequential", func(t *testing.T) {
		rr := NewRenderer()
		for i, b := range bots {
			if got := rr.Render(b); !bytes.Equal(got, want[i]) {
				t.Errorf("bot %d (%s): page differs from Render's:\n%s", i, b.Label, firstDiff(got, want[i]))
			}
		}
		if len(rr.sections) == 0 {
			t.Error("the Renderer kept no section")
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		rr := NewRenderer()
		var wg sync.WaitGroup
		for i, b := range bots {
			wg.Go(func() {
				if got := rr.Render(b); !bytes.Equal(got, want[i]) {
					t.Errorf("bot %d (%s): page differs from Render's", i, b.Label)
				}
			})
		}
		wg.Wait()
	})
	// As a build does: each page is recycled once compared, and later
	// pages, longer and shorter, are written into the same memory.
	t.Run("recycled", func(t *testing.T) {
		rr := NewRenderer()
		recycled := map[*byte]bool{}
		reused := 0
		for i, b := range bots {
			got := rr.Render(b)
			if !bytes.Equal(got, want[i]) {
				t.Errorf("bot %d (%s): page differs from Render's:\n%s", i, b.Label, firstDiff(got, want[i]))
			}
			if recycled[&got[0]] {
				reused++
			}
			recycled[&got[0]] = true
			rr.Recycle(got)
		}
		if reused == 0 {
			t.Error("no page was written into a recycled one")
		}
	})
	t.Run("recycled concurrently", func(t *testing.T) {
		rr := NewRenderer()
		var wg sync.WaitGroup
		for i, b := range bots {
			wg.Go(func() {
				got := rr.Render(b)
				if !bytes.Equal(got, want[i]) {
					t.Errorf("bot %d (%s): page differs from Render's", i, b.Label)
				}
				rr.Recycle(got)
			})
		}
		wg.Wait()
	})
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + g[i] + "\nwant " + w[i]
		}
	}
	return "one page is longer"
}
