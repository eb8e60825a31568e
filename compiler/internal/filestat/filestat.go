// Package filestat keeps what a build needs of a file's stat to recognise
// the file later: its name, size, modification and change times, inode
// and device. It is a few dozen bytes where an fs.FileInfo from the os
// package holds the whole stat buffer, and a build keeps one per file it
// wrote until its cache record is saved, for every bot of the workspace.
package filestat

import "io/fs"

// Stat is the identity of one file. ChangeTime, Inode and Device are zero
// where the system's stat is not read (see sys_*.go): size and
// modification time alone then say whether a file changed.
type Stat struct {
	Name       string `json:"name"`
	Size       int64  `json:"size"`
	ModTime    int64  `json:"mtime_ns"`
	ChangeTime int64  `json:"ctime_ns,omitempty"`
	Inode      uint64 `json:"inode,omitempty"`
	Device     uint64 `json:"-"`
}

// Of returns the identity of the file info describes.
func Of(info fs.FileInfo) Stat {
	s := Stat{Name: info.Name(), Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	s.ChangeTime, s.Inode, s.Device = fromSys(info)
	return s
}

// SameFile reports whether info is the very file s was taken of, not
// changed since: same inode on the same device (where known), size and
// modification time.
func (s Stat) SameFile(info fs.FileInfo) bool {
	now := Of(info)
	return now.Inode == s.Inode && now.Device == s.Device && now.Size == s.Size && now.ModTime == s.ModTime
}
