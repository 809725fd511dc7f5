package views

import (
	neturl "net/url"
	"slices"
	"sort"
	"strings"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/format"
)

// Term is a value of a taxonomy (an approach, a status, a team or a tag) and
// the briefs that have it.
type Term struct {
	Taxonomy string // approach, status, teams, tags
	Name     string // as first written
	URL      string
	Briefs   []*content.Page
}

// Count is the number of the term's briefs.
func (t *Term) Count() int { return len(t.Briefs) }

// Label is the term as pages show it: a tag as its writer wrote it
// ("CMS"), a status, approach or team in words ("Marketing-led", "IT").
func (t *Term) Label() string {
	if t.Taxonomy == "tags" {
		return t.Name
	}
	return format.Label(t.Name)
}

// termsOf lists the terms of each taxonomy that briefs use, each with its
// briefs in order: approaches and statuses in their fixed order, teams
// and tags by name.
func termsOf(briefs []*content.Page) map[string][]*Term {
	terms := map[string][]*Term{}
	termIdx := map[string]*Term{}
	written := map[[2]string]*Term{} // taxonomy and name as written → term
	slugs := map[string]string{}
	slug := func(name string) string {
		s, ok := slugs[name]
		if !ok {
			s = neturl.PathEscape(content.Anchor(name))
			slugs[name] = s
		}
		return s
	}
	addTerm := func(tax, name string, p *content.Page) {
		t := written[[2]string{tax, name}]
		if t == nil {
			key := tax + "/" + slug(name)
			t = termIdx[key]
			if t == nil {
				t = &Term{Taxonomy: tax, Name: name, URL: "/" + tax + "/" + slug(name) + "/"}
				termIdx[key] = t
				terms[tax] = append(terms[tax], t)
			}
			written[[2]string{tax, name}] = t
		}
		if n := len(t.Briefs); n == 0 || t.Briefs[n-1] != p {
			t.Briefs = append(t.Briefs, p)
		}
	}
	for _, p := range briefs {
		br := p.Brief
		if br.Approach != "" {
			addTerm("approach", br.Approach, p)
		}
		addTerm("status", br.Status, p)
		for _, r := range br.Roles {
			if r.Team != "" {
				addTerm("teams", r.Team, p)
			}
		}
		for _, t := range br.Tags {
			if slug(t) != "" {
				addTerm("tags", t, p)
			}
		}
	}
	order := map[string][]string{"approach": content.Approaches, "status": content.Statuses}
	for tax, ts := range terms {
		rank := func(t *Term) int {
			for i, v := range order[tax] {
				if v == t.Name {
					return i
				}
			}
			return len(order[tax])
		}
		sort.SliceStable(ts, func(i, j int) bool {
			if ri, rj := rank(ts[i]), rank(ts[j]); ri != rj {
				return ri < rj
			}
			return strings.ToLower(ts[i].Name) < strings.ToLower(ts[j].Name)
		})
	}
	return terms
}

// patchTerms returns the terms of the last build (last) with the edited
// briefs (new → old) in place of their old versions, when every edited
// brief has the same approach, status, teams and tags as before.
func patchTerms(last map[string][]*Term, edits map[*content.Page]*content.Page) (map[string][]*Term, bool) {
	swap := make(map[*content.Page]*content.Page, len(edits)) // old → new
	for p, q := range edits {
		if !sameTerms(p.Brief, q.Brief) {
			return nil, false
		}
		swap[q] = p
	}
	terms := make(map[string][]*Term, len(last))
	for tax, ts := range last {
		out := make([]*Term, len(ts))
		for i, t := range ts {
			briefs := swapped(t.Briefs, swap)
			if briefs == nil {
				out[i] = t
				continue
			}
			nt := *t
			nt.Briefs = briefs
			out[i] = &nt
		}
		terms[tax] = out
	}
	return terms, true
}

// sameTerms reports whether two versions of a brief have the same terms.
func sameTerms(x, y *content.Brief) bool {
	if x.Approach != y.Approach || x.Status != y.Status || !slices.Equal(x.Tags, y.Tags) || len(x.Roles) != len(y.Roles) {
		return false
	}
	for i, r := range x.Roles {
		if r.Team != y.Roles[i].Team {
			return false
		}
	}
	return true
}
