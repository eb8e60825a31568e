package kore

import "github.com/xoc-dev/xoc/compiler/ir"

// config is config.json: the bot's name and its environment variables.
type config struct {
	Name         string        `json:"name"`
	EnvVariables []envVariable `json:"envVariables"`
}

// envVariable has the keys of the references' env variables. vNameSpace is
// empty because the export declares no namespaces.
type envVariable struct {
	Key            string     `json:"key"`
	Value          string     `json:"value"`
	VariableType   string     `json:"variableType"`
	Hint           string     `json:"hint"`
	Scope          string     `json:"scope"`
	Group          string     `json:"group"`
	PropagateValue bool       `json:"propagateValue"`
	VNameSpace     emptyArray `json:"vNameSpace"`
	IsSecured      bool       `json:"isSecured"`
}

func (e *encoder) buildConfig(b *ir.Bot) *config {
	c := &config{Name: botName(b), EnvVariables: make([]envVariable, 0, len(b.EnvVars))}
	for _, v := range b.EnvVars {
		// A secured variable keeps whatever value the IR gives it: the
		// lowering stage leaves it empty (what the platform exports) unless
		// the user asked to embed secrets.
		c.EnvVariables = append(c.EnvVariables, envVariable{
			Key:          v.Key,
			Value:        v.Value,
			VariableType: "env",
			Hint:         v.Hint,
			Scope:        "prePopulated",
			IsSecured:    v.Secured,
		})
	}
	return c
}
