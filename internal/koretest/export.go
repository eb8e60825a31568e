package koretest

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
)

// EscapingEntries are the entries ServeEscapingZip adds to an export's
// zip: names that climb out of the folder a zip is unpacked into.
var EscapingEntries = []string{"../escaped.txt", "subdir/../../escaped-too.txt", "/tmp/xoc-koretest-absolute.txt"}

// PlatformCopy returns an export's files as the platform would export
// them after importing them: with the noise of exportZip, and the icon as
// it was.
func PlatformCopy(files map[string][]byte) (map[string][]byte, error) {
	def, err := platformNoise(files["botDefinition.json"])
	if err != nil {
		return nil, err
	}
	cfg, err := configNoise(files["config.json"])
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"botDefinition.json": def, "config.json": cfg, "icon.png": files["icon.png"]}, nil
}

// exportZip packs a bot's files as the platform's export does, with the
// noise a round trip through the platform adds: ids re-assigned,
// timestamps, an encryptedHash, arrays in another order, and secured
// env variables without their value. None of it changes what the bot
// means.
func exportZip(b bot, escaping bool) ([]byte, error) {
	def, err := platformNoise(b.definition)
	if err != nil {
		return nil, err
	}
	cfg, err := configNoise(b.config)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	entries := [][2]any{{"botDefinition.json", def}, {"config.json", cfg}, {"icon.png", b.icon}}
	if escaping {
		for _, name := range EscapingEntries {
			entries = append(entries, [2]any{name, []byte("escaped\n")})
		}
	}
	for _, e := range entries {
		f, err := w.Create(e[0].(string))
		if err != nil {
			return nil, err
		}
		f.Write(e[1].([]byte))
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newID derives the id the platform re-assigns to id: another id of the
// same prefix, the same on every run.
func newID(prefix, id string) string {
	sum := sha1.Sum([]byte("koretest:" + id))
	h := hex.EncodeToString(sum[:])
	return fmt.Sprintf("%s%s-%s-%s-%s-%s", prefix, h[:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

const timestamp = "2024-05-06T07:08:09.123Z"

func platformNoise(data []byte) ([]byte, error) {
	var def map[string]any
	if err := json.Unmarshal(data, &def); err != nil {
		return nil, err
	}
	ids := map[string]string{}
	remap := func(obj map[string]any, key, prefix string) {
		if old, ok := obj[key].(string); ok && old != "" {
			if ids[old] == "" {
				ids[old] = newID(prefix, old)
			}
			obj[key] = ids[old]
		}
	}
	var remapNodes func(nodes []any)
	remapNodes = func(nodes []any) {
		for _, n := range nodes {
			if node, ok := n.(map[string]any); ok {
				remap(node, "componentId", "dc-")
			}
		}
		slices.Reverse(nodes)
	}
	comps, _ := def["dialogComponents"].([]any)
	for _, c := range comps {
		comp := c.(map[string]any)
		remap(comp, "_id", "dc-")
		comp["createdOn"], comp["lMod"], comp["createdBy"] = timestamp, timestamp, "u-koretest"
		if nodes, ok := comp["nodes"].([]any); ok {
			remapNodes(nodes)
		}
	}
	dialogs, _ := def["dialogs"].([]any)
	for _, d := range dialogs {
		dialog := d.(map[string]any)
		remap(dialog, "_id", "dg-")
		dialog["createdOn"], dialog["lMod"] = timestamp, timestamp
		if nodes, ok := dialog["nodes"].([]any); ok {
			remapNodes(nodes)
		}
	}
	for _, c := range comps {
		remap(c.(map[string]any), "dialogId", "dg-")
	}
	sentences, _ := def["sentences"].([]any)
	for _, s := range sentences {
		sentence := s.(map[string]any)
		remap(sentence, "_id", "")
		remap(sentence, "taskId", "dc-")
	}
	if profiles, ok := def["idpConfigurations"].([]any); ok {
		for _, p := range profiles {
			remap(p.(map[string]any), "_id", "ap-")
		}
	}
	slices.Reverse(comps)
	slices.Reverse(dialogs)
	slices.Reverse(sentences)
	def["encryptedHash"] = "0123456789abcdef0123456789abcdef"
	def["lastModifiedOn"] = timestamp
	return json.MarshalIndent(def, "", "\t")
}

func configNoise(data []byte) ([]byte, error) {
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, err
	}
	vars, _ := cfg["envVariables"].([]any)
	for _, v := range vars {
		if env, ok := v.(map[string]any); ok && env["isSecured"] == true {
			env["value"] = ""
		}
	}
	slices.Reverse(vars)
	return json.MarshalIndent(cfg, "", "\t")
}
