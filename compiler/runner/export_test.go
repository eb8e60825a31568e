package runner

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadExport(t *testing.T) {
	dir := "testdata/create_customer"
	def, cfg, err := ReadExport(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		got  []byte
	}{{DefinitionFile, def}, {ConfigFile, cfg}} {
		want, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.got, want) {
			t.Errorf("%s: ReadExport did not return the file's contents", f.name)
		}
	}
	if _, err := Parse(def, cfg); err != nil {
		t.Errorf("Parse: %v", err)
	}
}

// TestReadExportAppDefinition: exports from XO 11 on name the definition
// file appDefinition.json.
func TestReadExportAppDefinition(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/create_customer/"+DefinitionFile, filepath.Join(dir, AppDefinitionFile))
	copyFile(t, "testdata/create_customer/"+ConfigFile, filepath.Join(dir, ConfigFile))
	if _, err := Load(dir); err != nil {
		t.Fatal(err)
	}
}

// TestReadExportNoExport: a folder without a definition file is not an
// export, which callers tell from an export they cannot read by
// ErrNoExport.
func TestReadExportNoExport(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bot.xo.hcl")
	if err := os.WriteFile(file, []byte(`bot "b" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{
		"empty folder": t.TempDir(),
		"bot sources":  filepath.Dir(file),
		"missing":      filepath.Join(t.TempDir(), "missing"),
		"a file":       file,
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := ReadExport(dir)
			if !errors.Is(err, ErrNoExport) {
				t.Fatalf("err = %v, want ErrNoExport", err)
			}
			if want := dir + ": no botDefinition.json"; err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
		})
	}
}

// TestReadExportWithoutConfig: an export missing config.json is an export
// with a problem, not a folder of something else.
func TestReadExportWithoutConfig(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/create_customer/"+DefinitionFile, filepath.Join(dir, DefinitionFile))
	_, _, err := ReadExport(dir)
	if err == nil || errors.Is(err, ErrNoExport) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want config.json not found", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
