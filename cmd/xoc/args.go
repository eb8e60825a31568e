package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"
)

// The checks below find the command-line mistakes that would otherwise
// surface later as a configuration error (exit 1) or not at all: a
// directory that does not exist, a file where a directory belongs, a
// --var-file that cannot be read, a URL or duration that cannot be
// meant. Each is a usage error (exit 2) naming the flag or argument.

// checkDirArgs checks the DIR arguments of validate, build and run: each
// plain DIR must be an existing directory. (A DIR/... pattern is checked
// where it is expanded.)
func checkDirArgs(args []string) error {
	for _, arg := range args {
		if arg == "..." || strings.HasSuffix(arg, "/...") {
			continue
		}
		if err := checkDir(arg, fmt.Sprintf("directory %q", arg)); err != nil {
			return err
		}
	}
	return nil
}

// checkDir checks that path is an existing directory; what names it in
// the message.
func checkDir(path, what string) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError("%s does not exist", what)
	case err != nil:
		return usageError("%s: %v", what, err)
	case !info.IsDir():
		return usageError("%s is a file, not a directory", what)
	}
	return nil
}

// checkVarFiles checks that each --var-file names a readable file.
func checkVarFiles(paths []string) error {
	for _, path := range paths {
		what := fmt.Sprintf("--var-file %q", path)
		info, err := os.Stat(path)
		switch {
		case path == "":
			return usageError("--var-file needs a file name")
		case errors.Is(err, fs.ErrNotExist):
			return usageError("%s does not exist", what)
		case err != nil:
			return usageError("%s: %v", what, err)
		case info.IsDir():
			return usageError("%s is a directory, not a file of name = value lines", what)
		}
	}
	return nil
}

// checkOutDir checks build's --out: a folder name, which may not exist
// yet, but is no file.
func checkOutDir(path string) error {
	if path == "" {
		return usageError(`--out needs a folder name ("" writes nowhere)`)
	}
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		return usageError("--out %q is a file, not a folder", path)
	}
	return nil
}

// checkAPIURL checks a Stripe API base URL given by source (a flag or
// environment variable): an absolute http or https URL with a host, and
// nothing after the path, since request paths are appended to it.
func checkAPIURL(source, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return usageError("%s %q is not a URL: %v", source, raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return usageError("%s %q must start with http:// or https://", source, raw)
	case u.Host == "" || u.Hostname() == "":
		return usageError("%s %q has no host", source, raw)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#"):
		return usageError("%s %q must be a base URL, without a query or fragment", source, raw)
	case u.User != nil:
		// The URL is not repeated: it holds a password, perhaps.
		return usageError("%s may not hold a user name or password", source)
	}
	return nil
}

// checkTimeout checks a --timeout: a time limit must be positive.
func checkTimeout(d time.Duration) error {
	if d <= 0 {
		return usageError("--timeout must be positive, not %s", d)
	}
	return nil
}
