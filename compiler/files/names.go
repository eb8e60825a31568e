package files

import (
	"io/fs"
	"strings"
)

// File name suffixes of configuration files: HCL native syntax and HCL's
// JSON syntax.
const (
	SuffixHCL  = ".xo.hcl"
	SuffixJSON = ".xo.json"
)

// SuffixTemplateHCL ends the name of a user template file in the native
// syntax, which a bot's template_source names (see catalog.UserSuffixHCL).
// It is no configuration file of a bot, but xoc fmt formats it.
const SuffixTemplateHCL = ".xotemplate.hcl"

// IsConfigFile reports whether a file name is a configuration file xoc
// reads: *.xo.hcl or *.xo.json, not hidden and not an editor's backup.
//
// Editors leave "#name#" autosaves and "name~" backups beside the files
// they edit, and tools (format.WriteFile among them) write hidden
// temporary files; reading any of them would declare every block twice.
func IsConfigFile(name string) bool {
	if isHidden(name) || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return false
	}
	return strings.HasSuffix(name, SuffixHCL) || strings.HasSuffix(name, SuffixJSON)
}

// isConfigEntry reports whether a directory entry is a configuration file.
// Only regular files count: a symbolic link is not followed, so a bot is
// made of the files in its own directory and nothing else.
func isConfigEntry(entry fs.DirEntry) bool {
	return entry.Type().IsRegular() && IsConfigFile(entry.Name())
}

// isHidden reports whether a file or directory name is hidden, as on Unix.
func isHidden(name string) bool {
	return strings.HasPrefix(name, ".")
}

// BotFiles lists the configuration files of the bot in dir, sorted. Only
// dir itself is read: a directory below it is another bot, or none.
//
// An error is the one os.ReadDir returns, so that callers can tell a
// missing directory (fs.ErrNotExist) from one they may not read.
func BotFiles(dir string) ([]string, error) {
	var paths []string
	err := Walk(dir, func(path string, entry fs.DirEntry) error {
		if entry.IsDir() {
			return fs.SkipDir
		}
		if isConfigEntry(entry) {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Walk meets the entries in lexical order, and they all share dir as
	// a prefix: the paths are sorted already.
	return paths, nil
}
