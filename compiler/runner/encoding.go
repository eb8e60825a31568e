package runner

import "github.com/xoc-dev/xoc/compiler/kore"

// Text fields of an export are encoded as JavaScript's encodeURIComponent
// leaves them; kore.DecodeURIComponent is the Go equivalent of the
// platform's decodeURIComponent.

// decodeText decodes a stored text field. Some real exports keep a text
// field unencoded ("I could not understand that."), and such a text may hold
// a "%" that is no escape ("25% off"); the platform shows those as they are,
// so a text that does not decode is taken literally.
func decodeText(s string) string {
	d, err := kore.DecodeURIComponent(s)
	if err != nil {
		return s
	}
	return d
}
