package views

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/corpus"
)

// TestNewFromLast: the views made from those of the last build, after
// edits that keep or change names, teams, tags and titles, are those made
// from scratch.
func TestNewFromLast(t *testing.T) {
	site, err := content.Load(corpus.Generate(120, 1), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	briefs := site.Briefs
	today := corpus.Reference
	last := New(briefs, today, nil, nil)
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 30 {
		next := slices.Clone(briefs)
		for range 1 + r.IntN(4) {
			i := r.IntN(len(next))
			next[i] = edit(next[i], r.IntN(5))
		}
		got := New(next, today, briefs, last)
		want := New(next, today, nil, nil)
		if !slices.Equal(got.KPIs, want.KPIs) {
			t.Fatalf("round %d: KPIs differ from a fresh build's", round)
		}
		if len(got.People) != len(want.People) {
			t.Fatalf("round %d: %d people, want %d", round, len(got.People), len(want.People))
		}
		for i, g := range got.People {
			w := want.People[i]
			if g.Name != w.Name || g.ID != w.ID || g.More != w.More || !slices.Equal(g.Roles, w.Roles) || !slices.Equal(g.Shown, w.Shown) {
				t.Fatalf("round %d: person %d is %+v, want %+v", round, i, g, w)
			}
		}
		for _, tax := range []string{"approach", "status", "teams", "tags"} {
			g, w := got.Terms[tax], want.Terms[tax]
			if len(g) != len(w) {
				t.Fatalf("round %d: %d %s, want %d", round, len(g), tax, len(w))
			}
			for i := range g {
				if g[i].Name != w[i].Name || g[i].URL != w[i].URL || !slices.Equal(g[i].Briefs, w[i].Briefs) {
					t.Fatalf("round %d: %s term %d is %+v, want %+v", round, tax, i, g[i], w[i])
				}
			}
		}
		if len(got.Repeats) != len(want.Repeats) {
			t.Fatalf("round %d: repeated titles %v, want %v", round, got.Repeats, want.Repeats)
		}
		briefs, last = next, got
	}
}

// edit returns a new version of the brief p, as the load of an edited file
// makes it: a new *Page, *Brief and roles. how picks what changes: 0 the
// summary only, 1 the title, 2 a person's name, 3 a team, 4 the tags.
func edit(p *content.Page, how int) *content.Page {
	np, nb := *p, *p.Brief
	np.Brief, nb.Page = &nb, &np
	nb.Roles = make([]*content.Role, len(p.Brief.Roles))
	for i, r := range p.Brief.Roles {
		nr := *r
		nr.Brief = &nb
		nb.Roles[i] = &nr
	}
	switch how {
	case 0:
		np.Summary += " Edited."
	case 1:
		np.Title = "A retitled brief"
	case 2:
		if len(nb.Roles) > 0 {
			nb.Roles[0].Person = "Someone New"
		}
	case 3:
		if len(nb.Roles) > 0 {
			nb.Roles[0].Team = "operations"
		}
	case 4:
		nb.Tags = append(slices.Clone(nb.Tags), "edited")
	}
	return &np
}
