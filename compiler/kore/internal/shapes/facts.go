package shapes

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Facts are what the real exports say about values rather than key paths:
// the settings the platform writes by default, and how it stores texts
// whose JSON type alone does not tell (a payload is a string either way).
type Facts struct {
	// ConfidenceConfigs are the platform's default NLP thresholds, by
	// mode (ml, faq, cs, rr): every setting of localeData.en.confidenceConfigs[]
	// that more than half of the exports having that mode carry, with the
	// value most of them give it. Only English counts, the one language
	// every export has, so that a bot in two languages is not counted twice.
	ConfidenceConfigs map[string]map[string]any `json:"confidenceConfigs"`
	// FormPayloads counts, by PayloadStorage, how service components whose
	// headers declare a form Content-Type store payload.value.
	FormPayloads map[string]int `json:"formPayloads"`
	// SampleResponses counts sampleResponse[].response texts by
	// SampleStorage.
	SampleResponses map[string]int `json:"sampleResponses"`
}

// Storage classes of a payload.value (see PayloadStorage).
const (
	PayloadEmpty             = "empty"
	PayloadPlainObject       = "plain JSON object of strings"
	PayloadPlainOther        = "plain JSON, not an object of strings"
	PayloadURIEncodedObject  = "URI-encoded JSON object"
	PayloadNotJSON           = "not JSON"
	formContentType          = "application/x-www-form-urlencoded"
	sampleWrapped            = "{statusCode, body, headers}"
	sampleBodyOnly           = "body only"
	sampleOneLine            = "on one line"
	sampleIndentedFormat     = "indented by %d spaces"
	sampleNotJSON            = "not JSON"
	confidenceConfigsKeyPath = "confidenceConfigs"
)

// PayloadStorage classifies a service's stored payload.value.
func PayloadStorage(value string) string {
	if strings.TrimSpace(value) == "" || value == "undefined" {
		return PayloadEmpty
	}
	var v any
	if json.Unmarshal([]byte(value), &v) == nil {
		if obj, ok := v.(map[string]any); ok && allStrings(obj) {
			return PayloadPlainObject
		}
		return PayloadPlainOther
	}
	// Close enough to decodeURIComponent to tell an encoded object.
	if decoded, err := url.PathUnescape(value); err == nil {
		var obj map[string]any
		if json.Unmarshal([]byte(decoded), &obj) == nil {
			return PayloadURIEncodedObject
		}
	}
	return PayloadNotJSON
}

func allStrings(obj map[string]any) bool {
	for _, v := range obj {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// SampleStorage classifies a sampleResponse[].response text: what it
// wraps and how it is laid out, e.g. "{statusCode, body, headers},
// indented by 4 spaces".
func SampleStorage(response string) string {
	var obj map[string]any
	if err := json.Unmarshal([]byte(response), &obj); err != nil {
		return sampleNotJSON
	}
	wrap := sampleBodyOnly
	if _, ok := obj["statusCode"]; ok && len(obj) == 3 && obj["body"] != nil && obj["headers"] != nil {
		wrap = sampleWrapped
	}
	layout := sampleOneLine
	if _, rest, ok := strings.Cut(response, "\n"); ok {
		layout = fmt.Sprintf(sampleIndentedFormat, len(rest)-len(strings.TrimLeft(rest, " ")))
	}
	return wrap + ", " + layout
}

// FormContentType reports whether a service's headers.value (a JSON object
// as a string) declares a form body.
func FormContentType(headers string) bool {
	var obj map[string]any
	if json.Unmarshal([]byte(headers), &obj) != nil {
		return false
	}
	for k, v := range obj {
		if s, ok := v.(string); ok && strings.EqualFold(k, "Content-Type") && strings.HasPrefix(strings.ToLower(s), formContentType) {
			return true
		}
	}
	return false
}

// factCounter gathers Facts over the definitions of several exports.
type factCounter struct {
	facts Facts
	// settings[mode][key][JSON of value] counts the values of a setting;
	// modes[mode] counts the exports with that mode.
	settings map[string]map[string]map[string]int
	modes    map[string]int
}

func newFactCounter() *factCounter {
	return &factCounter{
		facts:    Facts{FormPayloads: map[string]int{}, SampleResponses: map[string]int{}},
		settings: map[string]map[string]map[string]int{},
		modes:    map[string]int{},
	}
}

// add records the facts of one decoded botDefinition.json.
func (c *factCounter) add(doc any) {
	def, _ := doc.(map[string]any)
	locales, _ := def["localeData"].(map[string]any)
	if english, ok := locales["en"].(map[string]any); ok {
		configs, _ := english[confidenceConfigsKeyPath].([]any)
		for _, cfg := range configs {
			obj, _ := cfg.(map[string]any)
			mode, _ := obj["mode"].(string)
			if mode == "" {
				continue
			}
			c.modes[mode]++
			if c.settings[mode] == nil {
				c.settings[mode] = map[string]map[string]int{}
			}
			for k, v := range obj {
				data, _ := json.Marshal(v)
				if c.settings[mode][k] == nil {
					c.settings[mode][k] = map[string]int{}
				}
				c.settings[mode][k][string(data)]++
			}
		}
	}
	components, _ := def["dialogComponents"].([]any)
	for _, comp := range components {
		obj, _ := comp.(map[string]any)
		if obj["type"] != "service" {
			continue
		}
		headers, _ := obj["headers"].(map[string]any)
		payload, _ := obj["payload"].(map[string]any)
		if h, _ := headers["value"].(string); FormContentType(h) {
			p, _ := payload["value"].(string)
			c.facts.FormPayloads[PayloadStorage(p)]++
		}
		samples, _ := obj["sampleResponse"].([]any)
		for _, s := range samples {
			if r, ok := s.(map[string]any)["response"].(string); ok {
				c.facts.SampleResponses[SampleStorage(r)]++
			}
		}
	}
}

// result picks, for each mode, the settings most exports carry and the
// value most give each; a tie picks the smallest JSON text, so the result
// does not depend on map order.
func (c *factCounter) result() *Facts {
	c.facts.ConfidenceConfigs = map[string]map[string]any{}
	for mode, keys := range c.settings {
		chosen := map[string]any{}
		for key, values := range keys {
			total, best, bestCount := 0, "", 0
			texts := make([]string, 0, len(values))
			for text := range values {
				texts = append(texts, text)
			}
			sort.Strings(texts)
			for _, text := range texts {
				total += values[text]
				if values[text] > bestCount {
					best, bestCount = text, values[text]
				}
			}
			if 2*total > c.modes[mode] {
				var v any
				_ = json.Unmarshal([]byte(best), &v)
				chosen[key] = v
			}
		}
		c.facts.ConfidenceConfigs[mode] = chosen
	}
	return &c.facts
}
