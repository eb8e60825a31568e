package platform

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name string
	data string
	link bool
}

func zipOf(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.link {
			h.SetMode(os.ModeSymlink | 0o777)
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(e.data))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var export = []entry{{DefinitionFile, `{"dialogs":[]}`, false}, {ConfigFile, `{"name":"x"}`, false}, {IconFile, "png", false}}

func TestReadExportZip(t *testing.T) {
	files, ignored, err := ReadExportZip(zipOf(t, append(export, entry{"botFunctions.js", "x", false}, entry{"docs/", "", false})...))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || string(files[ConfigFile]) != `{"name":"x"}` {
		t.Errorf("files: %v", files)
	}
	if len(ignored) != 1 || ignored[0] != `"botFunctions.js"` {
		t.Errorf("ignored: %v", ignored)
	}
}

func TestReadExportZipRefuses(t *testing.T) {
	old := zipLimits
	defer func() { zipLimits = old }()
	zipLimits.entry, zipLimits.total, zipLimits.entries = 1000, 1500, 10
	big := strings.Repeat("0", 1001)
	for name, entries := range map[string][]entry{
		"parent":             append(export, entry{"../escaped.txt", "x", false}),
		"parent, nested":     append(export, entry{"a/../../escaped.txt", "x", false}),
		"parent, backslash":  append(export, entry{`..\escaped.txt`, "x", false}),
		"absolute":           append(export, entry{"/tmp/escaped.txt", "x", false}),
		"drive":              append(export, entry{`C:\escaped.txt`, "x", false}),
		"first, then export": append([]entry{{"../" + DefinitionFile, "{}", false}}, export...),
		"twice":              append(export, entry{ConfigFile, "{}", false}),
		"link":               {{DefinitionFile, "/etc/passwd", true}, export[1]},
		"entry too big":      {{DefinitionFile, big, false}, export[1]},
		"too big in all":     {{DefinitionFile, big[:900], false}, {ConfigFile, big[:900], false}},
		"too many entries":   append(export, make([]entry, 10)...),
	} {
		if name == "too many entries" {
			for i := 3; i < len(entries); i++ {
				entries[i] = entry{name: "f" + strings.Repeat("x", i), data: "x"}
			}
		}
		_, _, err := ReadExportZip(zipOf(t, entries...))
		if !errors.Is(err, ErrUnsafeZip) {
			t.Errorf("%s: want ErrUnsafeZip, got %v", name, err)
		}
	}
	for name, entries := range map[string][]entry{
		"no definition": {export[1]},
		"no config":     {export[0]},
	} {
		if _, _, err := ReadExportZip(zipOf(t, entries...)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if _, _, err := ReadExportZip([]byte("not a zip")); err == nil {
		t.Error("not a zip: want an error")
	}
}

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteFiles(dir, map[string][]byte{ConfigFile: []byte("new"), IconFile: []byte("png")}); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, map[string][]byte{ConfigFile: []byte("newer")}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("want the two files and no temporary one, got %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ConfigFile)); string(data) != "newer" {
		t.Errorf("config.json: %q", data)
	}
	for _, bad := range []string{"../x", "a/b", "..", "/abs"} {
		if err := WriteFiles(dir, map[string][]byte{bad: []byte("x")}); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "x")); err == nil {
		t.Error("a file was written outside the folder")
	}
}
