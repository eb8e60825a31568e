package config

import "github.com/xoc-dev/xoc/compiler/files"

// ExpandDirs turns command-line directory arguments into bot directories.
//
// Deprecated: use files.BotDirs.
func ExpandDirs(args []string) ([]string, error) { return files.BotDirs(args) }

// ConfigFiles lists the configuration files of a directory, sorted.
//
// Deprecated: use files.BotFiles.
func ConfigFiles(dir string) ([]string, error) { return files.BotFiles(dir) }
