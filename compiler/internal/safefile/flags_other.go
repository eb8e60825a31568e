//go:build !linux && !darwin

package safefile

// Elsewhere the checks of the file's stat, before and after the open,
// are all there is.
const (
	openFlags    = 0
	noFollowFlag = 0
)
