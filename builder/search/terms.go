package search

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/playbook-dev/playbook/builder/content"
	"golang.org/x/text/unicode/norm"
)

// termRunes is the most runes of a term: a longer run of letters and
// digits is cut.
const termRunes = 32

// termSplitter splits the texts of a page into terms as Terms does
// and gathers them, with how often and where they occur. It keeps a
// dictionary of the terms it has seen, from page to page, so that a term's
// string is made once per splitter rather than once per page.
type termSplitter struct {
	terms []string         // the dictionary: every term seen, by id
	ids   map[string]int32 // the id of every term in terms

	// The terms of the current page.
	page   []int32     // their ids, in the order first seen
	on     []termState // by id
	number uint32      // the current page's number

	list []int32 // with listWords: the id of each word, in order
}

// termState is what a splitter knows of a term on the current page.
type termState struct {
	seen  uint32 // the number of the page that last saw the term: the state is of that page
	count int32  // times seen in the body (splitTerms with countBody)
	tier  uint8  // the highest tier it was seen in
}

// The modes of splitTerms other than a tier.
const (
	countBody = -1 // count each term in counts
	listWords = -2 // append each word's id to list
)

// maxTerms is the largest dictionary a splitter keeps from page to page.
const maxTerms = 1 << 17

// splitters recycles termSplitters between pages.
var splitters = sync.Pool{New: func() any { return newTermSplitter() }}

func newTermSplitter() *termSplitter { return &termSplitter{ids: map[string]int32{}, number: 1} }

// release lets the current page's terms go and hands sp back to the pool.
func (sp *termSplitter) release() {
	sp.page, sp.list = sp.page[:0], sp.list[:0]
	if sp.number++; sp.number == 0 {
		clear(sp.on)
		sp.number = 1
	}
	if len(sp.terms) > maxTerms {
		// A new splitter, not this one emptied: a term's id is its id
		// for as long as the splitter is (see Stream.lists).
		sp = newTermSplitter()
	}
	splitters.Put(sp)
}

// splitTerms reads the terms of s into sp: with a tier (tierBody to
// tierTitle) it raises each term's tier on the page to at least that one;
// with countBody it counts them; with listWords it lists every word.
func splitTerms(sp *termSplitter, s string, mode int) {
	var w [4 * termRunes]byte // the term being read
	n, runes := 0, 0          // its bytes and runes
	put := func(c byte) {
		w[n] = c
		n++
	}
	putRune := func(r rune) {
		if runes < termRunes {
			var rb [utf8.UTFMax]byte
			for _, c := range rb[:utf8.EncodeRune(rb[:], r)] {
				put(c)
			}
			runes++
		}
	}
	flush := func() {
		if n > 0 {
			sp.found(w[:n], mode)
			n, runes = 0, 0
		}
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if l := asciiTerm[c]; l == 0 {
				flush()
			} else if runes < termRunes {
				put(l)
				runes++
			}
			i++
			continue
		}
		// A run of other characters is decomposed (NFKD) on its own:
		// ASCII characters neither decompose nor reorder with accents, so
		// this is the decomposition of the whole text, without copying it.
		j := i + 1
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		for _, r := range norm.NFKD.String(s[i:j]) {
			switch {
			case r < utf8.RuneSelf:
				if l := asciiTerm[r]; l != 0 {
					putRune(rune(l))
				} else {
					flush()
				}
			case unicode.Is(unicode.Mn, r):
				// a combining accent: dropped, without ending the term
			case content.Fold(r) != "":
				for _, f := range content.Fold(r) {
					putRune(f)
				}
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				putRune(unicode.ToLower(r))
			default:
				flush()
			}
		}
		i = j
	}
	flush()
}

// asciiTerm maps the ASCII letters and digits to their lowercase, and
// every other ASCII character, which ends a term, to 0.
var asciiTerm = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	return t
}()

// found records one word, the term w.
func (sp *termSplitter) found(w []byte, mode int) {
	id := sp.id(w)
	st := &sp.on[id]
	if st.seen != sp.number {
		*st = termState{seen: sp.number, tier: tierBody}
		sp.page = append(sp.page, id)
	}
	switch mode {
	case countBody:
		st.count++
	case listWords:
		sp.list = append(sp.list, id)
	default:
		st.tier = max(st.tier, uint8(mode))
	}
}

// id returns the id of the term w, adding it to the dictionary if it is
// new.
func (sp *termSplitter) id(w []byte) int32 {
	if id, ok := sp.ids[string(w)]; ok {
		return id
	}
	id := int32(len(sp.terms))
	t := string(w)
	sp.terms = append(sp.terms, t)
	sp.on = append(sp.on, termState{})
	sp.ids[t] = id
	return id
}
