package search

import (
	"iter"
	"slices"
	"strings"
)

// termList is a document's terms with their tiers, sorted by term, in one
// string: for each term a byte of its length, the term, and a byte of its
// tier. The dev server keeps one for each page of the site, so it takes
// about a third of the memory of a map.
type termList string

// maxTermBytes is the longest term a termList holds: a term is cut to
// 32 runes (see Terms), of 4 bytes at most.
const maxTermBytes = 32 * 4

// newTermList returns the list of the terms in sp.page, whose tiers are in
// sp.on.
func newTermList(sp *termSplitter) termList {
	ids := slices.Clone(sp.page)
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(sp.terms[a], sp.terms[b]) })
	n := 0
	for _, id := range ids {
		n += len(sp.terms[id]) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for _, id := range ids {
		t := sp.terms[id]
		if len(t) > maxTermBytes {
			t = t[:maxTermBytes] // not reached: terms are cut shorter
		}
		b.WriteByte(byte(len(t)))
		b.WriteString(t)
		b.WriteByte(sp.on[id].tier)
	}
	return termList(b.String())
}

// all yields each term and its tier, in order.
func (l termList) all() iter.Seq2[string, uint8] {
	return func(yield func(string, uint8) bool) {
		for s := string(l); len(s) > 0; {
			n := int(s[0])
			if !yield(s[1:1+n], s[1+n]) {
				return
			}
			s = s[n+2:]
		}
	}
}

// diff calls f for each term whose tier in cur is not the one in old:
// with had false for a term only cur holds, and has false for one only old
// holds.
func diff(old, cur termList, f func(t string, had, has bool, tier uint8)) {
	a, b := string(old), string(cur)
	for len(a) > 0 || len(b) > 0 {
		var ta, tb string
		if len(a) > 0 {
			ta = a[1 : 1+int(a[0])]
		}
		if len(b) > 0 {
			tb = b[1 : 1+int(b[0])]
		}
		switch c := strings.Compare(ta, tb); {
		case len(b) == 0 || len(a) > 0 && c < 0: // only in old
			f(ta, true, false, 0)
			a = a[len(ta)+2:]
		case len(a) == 0 || c > 0: // only in cur
			f(tb, false, true, b[1+len(tb)])
			b = b[len(tb)+2:]
		default:
			if a[1+len(ta)] != b[1+len(tb)] {
				f(tb, true, true, b[1+len(tb)])
			}
			a, b = a[len(ta)+2:], b[len(tb)+2:]
		}
	}
}
