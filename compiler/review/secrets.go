package review

import (
	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// scrubSecrets returns a copy of b (or b itself, when no secured variable
// has a value) in which every text that holds the value of a secured env
// variable, as a [secret.Scrubber] finds it, shows a marker instead. Where
// one value contains another, the longer is marked whole; equal lengths
// keep the env variable order. The env variable table
// never prints secured values anyway; this is the second line of defence,
// for a value that an --embed-secrets build also placed somewhere else (a
// header written with the key itself rather than {{env.…}}).
func scrubSecrets(b *ir.Bot) *ir.Bot {
	var scrubber secret.Scrubber
	empty := true
	for _, v := range b.EnvVars {
		if v.Secured && v.Value != "" {
			scrubber.Add(v.Value, "(secured value of env."+v.Key+")")
			empty = false
		}
	}
	if empty {
		// The usual case: secured values are empty unless secrets are
		// embedded, and there is nothing to scrub.
		return b
	}
	scrub := scrubber.Scrub
	list := func(in []string) []string {
		if in == nil {
			return nil
		}
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = scrub(s)
		}
		return out
	}

	c := &ir.Bot{
		Label:       scrub(b.Label),
		Name:        scrub(b.Name),
		Description: scrub(b.Description),
		Language:    scrub(b.Language),
	}
	for _, v := range b.EnvVars {
		value := scrub(v.Value)
		if v.Secured {
			value = ""
		}
		c.EnvVars = append(c.EnvVars, ir.EnvVar{Key: scrub(v.Key), Value: value, Hint: scrub(v.Hint), Secured: v.Secured})
	}
	for _, a := range b.AuthProfiles {
		c.AuthProfiles = append(c.AuthProfiles, ir.AuthProfile{
			Name:                  scrub(a.Name),
			Description:           scrub(a.Description),
			BaseURL:               scrub(a.BaseURL),
			AuthorizationCheckURL: scrub(a.AuthorizationCheckURL),
			Tenancy:               a.Tenancy,
		})
	}
	for _, d := range b.Dialogs {
		cd := ir.Dialog{Key: scrub(d.Key), Name: scrub(d.Name), Description: scrub(d.Description), Utterances: list(d.Utterances), Source: scrub(d.Source)}
		for _, n := range d.Nodes {
			cn := ir.Node{Name: scrub(n.Name), Type: ir.NodeType(scrub(string(n.Type))), Script: scrub(n.Script), Message: scrub(n.Message),
				Confirmation: scrub(n.Confirmation)}
			if n.Entity != nil {
				cn.Entity = &ir.Entity{
					Type:          scrub(n.Entity.Type),
					Prompt:        scrub(n.Entity.Prompt),
					ErrorPrompt:   scrub(n.Entity.ErrorPrompt),
					AllowedValues: list(n.Entity.AllowedValues),
				}
			}
			if n.Service != nil {
				s := &ir.Service{
					Method:         scrub(n.Service.Method),
					URL:            scrub(n.Service.URL),
					AuthProfile:    scrub(n.Service.AuthProfile),
					TimeoutSeconds: n.Service.TimeoutSeconds,
				}
				for _, h := range n.Service.Headers {
					s.Headers = append(s.Headers, ir.Header{Name: scrub(h.Name), Value: scrub(h.Value)})
				}
				for _, f := range n.Service.Form {
					s.Form = append(s.Form, ir.Param{Name: scrub(f.Name), Value: scrub(f.Value)})
				}
				cn.Service = s
			}
			for _, t := range n.Transitions {
				ct := ir.Transition{To: scrub(t.To)}
				if t.If != nil {
					ct.If = &ir.Condition{Context: scrub(t.If.Context), Op: scrub(t.If.Op), Value: scrub(t.If.Value), DialogAct: scrub(t.If.DialogAct)}
				}
				cn.Transitions = append(cn.Transitions, ct)
			}
			cd.Nodes = append(cd.Nodes, cn)
		}
		c.Dialogs = append(c.Dialogs, cd)
	}
	return c
}
