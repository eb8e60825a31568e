package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		// Each directory is read once, both for its configuration files
		// and for the directories below it: on a workspace of many bots
		// this walk is the one part of a build that is not parallel.
		var walk func(dir string) error
		walk = func(dir string) error {
			entries, err := os.ReadDir(dir)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(entries, isConfigEntry) {
				found = true
				add(dir)
			}
			for _, e := range entries {
				name := e.Name()
				if !e.IsDir() || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					continue
				}
				if err := walk(filepath.Join(dir, name)); err != nil {
					return err
				}
			}
			return nil
		}
		if err := walk(root); err != nil {
			return nil, fmt.Errorf("pattern %s: %w", arg, err)
		}
		if !found {
			return nil, fmt.Errorf("pattern %s matched no bot directories (none holds *%s or *%s files)", arg, SuffixHCL, SuffixJSON)
		}
	}
	return out, nil
}
