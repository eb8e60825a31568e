package kore

import (
	"crypto/sha1"
	"encoding/hex"

	"github.com/google/uuid"
)

// idNamespace is the fixed namespace of every name-based (version 5) UUID
// xoc derives. Changing it changes every id of every export: never do.
var idNamespace = uuid.MustParse("5dfaef67-b844-49df-abee-03a36b61fdee")

// Id prefixes used by the platform.
const (
	botIDPrefix         = "st-"
	dialogIDPrefix      = "dg-"
	componentIDPrefix   = "dc-"
	authProfileIDPrefix = "ap-"
)

// nameUUID derives a version 5 UUID from a kind and the stable names that
// identify an object. The parts are joined with NUL, which no name contains,
// so ("a", "b/c") and ("a/b", "c") never collide.
//
// It computes what uuid.NewSHA1(idNamespace, name) does, without the
// allocations of a hash object and a joined name: an export derives
// hundreds of ids.
func nameUUID(kind string, parts ...string) uuid.UUID {
	var buf [256]byte
	data := append(buf[:0], idNamespace[:]...)
	data = append(data, kind...)
	for _, p := range parts {
		data = append(data, 0)
		data = append(data, p...)
	}
	sum := sha1.Sum(data)
	var u uuid.UUID
	copy(u[:], sum[:])
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

// ids derives every id of one bot. Each is a function of the bot label and
// the stable names below it (dialog Key, node Name, profile Name), so the
// same input gives the same ids on every machine and a different label
// gives different ones. _ids and refIds come from different kinds: the
// platform treats them as independent keys.
//
// When rec is set, every id of a dialog task is also recorded, with what
// it was derived from: the Encoder finds them in a dialog's JSON that way
// (see fragment.go).
type ids struct {
	label string
	rec   *idRecorder
}

func (x ids) botID() string  { return botIDPrefix + nameUUID("bot", x.label).String() }
func (x ids) botRef() string { return nameUUID("bot-ref", x.label).String() }

func (x ids) dialogID(key string) string  { return x.get(idRef{kind: dialogIDKind, key: key}) }
func (x ids) dialogRef(key string) string { return x.get(idRef{kind: dialogRefKind, key: key}) }

func (x ids) componentID(dialogKey, node string) string {
	return x.get(idRef{kind: componentIDKind, key: dialogKey, name: node})
}
func (x ids) componentRef(dialogKey, node string) string {
	return x.get(idRef{kind: componentRefKind, key: dialogKey, name: node})
}

func (x ids) authProfileID(name string) string {
	return authProfileIDPrefix + nameUUID("auth-profile", x.label, name).String()
}
func (x ids) authProfileRef(name string) string {
	return nameUUID("auth-profile-ref", x.label, name).String()
}

// sentenceID is a 24-hex-digit id, the shape of the platform's sentence ids
// (MongoDB ObjectIds), taken from a v5 UUID of the sentence's identity.
func (x ids) sentenceID(dialogKey, sentence string) string {
	return x.get(idRef{kind: sentenceIDKind, key: dialogKey, name: sentence})
}

// idKind is the kind of a dialog task's id.
type idKind uint8

const (
	dialogIDKind idKind = iota
	dialogRefKind
	componentIDKind
	componentRefKind
	sentenceIDKind
)

// idRef is what one id of a dialog task derives from, besides the label:
// its kind, the dialog Key and, for components and sentences, the node
// Name or the sentence.
type idRef struct {
	kind      idKind
	key, name string
}

// get derives r's id, and records it when x records.
func (x ids) get(r idRef) string {
	id := x.derive(r)
	if x.rec != nil {
		x.rec.add(r, id)
	}
	return id
}

// derive returns the id r stands for in the bot labelled x.label.
func (x ids) derive(r idRef) string { return string(x.appendID(nil, r)) }

// appendID appends the id r stands for in the bot labelled x.label to
// dst: the Encoder writes a bot's ids into a buffer this way, without a
// string for each.
func (x ids) appendID(dst []byte, r idRef) []byte {
	switch r.kind {
	case dialogIDKind:
		return appendUUID(append(dst, dialogIDPrefix...), nameUUID("dialog", x.label, r.key))
	case dialogRefKind:
		return appendUUID(dst, nameUUID("dialog-ref", x.label, r.key))
	case componentIDKind:
		return appendUUID(append(dst, componentIDPrefix...), nameUUID("component", x.label, r.key, r.name))
	case componentRefKind:
		return appendUUID(dst, nameUUID("component-ref", x.label, r.key, r.name))
	case sentenceIDKind:
		u := nameUUID("sentence", x.label, r.key, r.name)
		return hex.AppendEncode(dst, u[:12])
	}
	panic("kore: unknown id kind")
}

// appendUUID appends u as uuid.UUID.String writes it.
func appendUUID(dst []byte, u uuid.UUID) []byte {
	dst = hex.AppendEncode(dst, u[0:4])
	for _, part := range [...][]byte{u[4:6], u[6:8], u[8:10], u[10:16]} {
		dst = hex.AppendEncode(append(dst, '-'), part)
	}
	return dst
}

// idRecorder lists the distinct ids derived through it, in first-use
// order.
type idRecorder struct {
	refs []idRef
	ids  []string
	seen map[idRef]bool
}

func (r *idRecorder) add(ref idRef, id string) {
	if r.seen[ref] {
		return
	}
	if r.seen == nil {
		r.seen = map[idRef]bool{}
	}
	r.seen[ref] = true
	r.refs = append(r.refs, ref)
	r.ids = append(r.ids, id)
}
