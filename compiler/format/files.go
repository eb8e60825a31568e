package format

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xoc-dev/xoc/compiler/config"
)

// Files lists the files that `xoc fmt PATH ...` formats, in a stable order
// and without repeats. No paths means the current directory.
//
// A directory is walked recursively for *.xo.hcl files, skipping hidden
// directories and the hidden and editor backup files that xoc never reads
// (config.IsConfigFile); testdata directories are not skipped, since fmt
// formats what it is pointed at. "DIR/..." is accepted as a synonym of DIR,
// for symmetry with xoc build. Symbolic links met during the walk are not
// followed.
//
// A file named on the command line is formatted whatever its name, as long
// as it is HCL native syntax by its extension (.hcl); a .json file is
// skipped, since JSON files are left alone, and any other file is an error.
// A path that does not exist is an error that wraps fs.ErrNotExist.
func Files(paths []string) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []string
	seen := map[string]bool{}
	add := func(path string) {
		if !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	for _, arg := range paths {
		path := arg
		if path == "..." {
			path = "."
		} else if root, ok := strings.CutSuffix(filepath.ToSlash(path), "/..."); ok {
			path = filepath.FromSlash(root)
		}
		path = filepath.Clean(path)
		info, err := os.Stat(path)
		if err != nil {
			if os.IsNotExist(err) {
				return nil, &notExistError{arg}
			}
			return nil, err
		}
		if !info.IsDir() {
			switch {
			case strings.HasSuffix(path, ".hcl"):
				add(path)
			case strings.HasSuffix(path, ".json"):
				// HCL's JSON syntax: left alone (see the package comment).
			default:
				return nil, fmt.Errorf("%s is not an HCL file: xoc fmt formats *%s files", arg, config.SuffixHCL)
			}
			continue
		}
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != path && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && config.IsConfigFile(d.Name()) && strings.HasSuffix(d.Name(), config.SuffixHCL) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WriteFile replaces the file at path with data atomically: it writes a
// temporary file in the same directory and renames it over the original,
// so a reader (or a crash) never sees half a file. The file keeps its
// permission bits, and a symbolic link stays a link: its target is
// replaced.
func WriteFile(path string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	// A hidden name, so that nothing that reads the directory meanwhile
	// (xoc among them) takes the temporary file for a configuration file.
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// notExistError says that a path is missing in a command line's words,
// and matches fs.ErrNotExist.
type notExistError struct{ path string }

func (e *notExistError) Error() string { return "no file or directory at " + e.path }
func (e *notExistError) Unwrap() error { return fs.ErrNotExist }
