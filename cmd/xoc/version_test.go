package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"testing"
)

// fakeBuildInfo makes the version command read info as its build
// information (ok false: the binary has none) for the rest of the test.
func fakeBuildInfo(t *testing.T, info *debug.BuildInfo, ok bool) {
	t.Helper()
	saved := readBuildInfo
	t.Cleanup(func() { readBuildInfo = saved })
	readBuildInfo = func() (*debug.BuildInfo, bool) { return info, ok }
}

const testRevision = "0123456789abcdef0123456789abcdef01234567"

// sourceBuild is what the Go toolchain records for `go build` in a git
// clone with uncommitted changes.
func sourceBuild() *debug.BuildInfo {
	return &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/xoc-dev/xoc", Version: "v0.0.0-20260102030405-0123456789ab+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "-buildmode", Value: "exe"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: testRevision},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
}

func TestVersionOfEachKindOfBuild(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{
			name: "go install at a tag",
			info: &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			ok:   true,
			want: "xoc v1.2.3 " + platform + "\n",
		},
		{
			name: "go build in a clone with changes",
			info: sourceBuild(),
			ok:   true,
			want: "xoc v0.0.0-20260102030405-0123456789ab+dirty " + platform +
				" (commit 0123456789ab of 2026-01-02T03:04:05Z, with uncommitted changes)\n",
		},
		{
			// The toolchain knew the commit but no module version: the
			// commit is what tells builds apart.
			name: "devel build with a VCS stamp",
			info: &debug.BuildInfo{
				Main: debug.Module{Version: develVersion},
				Settings: []debug.BuildSetting{
					{Key: "vcs.revision", Value: testRevision},
					{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
					{Key: "vcs.modified", Value: "false"},
				},
			},
			ok:   true,
			want: "xoc (devel) " + platform + " (commit 0123456789ab of 2026-01-02T03:04:05Z)\n",
		},
		{
			name: "no build information",
			ok:   false,
			want: "xoc (devel) " + platform + "\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeBuildInfo(t, tc.info, tc.ok)
			code, stdout, stderr := xoc(t, nil, "version")
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if stdout != tc.want {
				t.Errorf("xoc version printed\n%q\nwant\n%q", stdout, tc.want)
			}
		})
	}
}

func TestVersionLinkTimeVersionWins(t *testing.T) {
	fakeBuildInfo(t, sourceBuild(), true)
	saved := version
	t.Cleanup(func() { version = saved })
	version = "v9.8.7"
	_, stdout, _ := xoc(t, nil, "version", "--format", "json")
	var got buildVersion
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v in %q", err, stdout)
	}
	if got.Version != "v9.8.7" || got.Revision != testRevision {
		t.Errorf("got %+v; want the link-time version and the VCS revision", got)
	}
}

func TestVersionJSON(t *testing.T) {
	fakeBuildInfo(t, sourceBuild(), true)
	code, stdout, stderr := xoc(t, nil, "version", "--format", "json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v in %q", err, stdout)
	}
	want := map[string]any{
		"format_version": "1.0",
		"version":        "v0.0.0-20260102030405-0123456789ab+dirty",
		"revision":       testRevision,
		"time":           "2026-01-02T03:04:05Z",
		"modified":       true,
		"go":             runtime.Version(),
		"platform":       runtime.GOOS + "/" + runtime.GOARCH,
	}
	if len(got) != len(want) {
		t.Errorf("keys: got %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %#v, want %#v", k, got[k], w)
		}
	}
}

func TestVersionRejectsAnUnknownFormat(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "version", "--format", "yaml")
	if code != exitUsage || stdout != "" || stderr == "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and a message", code, stdout, stderr, exitUsage)
	}
}
