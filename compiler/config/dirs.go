package config

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ExpandDirs turns command-line directory arguments into bot directories.
// "DIR/..." means every directory below DIR (DIR included) that holds
// configuration files, as Go's package patterns do; like Go, it skips
// directories named testdata and those starting with "." or "_". A plain
// DIR is taken as given. The result is sorted within each pattern and free
// of repeats.
func ExpandDirs(args []string) ([]string, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var out []string
	seen := map[string]bool{}
	add := func(d string) {
		d = filepath.Clean(d)
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	for _, arg := range args {
		root, recursive := strings.CutSuffix(filepath.ToSlash(arg), "/...")
		if arg == "..." {
			root, recursive = ".", true
		}
		if !recursive {
			add(arg)
			continue
		}
		info, err := os.Stat(root)
		if err != nil || !info.IsDir() {
			return nil, fmt.Errorf("pattern %s: %s is not a directory", arg, root)
		}
		found := false
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			files, err := ConfigFiles(path)
			if err != nil {
				return err
			}
			if len(files) > 0 {
				found = true
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("pattern %s: %w", arg, err)
		}
		if !found {
			return nil, fmt.Errorf("pattern %s matched no bot directories (none holds *%s or *%s files)", arg, SuffixHCL, SuffixJSON)
		}
	}
	return out, nil
}
