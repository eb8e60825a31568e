package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Walk walks the directory tree at root, depth first and in lexical order,
// as filepath.WalkDir does, and calls visit for every entry below root
// (file, directory or symbolic link) with its path, root joined with the
// names on the way down, and its directory entry.
//
// A directory is visited before it is read, so that visit can return
// fs.SkipDir to leave it, and all it holds, unread; for any other entry
// fs.SkipDir does nothing. Root itself is not visited, and it is always
// read: it is what the caller asked for.
//
// Each directory is read once, with os.ReadDir. A symbolic link below root
// is visited but not followed, since its entry describes the link, not
// what it points to: the walk cannot leave the tree, meet a file twice or
// go round a cycle. A link given as root is followed, as any path named on
// a command line is.
//
// Walk stops at the first error, either one from visit or the
// *fs.PathError of a directory that cannot be read, which names it, and
// returns it as it is.
func Walk(root string, visit func(path string, entry fs.DirEntry) error) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		path := filepath.Join(root, entry.Name())
		err := visit(path, entry)
		if errors.Is(err, fs.SkipDir) {
			continue
		}
		if err != nil {
			return err
		}
		if entry.IsDir() {
			if err := Walk(path, visit); err != nil {
				return err
			}
		}
	}
	return nil
}
