package platform

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Limits of an export zip. A zip's header states each entry's size, but
// a hostile one can lie, so every entry is read through a limit.
const (
	// MaxZipEntry is the most bytes one file of an export may have
	// uncompressed: the largest real definition is 1.8 MB, and the
	// platform's UI takes at most 500 kB.
	MaxZipEntry = 32 << 20
	// MaxZipTotal is the most bytes all the files unpacked may have.
	MaxZipTotal = 64 << 20
	// MaxZipEntries is the most entries a zip may list; a real export
	// has three or four.
	MaxZipEntries = 1000
)

// zipLimits are the limits ReadExportZip applies; tests lower them.
var zipLimits = struct {
	entry, total int64
	entries      int
}{MaxZipEntry, MaxZipTotal, MaxZipEntries}

// exportNames are the files of an export that are unpacked. Any other
// entry is ignored: a newer platform may add files (a bot functions
// script, say) that a comparison of dialogs does not need and that xoc
// would otherwise write somewhere on the strength of a name the platform
// chose.
var exportNames = []string{DefinitionFile, AppDefinitionFile, ConfigFile, IconFile}

// ErrUnsafeZip is wrapped by the error of a zip that names a path outside
// the folder it is unpacked into, or is otherwise not an export xoc will
// unpack. Nothing of such a zip is kept.
var ErrUnsafeZip = errors.New("unsafe export zip")

// ReadExportZip unpacks an export zip in memory. It keeps the export's
// files found at the zip's root, and reports the other entries' names.
// A zip with an entry whose name escapes its root (../x, /x, C:\x), with
// a name twice, a link, or more than the limits allow is refused as a
// whole: such a zip is not the platform's export.
func ReadExportZip(data []byte) (files map[string][]byte, ignored []string, err error) {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("the export is not a zip: %w", err)
	}
	if len(r.File) > zipLimits.entries {
		return nil, nil, fmt.Errorf("%w: %d entries, more than %d", ErrUnsafeZip, len(r.File), zipLimits.entries)
	}
	// Check every name before reading anything.
	for _, f := range r.File {
		if escapes(f.Name) {
			return nil, nil, fmt.Errorf("%w: the entry %s points outside the export's folder", ErrUnsafeZip, quoteName(f.Name))
		}
	}
	files = map[string][]byte{}
	var total int64
	for _, f := range r.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if strings.HasSuffix(name, "/") || !slices.Contains(exportNames, name) {
			if !strings.HasSuffix(name, "/") {
				ignored = append(ignored, quoteName(f.Name))
			}
			continue
		}
		if _, dup := files[name]; dup {
			return nil, nil, fmt.Errorf("%w: %s appears twice", ErrUnsafeZip, name)
		}
		if !f.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("%w: %s is not a regular file", ErrUnsafeZip, name)
		}
		data, err := readEntry(f, min(zipLimits.entry, zipLimits.total-total))
		if err != nil {
			return nil, nil, err
		}
		total += int64(len(data))
		files[name] = data
	}
	if files[DefinitionFile] == nil && files[AppDefinitionFile] == nil {
		return nil, nil, fmt.Errorf("the export zip holds no %s", DefinitionFile)
	}
	if files[ConfigFile] == nil {
		return nil, nil, fmt.Errorf("the export zip holds no %s", ConfigFile)
	}
	return files, ignored, nil
}

// readEntry reads one entry, failing past limit bytes.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s in the export zip: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s in the export zip: %w", f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s unpacks to more than %d bytes (the limits are %d MB a file, %d MB in all)",
			ErrUnsafeZip, quoteName(f.Name), limit, zipLimits.entry>>20, zipLimits.total>>20)
	}
	return data, nil
}

// escapes reports whether a zip entry's name, read as a path by any
// system, leaves the folder it is unpacked into.
func escapes(name string) bool {
	if name == "" || strings.ContainsRune(name, 0) {
		return true
	}
	slashed := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(slashed, "/") || (len(slashed) >= 2 && slashed[1] == ':') {
		return true
	}
	clean := path.Clean(slashed)
	return clean == ".." || strings.HasPrefix(clean, "../")
}

// quoteName quotes a name from the zip for a message, dropping what a
// terminal would act on.
func quoteName(name string) string {
	return fmt.Sprintf("%q", printable(name, 200))
}

// WriteFiles writes files into dir, making dir if need be. Each file is
// written to a temporary file in dir first, and renamed into place only
// once all of them are written, so a failure leaves no file half
// written. Names must be plain file names.
func WriteFiles(dir string, files map[string][]byte) error {
	for name := range files {
		if name != filepath.Base(name) || name == "." || name == ".." || escapes(name) {
			return fmt.Errorf("%w: %q is not a file name", ErrUnsafeZip, name)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		tmp, err := os.CreateTemp(dir, ".xoc-pull-*")
		if err != nil {
			return err
		}
		temps[name] = tmp.Name()
		_, werr := tmp.Write(files[name])
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		target := filepath.Join(dir, name)
		// Renaming over a link replaces the link, not what it points
		// to, so a link planted in dir cannot redirect the write.
		if info, err := os.Lstat(target); err == nil && info.IsDir() {
			return &fs.PathError{Op: "write", Path: target, Err: errors.New("is a directory")}
		}
		if err := os.Rename(temps[name], target); err != nil {
			return err
		}
		delete(temps, name)
	}
	return nil
}
