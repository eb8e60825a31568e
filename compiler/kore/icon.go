package kore

import _ "embed"

// builtinIcon is icon.png when the Bot has no Icon: 40×40 px, well under
// the 80 kB the import API accepts. gen_icon.go draws it.
//
//go:embed icon.png
var builtinIcon []byte
