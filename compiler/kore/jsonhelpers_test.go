package kore

import (
	"encoding/json"
	"testing"
)

// brokenJSONMarker makes mutateJSON return bytes that are not JSON.
const brokenJSONMarker = "\x00break"

func mutateJSON(t *testing.T, data []byte, mutate func(map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	mutate(doc)
	if _, ok := doc[brokenJSONMarker]; ok {
		return data[:len(data)/2]
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonNode(doc map[string]any, dialog, i int) map[string]any {
	d := doc["dialogs"].([]any)[dialog].(map[string]any)
	return d["nodes"].([]any)[i].(map[string]any)
}

func jsonTransition(doc map[string]any, dialog, n, i int) map[string]any {
	return jsonNode(doc, dialog, n)["transitions"].([]any)[i].(map[string]any)
}

func jsonComponent(doc map[string]any, name string) map[string]any {
	for _, c := range doc["dialogComponents"].([]any) {
		if c := c.(map[string]any); c["name"] == name {
			return c
		}
	}
	panic("no component " + name)
}
