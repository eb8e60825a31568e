package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// DialogKey is a digest of everything in a Dialog: two dialogs have the
// same key exactly when they are equal (up to SHA-256 collisions). The
// Encoder and the review renderer key what they keep of a dialog task by
// it. It is written out field by field rather than through encoding/json,
// which cost a tenth of a build; TestDialogKeyCoversEveryField fails when
// a field added to the IR is left out here.
func DialogKey(d *ir.Dialog) [sha256.Size]byte {
	k := keyBuffers.Get().(*keyWriter)
	defer keyBuffers.Put(k)
	k.buf = k.buf[:0]
	k.str(d.Key)
	k.str(d.Name)
	k.str(d.Description)
	k.strs(d.Utterances)
	k.num(len(d.Nodes))
	for i := range d.Nodes {
		n := &d.Nodes[i]
		k.str(n.Name)
		k.str(string(n.Type))
		k.flag(n.Entity != nil)
		if e := n.Entity; e != nil {
			k.str(e.Type)
			k.str(e.Prompt)
			k.str(e.ErrorPrompt)
			k.strs(e.AllowedValues)
		}
		k.str(n.Script)
		k.flag(n.Service != nil)
		if s := n.Service; s != nil {
			k.str(s.Method)
			k.str(s.URL)
			k.num(len(s.Headers))
			for _, h := range s.Headers {
				k.str(h.Name)
				k.str(h.Value)
			}
			k.str(s.Body)
			k.str(s.AuthProfile)
			k.num(s.TimeoutSeconds)
		}
		k.str(n.Message)
		k.num(len(n.Transitions))
		for _, t := range n.Transitions {
			k.flag(t.If != nil)
			if c := t.If; c != nil {
				k.str(c.Context)
				k.str(c.Op)
				k.str(c.Value)
			}
			k.str(t.To)
		}
	}
	return sha256.Sum256(k.buf)
}

// keyWriter lays values out so that no two sequences of them give the
// same bytes: strings and lists are preceded by their length.
type keyWriter struct{ buf []byte }

var keyBuffers = sync.Pool{New: func() any { return new(keyWriter) }}

func (k *keyWriter) num(n int) {
	k.buf = binary.AppendVarint(k.buf, int64(n))
}

func (k *keyWriter) str(s string) {
	k.num(len(s))
	k.buf = append(k.buf, s...)
}

func (k *keyWriter) strs(list []string) {
	k.num(len(list))
	for _, s := range list {
		k.str(s)
	}
}

func (k *keyWriter) flag(b bool) {
	if b {
		k.num(1)
	} else {
		k.num(0)
	}
}
