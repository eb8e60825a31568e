package kore

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/kore/internal/shapes"
)

// referenceShapes is the committed summary of the real exports
// (gen_shapes.go writes it; TestReferenceShapesCurrent keeps it current).
const referenceShapes = "testdata/reference-shapes.json"

// requiredShare is how common a key must be among real objects of a kind
// for our objects of that kind to be required to have it.
const requiredShare = 0.9

// allowedOmissions are keys that at least requiredShare of real objects of
// a kind have and that xoc leaves out on purpose, by kind path + "." + key.
var allowedOmissions = map[string]string{
	// Audit fields the platform stamps when a user saves a message: a user
	// id and timestamps. xoc has neither and does not fake them.
	"botEvents.TASK_FAILURE_EVENT.msg[].createdBy": "audit field",
	"botEvents.TASK_FAILURE_EVENT.msg[].createdOn": "audit field",
	"botEvents.TASK_FAILURE_EVENT.msg[].lMod":      "audit field",
	"botEvents.TASK_FAILURE_EVENT.msg[].lModBy":    "audit field",
	"botEvents.TASK_FAILURE_EVENT.msg[].__v":       "audit field (MongoDB document version)",

	// A transition is either {if, then, metadata} or {default, metadata}.
	// Real service nodes seldom branch, so "default" is on 92% of their
	// transitions; xoc's service nodes always branch on the status code.
	"dialogs[].nodes[type=service].transitions[].default": "transitions are a union of two shapes",
}

// allowedExtras are key paths xoc writes that no real export has. The auth
// profile keys no export shows are off by default (see authprofiles.go),
// and nothing else is invented.
var allowedExtras = map[string]string{
	// The newest export has altText in the customTags of every one of its
	// nodes, whatever the type; it has no top-level script or service
	// nodes (they sit inside bot-action nodes there), so only these two
	// typed paths are unseen.
	"dialogs[].nodes[type=script].nodeOptions.customTags.altText":  "customTags of the newest export",
	"dialogs[].nodes[type=service].nodeOptions.customTags.altText": "customTags of the newest export",
}

// TestConformance holds the export of a sample bot that uses every feature
// of the IR to the shapes of the real exports: no key path or JSON type
// that no real export has, and no key missing that nearly every real object
// of the same kind has.
func TestConformance(t *testing.T) {
	ref, err := shapes.Load(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	t.Run(BotDefinitionFile, func(t *testing.T) { checkConforms(t, ref, BotDefinitionFile, x.BotDefinition) })
	t.Run(ConfigFile, func(t *testing.T) { checkConforms(t, ref, ConfigFile, x.Config) })
}

// checkConforms reports every way one export file departs from the shapes
// of the real exports' file of the same name.
func checkConforms(t *testing.T, ref *shapes.Summary, name string, data []byte) {
	t.Helper()
	doc, err := shapes.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	ours := shapes.NewShape()
	ours.Add(doc)
	for _, p := range conformanceProblems(ref.Files[name], ours) {
		t.Error(p)
	}
}

func conformanceProblems(ref, ours *shapes.Shape) []string {
	var problems []string
	for _, path := range sortedMapKeys(ours.Types) {
		if _, ok := allowedExtras[path]; ok {
			continue
		}
		refTypes := ref.TypesAt(path)
		if refTypes == nil {
			problems = append(problems, "no real export has the key path "+path)
			continue
		}
		for _, typ := range ours.TypesAt(path) {
			if !slices.Contains(refTypes, typ) {
				problems = append(problems, fmt.Sprintf("%s is %s here; real exports have it as %s", path, typ, ref.Types[path]))
			}
		}
	}
	for _, kind := range sortedMapKeys(ours.Kinds) {
		refKind := ref.Kinds[kind]
		if refKind == nil {
			continue // reported as a key path above
		}
		ourKind := ours.Kinds[kind]
		for _, key := range sortedMapKeys(refKind.Keys) {
			share := float64(refKind.Keys[key]) / float64(refKind.Count)
			if share < requiredShare || ourKind.Keys[key] == ourKind.Count {
				continue
			}
			if _, ok := allowedOmissions[shapes.Join(kind, key)]; ok {
				continue
			}
			problems = append(problems, fmt.Sprintf("missing %s, which %.0f%% of real objects of kind %s have",
				shapes.Join(kind, key), 100*share, kind))
		}
	}
	return problems
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestReferenceShapesCurrent regenerates the summary from the reference
// exports, when they are present, and compares it with the committed one.
func TestReferenceShapesCurrent(t *testing.T) {
	root, err := shapes.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := shapes.ReferenceDir(root)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("reference exports not found at %s (they live outside the repository); skipping the freshness check of %s", filepath.Clean(dir), referenceShapes)
	}
	sum, err := shapes.FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sum.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `go generate ./compiler/kore` and commit the result", referenceShapes)
	}
}

// TestConformanceCatches makes sure the comparison above fails where it
// should: an unknown key, a wrong JSON type, a missing common key.
func TestConformanceCatches(t *testing.T) {
	ref, err := shapes.Load(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	broken := mutateJSON(t, x.BotDefinition, func(doc map[string]any) {
		doc["inventedKey"] = true
		d := doc["dialogs"].([]any)[0].(map[string]any)
		d["isHidden"] = "no"
		delete(d, "lname")
	})
	doc, err := shapes.Decode(broken)
	if err != nil {
		t.Fatal(err)
	}
	ours := shapes.NewShape()
	ours.Add(doc)
	got := strings.Join(conformanceProblems(ref.Files[BotDefinitionFile], ours), "\n")
	for _, want := range []string{
		"no real export has the key path inventedKey",
		"dialogs[].isHidden is string here",
		"missing dialogs[].lname",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not mention %q:\n%s", want, got)
		}
	}
}

// TestAllowListsAreNeeded keeps the allow-lists honest: every entry must
// still be something the conformance check would otherwise reject.
func TestAllowListsAreNeeded(t *testing.T) {
	ref, err := shapes.Load(referenceShapes)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Encode(sampleBot())
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := shapes.Decode(x.BotDefinition)
	ours := shapes.NewShape()
	ours.Add(doc)
	def := ref.Files[BotDefinitionFile]
	for path := range allowedOmissions {
		kind, key := path[:strings.LastIndex(path, ".")], path[strings.LastIndex(path, ".")+1:]
		rk, ok := def.Kinds[kind]
		if !ok || float64(rk.Keys[key])/float64(rk.Count) < requiredShare {
			t.Errorf("allowedOmissions[%q]: real exports do not require it", path)
		}
		if ok := ours.Kinds[kind]; ok == nil {
			t.Errorf("allowedOmissions[%q]: xoc writes no object of kind %s", path, kind)
		} else if ok.Keys[key] == ok.Count {
			t.Errorf("allowedOmissions[%q]: xoc writes it now", path)
		}
	}
	for path := range allowedExtras {
		if def.Types[path] != "" {
			t.Errorf("allowedExtras[%q]: real exports have it", path)
		}
	}
}
