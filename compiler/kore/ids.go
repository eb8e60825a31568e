package kore

import (
	"encoding/hex"
	"strings"

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
func nameUUID(kind string, parts ...string) uuid.UUID {
	return uuid.NewSHA1(idNamespace, []byte(strings.Join(append([]string{kind}, parts...), "\x00")))
}

// ids derives every id of one bot. Each is a function of the bot label and
// the stable names below it (dialog Key, node Name, profile Name), so the
// same input gives the same ids on every machine and a different label
// gives different ones. _ids and refIds come from different kinds: the
// platform treats them as independent keys.
type ids struct {
	label string
}

func (x ids) botID() string  { return botIDPrefix + nameUUID("bot", x.label).String() }
func (x ids) botRef() string { return nameUUID("bot-ref", x.label).String() }

func (x ids) dialogID(key string) string {
	return dialogIDPrefix + nameUUID("dialog", x.label, key).String()
}
func (x ids) dialogRef(key string) string { return nameUUID("dialog-ref", x.label, key).String() }

func (x ids) componentID(dialogKey, node string) string {
	return componentIDPrefix + nameUUID("component", x.label, dialogKey, node).String()
}
func (x ids) componentRef(dialogKey, node string) string {
	return nameUUID("component-ref", x.label, dialogKey, node).String()
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
	u := nameUUID("sentence", x.label, dialogKey, sentence)
	return hex.EncodeToString(u[:12])
}
