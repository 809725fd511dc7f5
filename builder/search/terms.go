package search

import (
	"html"
	"strconv"
	"strings"
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
// dictionary of the terms it has seen, from page to page, so that a word
// costs a hash and a comparison, and a term's string is made once per
// splitter rather than once per page.
type termSplitter struct {
	terms []string // the dictionary: every term seen, by id
	slots []int32  // the dictionary's hash table: id+1, or 0 for none
	shift uint     // 64 − log2(len(slots))

	// The terms of the current page.
	page   []int32     // their ids, in the order first seen
	on     []termState // by id
	number uint32      // the current page's number

	list []int32 // with listWords: the id of each word, in order
	text []byte  // a reused buffer for text with entities decoded
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

func newTermSplitter() *termSplitter { return &termSplitter{number: 1} }

// release lets the current page's terms go and hands sp back to the pool.
func (sp *termSplitter) release() {
	sp.page, sp.list = sp.page[:0], sp.list[:0]
	if sp.number++; sp.number == 0 {
		clear(sp.on)
		sp.number = 1
	}
	if len(sp.terms) > maxTerms || cap(sp.text) > 1<<20 {
		// A new splitter, not this one emptied: a term's id is its id
		// for as long as the splitter is (see Stream.lists).
		sp = newTermSplitter()
	}
	splitters.Put(sp)
}

// The FNV-1a hash of a term, computed as its bytes are read. Its slot in
// the hash table is taken from the top bits of the hash times goldenRatio
// (Fibonacci hashing): FNV-1a's own top bits are poorly spread.
const (
	fnvOffset   = 14695981039346656037
	fnvPrime    = 1099511628211
	goldenRatio = 0x9E3779B97F4A7C15
)

// splitTerms reads the terms of s into sp: with a tier (tierBody to
// tierTitle) it raises each term's tier on the page to at least that one;
// with countBody it counts them; with listWords it lists every word.
func splitTerms[T ~string | ~[]byte](sp *termSplitter, s T, mode int) {
	var w [4 * termRunes]byte // the term being read
	n, runes := 0, 0          // its bytes and runes
	h := uint64(fnvOffset)
	put := func(c byte) {
		w[n] = c
		n++
		h = (h ^ uint64(c)) * fnvPrime
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
			sp.found(w[:n], h, mode)
			n, runes, h = 0, 0, fnvOffset
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
		for _, r := range norm.NFKD.String(string(s[i:j])) {
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

// found records one word, the term w whose hash is h.
func (sp *termSplitter) found(w []byte, h uint64, mode int) {
	id := sp.id(w, h)
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

// id returns the id of the term w, whose hash is h, adding it to the
// dictionary if it is new.
func (sp *termSplitter) id(w []byte, h uint64) int32 {
	if len(sp.slots) == 0 {
		sp.slots, sp.shift = make([]int32, 1<<10), 64-10
	}
	mask := len(sp.slots) - 1
	for i := int((h * goldenRatio) >> sp.shift); ; i = (i + 1) & mask {
		k := sp.slots[i]
		if k == 0 {
			id := int32(len(sp.terms))
			sp.terms = append(sp.terms, string(w))
			sp.on = append(sp.on, termState{})
			sp.slots[i] = id + 1
			if 2*len(sp.terms) > len(sp.slots) {
				sp.grow()
			}
			return id
		}
		if sp.terms[k-1] == string(w) {
			return k - 1
		}
	}
}

// grow doubles the hash table.
func (sp *termSplitter) grow() {
	sp.slots = make([]int32, 2*len(sp.slots))
	sp.shift--
	mask := len(sp.slots) - 1
	for id, t := range sp.terms {
		h := uint64(fnvOffset)
		for i := 0; i < len(t); i++ {
			h = (h ^ uint64(t[i])) * fnvPrime
		}
		i := int((h * goldenRatio) >> sp.shift)
		for sp.slots[i] != 0 {
			i = (i + 1) & mask
		}
		sp.slots[i] = int32(id) + 1
	}
}

// countHTML counts the terms of a rendered body's text, as
// splitTerms(sp, htmlText(h), countBody) would, without making the text.
func (sp *termSplitter) countHTML(h string) {
	htmlSegments(h, func(text string) {
		if strings.IndexByte(text, '&') < 0 {
			splitTerms(sp, text, countBody)
			return
		}
		if d, ok := decodeEntities(sp.text[:0], text); ok {
			sp.text = d
			splitTerms(sp, d, countBody)
			return
		}
		splitTerms(sp, html.UnescapeString(text), countBody)
	})
}

// entities are the character references that Markdown bodies commonly
// hold (escaped characters, and the typographer's quotes and dashes), as
// html.UnescapeString decodes them.
var entities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "#39": "'", "#34": `"`,
	"lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
	"laquo": "«", "raquo": "»", "hellip": "…", "ndash": "–", "mdash": "—",
	"nbsp": "\u00a0",
}

// decodeEntities appends text to dst with its character references
// decoded, and reports false if it holds one that is not in entities nor
// a plain numeric one.
func decodeEntities(dst []byte, text string) ([]byte, bool) {
	for {
		i := strings.IndexByte(text, '&')
		if i < 0 {
			return append(dst, text...), true
		}
		dst = append(dst, text[:i]...)
		text = text[i+1:]
		end := strings.IndexByte(text, ';')
		if end < 0 || end > len("#x10FFFF") {
			return dst, false
		}
		if r, ok := entities[text[:end]]; ok {
			dst = append(dst, r...)
		} else if r, ok := numericEntity(text[:end]); ok {
			dst = utf8.AppendRune(dst, r)
		} else {
			return dst, false
		}
		text = text[end+1:]
	}
}

// numericEntity decodes the name of a numeric character reference, "#160"
// or "#xa0", to a character that html.UnescapeString keeps as it is: not
// NUL, a C1 control (which it reads as Windows-1252), a surrogate or
// beyond Unicode.
func numericEntity(name string) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	r := rune(n)
	if err != nil || r == 0 || 0x80 <= r && r <= 0x9f || 0xd800 <= r && r <= 0xdfff || r > unicode.MaxRune {
		return 0, false
	}
	return r, true
}

// htmlText returns the text of a rendered body: tags become spaces,
// entities are decoded and the contents of script and style elements (raw
// HTML, with unsafe_html) are left out.
func htmlText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	htmlSegments(h, func(text string) {
		b.WriteString(html.UnescapeString(text))
		b.WriteByte(' ')
	})
	return b.String()
}

// htmlSegments calls fn with each run of text between the tags of a
// rendered body, as it is (entities not decoded), leaving out the
// contents of script and style elements.
func htmlSegments(h string, fn func(text string)) {
	skip := ""
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			i = len(h)
		}
		if skip == "" && i > 0 {
			fn(h[:i])
		}
		h = h[i:]
		if len(h) == 0 {
			return
		}
		j := strings.IndexByte(h, '>')
		if j < 0 {
			return
		}
		tag := h[1:j]
		h = h[j+1:]
		closing := len(tag) > 0 && tag[0] == '/'
		name := tag
		if closing {
			name = tag[1:]
		}
		k := 0
		for k < len(name) && name[k] != ' ' && name[k] != '\t' && name[k] != '\n' && name[k] != '/' {
			k++
		}
		name = name[:k]
		if len(name) < len("style") || len(name) > len("ſcript") {
			continue // neither script nor style, which EqualFold matches in 5 to 7 bytes
		}
		switch {
		case skip != "":
			if closing && strings.EqualFold(name, skip) && len(name) == len(tag)-1 {
				skip = ""
			}
		case !closing && strings.EqualFold(name, "script"):
			skip = "script"
		case !closing && strings.EqualFold(name, "style"):
			skip = "style"
		}
	}
}
