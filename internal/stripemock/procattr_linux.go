package stripemock

import (
	"os/exec"
	"syscall"
)

// setProcAttr asks Linux to kill stripe-mock if the process that started it
// dies without cleaning up (a test binary killed by -timeout, say), so no
// orphaned servers pile up on the machine.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
