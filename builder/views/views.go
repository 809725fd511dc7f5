// Package views makes the views across a site's briefs that its list
// pages show: every KPI, off-track first ([KPIRow], on /kpis/); everyone
// the roles name, with their roles ([Person], on /people/, and its A–Z
// index, [PeopleIndex]); the terms of each taxonomy and their briefs
// ([Term]); what needs attention ([Attention], on the home page); and the
// links between the pages of a long list ([Pager]).
//
// The views are values made from the briefs alone: the package knows
// nothing of layouts, files or caches. The builder makes a [Set] once per
// build, hands its values to the layouts, and keeps it for the next build
// of the same site, which [New] spares work: after an edit, only what the
// edited briefs change is made again.
package views

import (
	"slices"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// A Set is the views across the briefs of one build. It is not changed
// once made: the next build reads it, and makes a Set of its own from it.
type Set struct {
	// KPIs is every KPI of every brief: off track or missed first, then
	// by brief title, then by KPI name; ties keep the order of the briefs.
	KPIs []KPIRow
	// People is everyone the roles name, by name, each with their roles
	// in brief order; names that differ only in case are one person.
	People []*Person
	// Terms maps each taxonomy (approach, status, teams, tags) to the
	// terms the briefs use: approaches and statuses in the order of their
	// allowed values, teams and tags by name; tags that slug alike are one.
	Terms map[string][]*Term
	// Repeats holds the titles that two briefs or more have.
	Repeats map[string]bool

	today   time.Time                  // the day of the rows' State
	byTitle []*content.Page            // the briefs by title, then position
	rowsOf  map[*content.Page][]KPIRow // each brief's rows
	groups  map[*content.Page]kpiGroup // by the first brief of each title
}

// New makes the views of briefs on the day today. The Set of the last
// build, last, made from lastBriefs, spares it work when not nil: the KPI
// rows and order of unchanged briefs are kept, and people and terms are
// patched after an edit that changed no name, team, tag, status or
// approach. (A *Page stands for the same front matter: see
// content.DocCache.)
func New(briefs []*content.Page, today time.Time, lastBriefs []*content.Page, last *Set) *Set {
	s := &Set{today: today}
	edits, patch := edited(briefs, lastBriefs)
	patch = patch && last != nil
	// The three views are independent: each is made by a pass over the
	// briefs of its own, at the same time as the others.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // every KPI, off-track first
		defer wg.Done()
		var lastOrder []*content.Page
		var lastRows map[*content.Page][]KPIRow
		var lastGroups map[*content.Page]kpiGroup
		if last != nil && last.today.Equal(today) {
			lastOrder, lastRows, lastGroups = last.byTitle, last.rowsOf, last.groups
		}
		s.rowsOf = kpiRows(briefs, today, lastRows)
		s.byTitle = titleOrder(briefs, lastBriefs, lastOrder)
		s.Repeats = map[string]bool{}
		for i := 1; i < len(s.byTitle); i++ {
			if t := s.byTitle[i].Title; t == s.byTitle[i-1].Title {
				s.Repeats[t] = true
			}
		}
		s.KPIs, s.groups = sortKPIs(s.byTitle, s.rowsOf, lastGroups)
	}()
	go func() { // every person and their roles
		defer wg.Done()
		ok := false
		if patch {
			s.People, ok = patchPeople(last.People, edits)
		}
		if !ok {
			s.People = peopleOf(briefs)
		}
	}()
	ok := false
	if patch {
		s.Terms, ok = patchTerms(last.Terms, edits)
	}
	if !ok {
		s.Terms = termsOf(briefs)
	}
	wg.Wait()
	return s
}

// edited pairs each brief that changed since the last build with its last
// version (new → old), when the briefs are those of the last build, at the
// same positions with the same URLs, and few of them changed. Briefs of
// the last build that are not edited are the same *Page.
func edited(briefs, lastBriefs []*content.Page) (map[*content.Page]*content.Page, bool) {
	if len(briefs) != len(lastBriefs) {
		return nil, false
	}
	edits := map[*content.Page]*content.Page{}
	for i, p := range briefs {
		q := lastBriefs[i]
		if p == q {
			continue
		}
		if p.URL != q.URL || len(edits) >= maxPatched {
			return nil, false
		}
		edits[p] = q
	}
	return edits, true
}

// maxPatched is how many edited briefs the views of the last build are
// patched for; more, and they are made anew.
const maxPatched = 64

// swapped returns a copy of xs with the elements that swap maps replaced,
// or nil when it maps none of them.
func swapped[T comparable](xs []T, swap map[T]T) []T {
	var out []T
	for i, x := range xs {
		if y, ok := swap[x]; ok {
			if out == nil {
				out = slices.Clone(xs)
			}
			out[i] = y
		}
	}
	return out
}
