package cache

import (
	"io/fs"
	"syscall"
)

// changeTimeAndInode reads what macOS's stat adds to fs.FileInfo.
func changeTimeAndInode(info fs.FileInfo) (ctimeNs int64, inode uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctimespec.Nano(), st.Ino
	}
	return 0, 0
}
