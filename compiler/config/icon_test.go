//go:build linux || darwin

package config

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// builtinIcon is a valid 40×40 PNG.
func builtinIcon(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "kore", "icon.png"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pngHeader is a PNG signature and an IHDR chunk declaring the given size,
// and nothing else.
func pngHeader(width, height uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, width)
	ihdr = binary.BigEndian.AppendUint32(ihdr, height)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, uint32(len(ihdr)))
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

// The icon is read once, as a regular file inside the bot's directory, to
// at most the platform's limit, and decoded to its end: a link to
// /dev/zero was read until memory ran out, a FIFO blocked forever, and a
// PNG cut short passed.
func TestIcon(t *testing.T) {
	icon := builtinIcon(t)
	outside := filepath.Join(t.TempDir(), "outside.png")
	if err := os.WriteFile(outside, icon, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		make   func(path string) error
		detail string // of the one diagnostic; "" for none
	}{
		{"regular file", func(p string) error { return os.WriteFile(p, icon, 0o644) }, ""},
		{"link inside the directory", func(p string) error {
			if err := os.MkdirAll(filepath.Join(filepath.Dir(p), "assets"), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(filepath.Dir(p), "assets", "shared.png"), icon, 0o644); err != nil {
				return err
			}
			return os.Symlink(filepath.Join("assets", "shared.png"), p)
		}, ""},
		{"link to /dev/zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "is a link that leads out of the bot's directory"},
		{"link outside the directory", func(p string) error { return os.Symlink(outside, p) }, "is a link that leads out of the bot's directory"},
		{"FIFO", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "is not a regular file"},
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }, "is not a regular file"},
		{"too large", func(p string) error { return os.WriteFile(p, append(icon, make([]byte, maxIconBytes)...), 0o644) }, "is larger than 80 kB"},
		{"cut short", func(p string) error { return os.WriteFile(p, icon[:len(icon)-20], 0o644) }, "is not a valid PNG image (unexpected EOF)"},
		{"huge declared size", func(p string) error { return os.WriteFile(p, pngHeader(100_000, 100_000), 0o644) }, "is 100000×100000 pixels"},
		{"not a PNG", func(p string) error { return os.WriteFile(p, []byte("GIF89a"), 0o644) }, "is not a PNG image"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeBot(t, "bot \"b\" {\n  icon = \"logo.png\"\n}\n")
			if err := c.make(filepath.Join(dir, "logo.png")); err != nil {
				t.Fatal(err)
			}
			cfg, _, diags := Load(dir, Inputs{})
			if c.detail == "" {
				if diags.HasErrors() || !bytes.Equal(cfg.IconData, icon) {
					t.Fatalf("the icon was not taken: %s", describe(diags))
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary != "Invalid icon" || !strings.Contains(diags[0].Detail, c.detail) {
				t.Fatalf("want one Invalid icon diagnostic (…%s…), got:\n%s", c.detail, describe(diags))
			}
			if s := diags[0].Subject; s == nil || s.Start.Line != 2 {
				t.Errorf("the diagnostic should point at the icon attribute, line 2: %v", s)
			}
			if cfg.IconData != nil {
				t.Error("an invalid icon's bytes were kept")
			}
		})
	}
}

// A configuration file is read as a regular file too: one swapped for a
// FIFO or a link after the directory was listed is reported, not waited
// on or followed.
func TestSourceNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo, link := filepath.Join(dir, "a.xo.hcl"), filepath.Join(dir, "b.xo.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	_, _, diags := LoadFiles(dir, []string{fifo, link}, Inputs{})
	if len(diags) != 2 {
		t.Fatalf("want two diagnostics, got:\n%s", describe(diags))
	}
	for _, d := range diags {
		if d.Summary != "Cannot read file" {
			t.Errorf("got %s", describe(hcl.Diagnostics{d}))
		}
	}
}
