package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xoc-dev/xoc/compiler/internal/safefile"
)

// Difference is one way an output folder differs from what a build
// writes.
type Difference struct {
	// Name is the file's or folder's path: the output folder as given,
	// joined with the path below it, slash-separated (CheckBot and
	// CheckExtra); relative to the bot's folder within compareFiles.
	Name string
	Kind string // "changed", "missing" or "extra"
}

func (d Difference) String() string { return d.Kind + ": " + d.Name }

// compareFiles compares the files a build writes with the folder target
// on disk. It returns the differences, and what the stat of each file
// found equal says, by name.
//
// Anyone may have put anything into an output folder: it reads only a
// regular file of a name it writes, never through a link, opened so that
// a FIFO cannot block it, and no further than the size the file should
// have. Anything else is a difference found without reading it.
func compareFiles(want []File, target string) ([]Difference, map[string]fs.FileInfo, error) {
	have, err := listFolder(target)
	if err != nil {
		return nil, nil, err
	}
	var diffs []Difference
	same := make(map[string]fs.FileInfo, len(want))
	for _, f := range want {
		if !have[f.Name] {
			diffs = append(diffs, Difference{f.Name, "missing"})
			continue
		}
		delete(have, f.Name)
		info, equal, err := sameFile(filepath.Join(target, filepath.FromSlash(f.Name)), f)
		if err != nil {
			return nil, nil, err
		}
		if !equal {
			diffs = append(diffs, Difference{f.Name, "changed"})
			continue
		}
		same[f.Name] = info
	}
	for name := range have {
		diffs = append(diffs, Difference{name, "extra"})
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Name < diffs[j].Name })
	return diffs, same, nil
}

// listFolder lists the names of everything but folders below dir, by
// slash-separated relative name, without following links. A dir that
// does not exist, or is not a folder (a link to one included), holds
// nothing.
func listFolder(dir string) (map[string]bool, error) {
	have := map[string]bool{}
	if info, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) || (err == nil && !info.IsDir()) {
		return have, nil
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		have[filepath.ToSlash(rel)] = true
		return err
	})
	return have, err
}

// sameFile reports whether path is a regular file holding f's bytes (and,
// for a private file, readable by its owner only), with what its stat
// said before it was read.
func sameFile(path string, f File) (fs.FileInfo, bool, error) {
	data, info, err := safefile.ReadFile(path, false, int64(len(f.Data)))
	switch {
	case errors.Is(err, safefile.ErrNotRegular), errors.Is(err, safefile.ErrTooLarge), errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	if !bytes.Equal(data, f.Data) || (f.Private && info.Mode().Perm()&0o077 != 0) {
		return nil, false, nil
	}
	return info, true, nil
}

// CheckBot compares one bot's folder under root with the files a build
// would write. Names in the result start with root.
func CheckBot(root, label string, files []File) ([]Difference, error) {
	diffs, _, err := compareFiles(files, filepath.Join(root, label))
	for i := range diffs {
		diffs[i].Name = filepath.ToSlash(filepath.Join(root, label, diffs[i].Name))
	}
	return diffs, err
}

// CheckExtra lists what the output folder holds beyond the bots of the
// run: folders a build would not write (a bot that was deleted or
// renamed) and stray files.
func CheckExtra(root string, labels []string) ([]Difference, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	built := map[string]bool{}
	for _, l := range labels {
		built[l] = true
	}
	var diffs []Difference
	for _, e := range entries {
		if built[e.Name()] || strings.HasPrefix(e.Name(), stagingPrefix) || e.Name() == holderFile {
			continue
		}
		diffs = append(diffs, Difference{filepath.ToSlash(filepath.Join(root, e.Name())), "extra"})
	}
	return diffs, nil
}
