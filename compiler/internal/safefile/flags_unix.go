//go:build linux || darwin

package safefile

import "syscall"

const (
	// openFlags keep an open from blocking on a FIFO.
	openFlags = syscall.O_NONBLOCK
	// noFollowFlag makes the open of a symbolic link fail.
	noFollowFlag = syscall.O_NOFOLLOW
)
