package search

import (
	"maps"
	"testing"
)

// listOf makes the termList of terms, as newTermList does from a splitter.
func listOf(terms map[string]uint8) termList {
	sp := newTermSplitter()
	for t, tier := range terms {
		id := sp.id([]byte(t))
		sp.page = append(sp.page, id)
		for int(id) >= len(sp.on) {
			sp.on = append(sp.on, termState{})
		}
		sp.on[id].tier = tier
	}
	return newTermList(sp)
}

// TestTermList checks that a termList gives back its terms in order, and
// that diff finds exactly the terms whose tier changed, as a comparison
// of two maps does.
func TestTermList(t *testing.T) {
	cases := []struct{ old, cur map[string]uint8 }{
		{nil, nil},
		{nil, map[string]uint8{"seo": 1}},
		{map[string]uint8{"seo": 1}, nil},
		{map[string]uint8{"seo": 1, "brand": 3}, map[string]uint8{"seo": 1, "brand": 3}},
		{map[string]uint8{"seo": 1, "brand": 3}, map[string]uint8{"seo": 2, "checkout": 0}},
		{map[string]uint8{"a": 0, "ab": 1, "abc": 2}, map[string]uint8{"ab": 1, "abd": 2, "b": 3}},
		{map[string]uint8{"café": 0, "z": 1}, map[string]uint8{"cafe": 0, "café": 3}},
	}
	for _, c := range cases {
		old, cur := listOf(c.old), listOf(c.cur)
		got := maps.Collect(cur.all())
		if !maps.Equal(got, c.cur) && len(got)+len(c.cur) > 0 {
			t.Errorf("all() = %v, want %v", got, c.cur)
		}
		prev := ""
		for term := range cur.all() {
			if term <= prev && prev != "" {
				t.Errorf("all() gives %q after %q: not in order", term, prev)
			}
			prev = term
		}
		want := map[string]uint8{}
		for term, tier := range c.cur {
			if ot, ok := c.old[term]; !ok || ot != tier {
				want[term] = tier
			}
		}
		gone := map[string]bool{}
		for term := range c.old {
			if _, ok := c.cur[term]; !ok {
				gone[term] = true
			}
		}
		gotAdd, gotGone := map[string]uint8{}, map[string]bool{}
		diff(old, cur, func(term string, had, has bool, tier uint8) {
			if has {
				gotAdd[term] = tier
			} else {
				gotGone[term] = true
			}
			if had != keyIn(c.old, term) {
				t.Errorf("diff(%v, %v): %q had = %v", c.old, c.cur, term, had)
			}
		})
		if !maps.Equal(gotAdd, want) || !maps.Equal(gotGone, gone) {
			t.Errorf("diff(%v, %v) = added %v, removed %v; want %v, %v", c.old, c.cur, gotAdd, gotGone, want, gone)
		}
	}
}

func keyIn(m map[string]uint8, k string) bool { _, ok := m[k]; return ok }
