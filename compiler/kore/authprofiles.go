package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"bytes"
)

// JSON keys for the auth profile settings that no real export shows.
//
// The platform's Basic Auth profile form has Description, Authorization
// Check URL and, with tenancy, a tenancy URL, but the one real export with
// a Basic Auth profile (ecommerce-assistant) has none of them set, so their
// JSON keys are unknown. These are xoc's guesses, kept here and nowhere
// else. They are NOT written by default, because a key no real export has
// may be rejected or silently dropped by Import Bot: the export carries the
// base URL in appConfig.baseURL and tenancy in hasTenancy (both known), and
// the description and check URL have to be entered in the platform's UI
// after import. options.unverifiedAuthKeys writes them, for trying the
// names out against a live platform.
const (
	// authDescriptionKey: "description" is the key the platform uses for
	// descriptions elsewhere in an export (scenes, knowledge tasks).
	authDescriptionKey = "description"
	// authCheckURLKey follows the UI label, cased like appConfig.baseURL.
	authCheckURLKey = "authorizationCheckURL"
	// There is no separate tenancy URL key: with tenancy the base URL holds
	// the {tenant} placeholder and goes into appConfig.baseURL like any other.
)

// idpConfiguration is one entry of idpConfigurations[], shaped exactly like
// the reference Basic Auth profile. The platform asks the end user for a
// user name and password, sends them as the Authorization header
// "Basic {{passphrase}}", and service nodes that name the profile (idp)
// with authRequired true use the result.
type idpConfiguration struct {
	ID               string     `json:"_id"`
	RefID            string     `json:"refId"`
	Name             string     `json:"name"`
	ConnectorEnabled bool       `json:"connectorEnabled"`
	HasTenancy       bool       `json:"hasTenancy"`
	SSOType          string     `json:"sso_type"`
	Fields           []idpField `json:"fields"`
	FormFields       emptyArray `json:"formfields"`
	HeaderFields     emptyArray `json:"headerFields"`
	PayloadFields    emptyArray `json:"payloadFields"`
	AppConfig        appConfig  `json:"appConfig"`
	State            string     `json:"state"`

	// unverified holds the settings written under the keys above, in order,
	// when options.unverifiedAuthKeys is set.
	unverified []keyValue
}

type idpField struct {
	Type  string `json:"type"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

type appConfig struct {
	BaseURL string `json:"baseURL"`
}

type keyValue struct{ Key, Value string }

// MarshalJSON writes the known fields, then the unverified ones.
func (c idpConfiguration) MarshalJSON() ([]byte, error) {
	type plain idpConfiguration // drops this method
	base, err := compactJSON(plain(c))
	if err != nil || len(c.unverified) == 0 {
		return []byte(base), err
	}
	var b bytes.Buffer
	b.WriteString(base[:len(base)-1]) // without the closing brace
	for _, kv := range c.unverified {
		k, err := compactJSON(kv.Key)
		if err != nil {
			return nil, err
		}
		v, err := compactJSON(kv.Value)
		if err != nil {
			return nil, err
		}
		b.WriteString("," + k + ":" + v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (e *encoder) buildAuthProfile(p ir.AuthProfile) idpConfiguration {
	c := idpConfiguration{
		ID:         e.ids.authProfileID(p.Name),
		RefID:      e.ids.authProfileRef(p.Name),
		Name:       p.Name,
		HasTenancy: p.Tenancy,
		SSOType:    "basic",
		Fields: []idpField{
			{Type: "header", Key: "Authorization", Value: "Basic {{passphrase}}"},
			{Type: "payload", Key: "username", Value: "{{username}}"},
			{Type: "payload", Key: "password", Value: "{{password}}"},
		},
		AppConfig: appConfig{BaseURL: p.BaseURL},
		State:     "published",
	}
	if e.opts.unverifiedAuthKeys {
		c.unverified = []keyValue{
			{authDescriptionKey, p.Description},
			{authCheckURLKey, p.AuthorizationCheckURL},
		}
	}
	return c
}
