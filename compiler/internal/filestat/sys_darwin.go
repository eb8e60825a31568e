package filestat

import (
	"io/fs"
	"syscall"
)

// fromSys reads what macOS's stat adds to fs.FileInfo.
func fromSys(info fs.FileInfo) (ctimeNs int64, inode, device uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctimespec.Nano(), st.Ino, uint64(st.Dev)
	}
	return 0, 0, 0
}
