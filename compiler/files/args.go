package files

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// BotDirs turns xoc build's directory arguments into bot directories.
// "DIR/..." means every directory below DIR (DIR included) that holds
// configuration files, as Go's package patterns do; like Go, it skips
// directories named testdata and those starting with "." or "_". A plain
// DIR is taken as given. No arguments means the current directory. The
// result is sorted within each pattern and free of repeats.
func BotDirs(args []string) ([]string, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var dirs []string
	seen := map[string]bool{}
	add := func(dir string) {
		dir = filepath.Clean(dir)
		if !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	for _, arg := range args {
		root, recursive := cutPattern(arg)
		if !recursive {
			// Load reports a directory that is missing or holds no bot.
			add(arg)
			continue
		}
		info, err := os.Stat(root)
		if err != nil || !info.IsDir() {
			return nil, fmt.Errorf("pattern %s: %s is not a directory", arg, root)
		}
		found, err := botDirsBelow(root)
		if err != nil {
			return nil, fmt.Errorf("pattern %s: %w", arg, err)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("pattern %s matched no bot directories (none holds *%s or *%s files)", arg, SuffixHCL, SuffixJSON)
		}
		for _, dir := range found {
			add(dir)
		}
	}
	return dirs, nil
}

// botDirsBelow lists root and the directories below it that hold
// configuration files, in walk order, leaving out the directories that a
// pattern skips (skippedByPattern) with all they hold.
//
// The walk meets a directory before the files in it; so it lists every
// directory it reads, marks those where it finds a configuration file,
// and the marked ones, in the order listed, are the answer. On a
// workspace of many bots this walk is the one part of a build that is not
// parallel: it reads each directory once.
func botDirsBelow(root string) ([]string, error) {
	// filepath.Dir of a path below root gives root cleaned.
	walked := []string{filepath.Clean(root)}
	holdsConfig := map[string]bool{}
	err := Walk(root, func(path string, entry fs.DirEntry) error {
		switch {
		case entry.IsDir() && skippedByPattern(entry.Name()):
			return fs.SkipDir
		case entry.IsDir():
			walked = append(walked, path)
		case isConfigEntry(entry):
			holdsConfig[filepath.Dir(path)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(walked, func(dir string) bool { return !holdsConfig[dir] }), nil
}

// skippedByPattern reports whether "DIR/..." leaves out a directory of
// this name below DIR, as Go's package patterns do: testdata holds
// fixtures, not bots, and "." and "_" mark directories put aside.
func skippedByPattern(name string) bool {
	return name == "testdata" || isHidden(name) || strings.HasPrefix(name, "_")
}

// FormatTargets lists the files that `xoc fmt PATH ...` formats, in a
// stable order and without repeats. No paths means the current directory.
//
// A directory is walked recursively for *.xo.hcl files and user template
// files (*.xotemplate.hcl), skipping hidden directories and the hidden and
// editor backup files that xoc never reads (IsConfigFile); testdata
// directories are not skipped, since fmt formats
// what it is pointed at. "DIR/..." is accepted as a synonym of DIR, for
// symmetry with xoc build. Symbolic links met during the walk are not
// followed.
//
// A file named on the command line is formatted whatever its name, as long
// as it is HCL native syntax by its extension (.hcl); a .json file is
// skipped, since JSON files are left alone, and any other file is an error.
// A path that does not exist is an error that wraps fs.ErrNotExist.
func FormatTargets(paths []string) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var targets []string
	seen := map[string]bool{}
	add := func(path string) {
		if !seen[path] {
			seen[path] = true
			targets = append(targets, path)
		}
	}
	for _, arg := range paths {
		path := arg
		if root, ok := cutPattern(arg); ok {
			path = root
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
				// HCL's JSON syntax: xoc fmt leaves it alone.
			default:
				return nil, fmt.Errorf("%s is not an HCL file: xoc fmt formats *%s files", arg, SuffixHCL)
			}
			continue
		}
		err = Walk(path, func(p string, entry fs.DirEntry) error {
			if entry.IsDir() && isHidden(entry.Name()) {
				// .git, .terraform and the like: not the user's sources.
				return fs.SkipDir
			}
			if isFormatEntry(entry) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return targets, nil
}

// isFormatEntry reports whether a directory entry met in a walk is a file
// xoc fmt formats: a configuration file in the native syntax, or a user
// template file, as IsConfigFile tells them from hidden files and backups.
func isFormatEntry(entry fs.DirEntry) bool {
	name := entry.Name()
	if !entry.Type().IsRegular() {
		return false
	}
	if strings.HasSuffix(name, SuffixTemplateHCL) {
		return IsConfigFile(strings.TrimSuffix(name, SuffixTemplateHCL) + SuffixHCL)
	}
	return IsConfigFile(name) && strings.HasSuffix(name, SuffixHCL)
}

// cutPattern reports whether a command-line path is a "DIR/..." pattern
// and returns DIR, with forward slashes; "..." alone means the current
// directory.
func cutPattern(arg string) (dir string, ok bool) {
	if arg == "..." {
		return ".", true
	}
	return strings.CutSuffix(filepath.ToSlash(arg), "/...")
}

// notExistError says that a path is missing in a command line's words,
// and matches fs.ErrNotExist.
type notExistError struct{ path string }

func (e *notExistError) Error() string { return "no file or directory at " + e.path }
func (e *notExistError) Unwrap() error { return fs.ErrNotExist }
