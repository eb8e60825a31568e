// Package shapes summarizes the structure of Kore.ai bot exports: which key
// paths occur, with which JSON types, and how often each object kind carries
// each of its keys.
//
// The summary of the real exports is committed as a test fixture, so the
// export writer's conformance test runs on a fresh clone without the
// reference exports themselves; the same walker summarizes what xoc emits,
// so both sides are described in exactly the same terms.
//
// Paths fold arrays as "[]" ("dialogComponents[].endPoint.method"). Objects
// whose keys are data rather than field names (language maps such as
// localeData, synonym dictionaries, maps keyed by ids) have their keys folded
// to "*". Elements of dialogComponents[] and dialogs[].nodes[] are described
// twice: once under the plain path and once per type
// ("dialogComponents[type=service]"), because the fields of a component
// depend on its type.
package shapes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Root is the kind name of a document's top-level object.
const Root = "$"

// Summary describes a set of exports, per file name.
type Summary struct {
	// Sources names the exports summarized (folder names), sorted.
	Sources []string `json:"sources"`
	// Files maps a file name (botDefinition.json, config.json) to its shape.
	Files map[string]*Shape `json:"files"`
	// Facts are about the values of botDefinition.json.
	Facts *Facts `json:"facts"`
}

// Shape describes every document seen for one file name.
type Shape struct {
	// Types maps a key path to the JSON types seen there, sorted and joined
	// with "|": "array", "boolean", "null", "number", "object", "string"
	// (e.g. "null|string"). One string per path keeps the committed summary
	// compact and its diffs readable.
	Types map[string]string `json:"types"`
	// Kinds maps the path of an object (Root for the top level) to how many
	// objects were seen there and how many of them had each key.
	Kinds map[string]*Kind `json:"kinds"`
}

// Kind counts the objects found at one path and the keys they carry.
type Kind struct {
	Count int            `json:"count"`
	Keys  map[string]int `json:"keys"`
}

// Join returns the path of key inside an object of the given kind.
func Join(kind, key string) string {
	if kind == Root {
		return key
	}
	return kind + "." + key
}

// typedArrays are the arrays whose elements are also described per value of
// their "type" field.
var typedArrays = map[string]bool{
	"dialogComponents": true,
	"dialogs[].nodes":  true,
}

// languageMaps are object names whose keys are language codes.
var languageMaps = map[string]bool{
	"localeData":                 true,
	"languageConfigurations":     true,
	"multiLingualConfigurations": true,
}

// dataMaps are the paths of objects keyed by data (words, ids).
var dataMaps = map[string]bool{
	"localeData.*.synonyms": true,
	"scenes[].components":   true,
	"scenes[].dialogLinks":  true,
}

// folds reports whether the keys of the object at path are data.
func folds(path string) bool {
	if dataMaps[path] {
		return true
	}
	last := path[strings.LastIndex(path, ".")+1:]
	if i := strings.IndexByte(last, '['); i >= 0 {
		last = last[:i]
	}
	return languageMaps[last]
}

// NewShape returns an empty Shape.
func NewShape() *Shape {
	return &Shape{Types: map[string]string{}, Kinds: map[string]*Kind{}}
}

// Add walks one decoded JSON document (as produced by encoding/json into an
// any) and records its paths, types and kinds.
func (s *Shape) Add(doc any) {
	s.walk(doc, []string{Root})
}

func (s *Shape) walk(v any, paths []string) {
	t := typeName(v)
	for _, p := range paths {
		if p != Root {
			s.addType(p, t)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, p := range paths {
			k := s.kind(p)
			k.Count++
			seen := map[string]bool{}
			for _, key := range keys {
				if folds(p) {
					key = "*"
				}
				if !seen[key] {
					seen[key] = true
					k.Keys[key]++
				}
			}
		}
		for _, key := range keys {
			child := make([]string, len(paths))
			for i, p := range paths {
				name := key
				if folds(p) {
					name = "*"
				}
				child[i] = Join(p, name)
			}
			s.walk(v[key], child)
		}
	case []any:
		for _, e := range v {
			child := make([]string, 0, len(paths)+1)
			for _, p := range paths {
				child = append(child, p+"[]")
			}
			if obj, ok := e.(map[string]any); ok {
				if typ, ok := obj["type"].(string); ok {
					for _, p := range paths {
						if typedArrays[p] {
							child = append(child, p+"[type="+typ+"]")
						}
					}
				}
			}
			s.walk(e, child)
		}
	}
}

func (s *Shape) kind(path string) *Kind {
	k, ok := s.Kinds[path]
	if !ok {
		k = &Kind{Keys: map[string]int{}}
		s.Kinds[path] = k
	}
	return k
}

func (s *Shape) addType(path, t string) {
	ts := s.TypesAt(path)
	if !slices.Contains(ts, t) {
		ts = append(ts, t)
		sort.Strings(ts)
		s.Types[path] = strings.Join(ts, "|")
	}
}

// TypesAt returns the JSON types seen at path, sorted; nil if the path was
// never seen.
func (s *Shape) TypesAt(path string) []string {
	if s.Types[path] == "" {
		return nil
	}
	return strings.Split(s.Types[path], "|")
}

func typeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	default: // float64, json.Number
		return "number"
	}
}

// Decode parses a JSON document for Add.
func Decode(data []byte) (any, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Files are the export files a summary covers.
var Files = []string{"botDefinition.json", "config.json"}

// FromDir summarizes every export folder directly below dir (each holding
// botDefinition.json and config.json), in sorted order.
func FromDir(dir string) (*Summary, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Files: map[string]*Shape{}}
	for _, f := range Files {
		sum.Files[f] = NewShape()
	}
	facts := newFactCounter()
	for _, e := range entries { // os.ReadDir sorts by name
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		for _, f := range Files {
			data, err := os.ReadFile(filepath.Join(dir, e.Name(), f))
			if err != nil {
				return nil, err
			}
			doc, err := Decode(data)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %w", e.Name(), f, err)
			}
			sum.Files[f].Add(doc)
			if f == "botDefinition.json" {
				facts.add(doc)
			}
		}
		sum.Sources = append(sum.Sources, e.Name())
	}
	if len(sum.Sources) == 0 {
		return nil, fmt.Errorf("%s: no export folders", dir)
	}
	sum.Facts = facts.result()
	return sum, nil
}

// Marshal renders the summary as indented JSON with sorted keys and a final
// newline; the same summary always gives the same bytes.
func (s *Summary) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Load reads a summary written by Marshal.
func Load(path string) (*Summary, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// ModuleRoot returns the directory of the nearest go.mod at or above the
// working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// ReferenceDir is where the project keeps the real exports, outside the
// repository: <module root>/../shared/reference/kore-exports.
func ReferenceDir(moduleRoot string) string {
	return filepath.Join(moduleRoot, "..", "shared", "reference", "kore-exports")
}
