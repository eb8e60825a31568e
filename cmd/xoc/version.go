package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); a
// binary installed with go install reports its module version instead.
var version = ""

// readBuildInfo is debug.ReadBuildInfo, a variable so that tests can give
// the version command the build information of any kind of build.
var readBuildInfo = debug.ReadBuildInfo

// develVersion is what the Go toolchain records as the main module's
// version when it knows none (go run, or a build without VCS stamping).
const develVersion = "(devel)"

// buildVersion is what xoc knows of the build it runs from, as
// `xoc version --format json` prints it.
type buildVersion struct {
	FormatVersion string `json:"format_version"`
	// Version is the link-time version, else the module version: a tag
	// for go install ...@v1.2.3, a pseudo-version such as
	// v0.0.0-20260102030405-0123456789ab(+dirty) for a build in a git
	// clone, else "(devel)".
	Version string `json:"version"`
	// Revision, Time and Modified are the VCS stamp of a build in a
	// clone: the commit, its time, and whether the tree had changes
	// that were not committed. go install ...@version records none.
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

func currentVersion() buildVersion {
	v := buildVersion{
		FormatVersion: "1.0",
		Version:       version,
		Go:            runtime.Version(),
		Platform:      runtime.GOOS + "/" + runtime.GOARCH,
	}
	info, ok := readBuildInfo()
	if !ok {
		if v.Version == "" {
			v.Version = develVersion
		}
		return v
	}
	if v.Version == "" {
		v.Version = info.Main.Version
	}
	if v.Version == "" {
		v.Version = develVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the one line `xoc version` prints: the version and platform,
// then the commit when the build recorded one.
func (v buildVersion) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "xoc %s %s", v.Version, v.Platform)
	if v.Revision != "" {
		rev := v.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		fmt.Fprintf(&b, " (commit %s", rev)
		if v.Time != "" {
			fmt.Fprintf(&b, " of %s", v.Time)
		}
		if v.Modified {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString(")")
	}
	return b.String()
}

func newVersionCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print xoc's version",
		Long: `Version prints xoc's version and platform and, for a build in a git clone,
the commit it was built from and whether the tree had uncommitted changes.
With --format json it prints them as one JSON object.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := currentVersion()
			switch format {
			case "text":
				fmt.Fprintln(a.stdout, v)
			case "json":
				out, err := json.MarshalIndent(v, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s\n", out)
			default:
				return usageError("--format must be text or json, not %q", format)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
