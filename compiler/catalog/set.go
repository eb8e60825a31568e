package catalog

import (
	"slices"
	"sort"
)

// Set is the templates one bot can install: the catalog's, and the bot's
// own user templates, which come first. A user template may take the name
// of a catalog template only when its file says overrides = true (DecodeUser
// reports one that does not), and then replaces it for this bot alone.
//
// The zero Set, and a nil *Set, is the catalog alone, so that code with no
// bot at hand (xoc templates without --dir) and code given a bot without
// user templates go the same way.
type Set struct {
	user []*UserTemplate // sorted by name, each name once
}

// Add adds a user template to the set. It returns false, and adds nothing,
// when the set has a user template of that name already: the bot declares
// each template_source once, and its loader reports the second.
func (s *Set) Add(u *UserTemplate) bool {
	i, found := slices.BinarySearchFunc(s.user, u.Name, func(x *UserTemplate, name string) int {
		switch {
		case x.Name < name:
			return -1
		case x.Name > name:
			return 1
		}
		return 0
	})
	if found {
		return false
	}
	s.user = slices.Insert(s.user, i, u)
	return true
}

// User returns the set's user templates, sorted by name.
func (s *Set) User() []*UserTemplate {
	if s == nil {
		return nil
	}
	return slices.Clone(s.user)
}

// userTemplate returns the set's user template called name.
func (s *Set) userTemplate(name string) *UserTemplate {
	if s == nil {
		return nil
	}
	for _, u := range s.user {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Lookup finds a template by name: the bot's own first, then the catalog's.
func (s *Set) Lookup(name string) (*Template, bool) {
	if u := s.userTemplate(name); u != nil {
		return u.Template, true
	}
	return Lookup(name)
}

// Source returns the file a template of the set comes from, as the bot's
// loader named it, or "" for a template of the catalog.
func (s *Set) Source(name string) string {
	if u := s.userTemplate(name); u != nil {
		return u.Filename
	}
	return ""
}

// All returns every template of the set, sorted by name: the catalog's,
// with those the bot overrides replaced by the bot's.
func (s *Set) All() []*Template {
	all := All()
	if s == nil {
		return all
	}
	for _, u := range s.user {
		if i := slices.IndexFunc(all, func(t *Template) bool { return t.Name == u.Name }); i >= 0 {
			all[i] = u.Template
		} else {
			all = append(all, u.Template)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// Names returns the names of every template of the set, sorted.
func (s *Set) Names() []string {
	all := s.All()
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	return names
}
