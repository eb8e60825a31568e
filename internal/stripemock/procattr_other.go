//go:build !linux

package stripemock

import "os/exec"

// setProcAttr has nothing to add outside Linux; Server.Close stops the
// process.
func setProcAttr(cmd *exec.Cmd) {}
