package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/internal/par"
	"github.com/playbook-dev/playbook/builder/markdown"
)

// The search index is JSON under /search/, read by theme/search.js. It is
// made of three kinds of file, so that a query downloads only a small part
// of it however large the site:
//
//	search/meta.json      {"version": 1, "build": "…", "docs": N, "docs_per_file": 16,
//	                       "weights": [1, 2, 4, 8], "prefix_shards": 2,
//	                       "shards": ["", "delivery", "metric", …]}
//	search/shard-I.json   {"terms": [sorted terms], "postings": [[…], …]}
//	search/docs-J.json    [{"title", "url", "kind", "status", "approach", "summary",
//	                        "facts": ["Goal: …", "Role: title, person", "KPI: …", "Tag: …"]}, …]
//
// Every brief, plain page and section is a document; its id is its place in
// the index (briefs newest first, then pages and sections by URL), and its
// record is entry id % docs_per_file of docs-(id / docs_per_file).json, so
// the client loads only the records of the results it shows. The files are
// minified like any other JSON; numbers are kept as written.
//
// A term is a run of letters and digits, lowercased and folded like a slug
// ("Überblick" → "uberblick"; letters of other scripts are kept, lowercased)
// and cut to searchTermRunes runes. All terms of the site are sorted (by
// code point) and cut into consecutive shards of about searchShardBytes of
// JSON each; meta.json lists the first term of every shard ("" for the
// first), so the client finds by binary search the one shard that holds a
// term, and the consecutive shards that hold the terms starting with a
// prefix. It reads at most prefix_shards shards for each word of a query
// (the first of them holds the word itself), so a short prefix that starts
// thousands of terms costs no more than a longer one. A small site has a
// single shard.
//
// A term's postings list the documents that contain it, in id order, each
// as one number: (id − previous id) << 2 | tier. The tier says where the
// term occurs, and weights[tier] is its score: 3 the title; 2 the summary
// or description, a goal's title or why, a role's title, person or team, a
// KPI's name or unit, a tag; 1 the body three times or more, a
// responsibility, a requirement or the approach; 0 the body once or twice.
const (
	searchVersion     = 1
	searchShardBytes  = 48 << 10
	searchDocsPerFile = 16
	searchTermRunes   = 32
	searchSnippetLen  = 180
	searchPrefixShard = 2
)

// The tiers of a posting.
const (
	tierBody = iota
	tierMore
	tierField
	tierTitle
)

// searchWeights are the scores of the tiers, written to meta.json.
var searchWeights = []int{1, 2, 4, 8}

type searchMeta struct {
	Version      int      `json:"version"`
	Build        string   `json:"build"`
	Docs         int      `json:"docs"`
	DocsPerFile  int      `json:"docs_per_file"`
	Weights      []int    `json:"weights"`
	PrefixShards int      `json:"prefix_shards"`
	Shards       []string `json:"shards"`
}

type searchDoc struct {
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Kind     string   `json:"kind"`
	Status   string   `json:"status,omitempty"`
	Approach string   `json:"approach,omitempty"`
	Summary  string   `json:"summary,omitempty"`
	Facts    []string `json:"facts,omitempty"` // what the client shows when a word matched there
}

// searchJobs builds the search index and returns one job per file to write.
func (b *build) searchJobs() []func() error {
	// One job, so that the index is built while pages render.
	return []func() error{func() error {
		files, err := b.searchIndex()
		if err != nil {
			return err
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := b.write(name, files[name], false); err != nil { // compact already
				return err
			}
		}
		return nil
	}}
}

// searchPages lists the documents of the index, in id order.
func (b *build) searchPages() []*content.Page {
	pages := append([]*content.Page(nil), b.site.Briefs...)
	for _, p := range b.site.Pages {
		if p.Kind == content.PlainPage || p.Kind == content.SectionPage {
			pages = append(pages, p)
		}
	}
	return pages
}

// searchIndex returns the files of the index by output name. The merged
// postings live in an index that the Cache keeps: a rebuild updates the
// postings of the documents that changed and encodes only the shards and
// document files they touch.
func (b *build) searchIndex() (map[string][]byte, error) {
	pages := b.searchPages()
	docs := make([]searchDoc, len(pages))
	if b.opts.Cache == nil {
		// Merge each run of documents into the postings as it is made, so
		// that the terms of every document are never all held at once. In
		// a build that streams, page jobs have merged theirs already.
		idx := &index{post: map[string][]posting{}}
		var made []bool
		if s := b.searchRun; s != nil {
			made, docs = s.made, s.docs
			for t, ps := range s.post {
				idx.post[t] = *ps
			}
		}
		const run = 256
		for lo := 0; lo < len(pages); lo += run {
			terms := make([]map[string]uint8, min(run, len(pages)-lo))
			parallel(len(terms), func(i int) error {
				if made == nil || !made[lo+i] {
					docs[lo+i], terms[i] = b.searchDocument(pages[lo+i])
				}
				return nil
			})
			for i, ts := range terms {
				for t, tier := range ts {
					idx.post[t] = append(idx.post[t], newPosting(int32(lo+i), tier))
				}
			}
		}
		if made != nil {
			// Merged as pages finished, not in id order. A term's postings
			// have distinct ids, the high bits: sorted as numbers, they are
			// in id order.
			lists := make([][]posting, 0, len(idx.post))
			for _, ps := range idx.post {
				lists = append(lists, ps)
			}
			par.For(len(lists), func(i int) { slices.Sort(lists[i]) })
		}
		idx.sortTerms()
		return idx.encode(nil, docs), nil
	}
	terms := make([]map[string]uint8, len(pages))
	keys := make([]uint64, len(pages))
	urls := make([]string, len(pages))
	parallel(len(pages), func(i int) error {
		p := pages[i]
		urls[i] = p.URL
		keys[i] = newKeyer().num(b.sig(p)).num(p.Hash).num(b.keys.shape).str(b.basePath()).sum()
		if e, ok := b.opts.Cache.search(p.URL, keys[i]); ok {
			docs[i], terms[i] = e.doc, e.terms
			return nil
		}
		docs[i], terms[i] = b.searchDocument(p)
		b.opts.Cache.putSearch(p.URL, keys[i], searchEntry{keys[i], docs[i], terms[i]})
		return nil
	})
	idx := b.opts.Cache.searchIndex()
	if idx == nil {
		idx = &index{}
	}
	touched := idx.update(urls, keys, terms)
	files := idx.encode(touched, docs)
	b.opts.Cache.putSearchIndex(idx)
	return files, nil
}

// searchStream gathers the search documents that the page jobs of a build
// that streams make from the bodies they convert, so the bodies need not
// be kept for the index.
type searchStream struct {
	ids  map[*content.Page]int // the document id of each page; read-only
	docs []searchDoc           // by id; each written by its page's job only
	made []bool                // by id: docs[id] is made, its terms merged
	mu   sync.Mutex
	post map[string]*[]posting // the postings merged so far, not in id order
	// The postings of each splitter's terms, by the term's id in its
	// dictionary: a term a splitter has seen before is merged without a
	// lookup in post.
	lists map[*termSplitter][]*[]posting
}

func (b *build) newSearchStream() *searchStream {
	pages := b.searchPages()
	s := &searchStream{
		ids:   make(map[*content.Page]int, len(pages)),
		docs:  make([]searchDoc, len(pages)),
		made:  make([]bool, len(pages)),
		post:  map[string]*[]posting{},
		lists: map[*termSplitter][]*[]posting{},
	}
	for id, p := range pages {
		s.ids[p] = id
	}
	return s
}

// add makes p's document from its converted body r and merges its terms.
func (s *searchStream) add(b *build, p *content.Page, r *markdown.Result) {
	id, ok := s.ids[p]
	if !ok {
		return
	}
	sp := splitters.Get().(*termSplitter)
	defer sp.release()
	s.docs[id], s.made[id] = b.searchDocumentOf(p, r, sp), true
	s.mu.Lock()
	defer s.mu.Unlock()
	lists := s.lists[sp]
	if n := len(sp.terms); len(lists) < n {
		lists = append(lists, make([]*[]posting, n-len(lists))...)
	}
	for _, t := range sp.page {
		ps := lists[t]
		if ps == nil {
			term := sp.terms[t]
			if ps = s.post[term]; ps == nil {
				ps = new([]posting)
				s.post[term] = ps
			}
			lists[t] = ps
		}
		*ps = append(*ps, newPosting(int32(id), sp.on[t].tier))
	}
	s.lists[sp] = lists
}

// posting is one document of a term's postings: the document's id and the
// term's tier in it, packed as id<<2 | tier (half the memory of a struct,
// for the millions a large site has).
type posting uint32

func newPosting(id int32, tier uint8) posting { return posting(uint32(id)<<2 | uint32(tier&3)) }

func (p posting) id() int32   { return int32(p >> 2) }
func (p posting) tier() uint8 { return uint8(p & 3) }

// index is the search index of one build: every document's terms merged
// into postings, and the files they were last encoded to.
type index struct {
	urls   []string           // the documents by id
	keys   []uint64           // what each document was made from
	terms  []map[string]uint8 // each document's terms and their tiers
	post   map[string][]posting
	sorted []string       // every term, in byte order (code point order)
	size   map[string]int // the bytes of a term's entry in its shard
	shards map[string]encodedShard
	docs   []encodedDocs      // by file number
	sums   map[string]fileSum // by file name
}

// fileSum is the SHA-256 of the data of a file.
type fileSum struct {
	data []byte
	sum  [sha256.Size]byte
}

// sameBytes reports whether a and b are the same slice, not only equal.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

type encodedShard struct {
	last string // the shard's last term
	data []byte
}

type encodedDocs struct {
	key  uint64 // of the documents in the file
	data []byte
}

// update brings the postings up to date with the documents of this build
// and returns the terms whose postings changed; nil means the index was
// made anew and every shard must be encoded.
func (x *index) update(urls []string, keys []uint64, terms []map[string]uint8) map[string]bool {
	same := x.post != nil && len(urls) == len(x.urls)
	for i := 0; same && i < len(urls); i++ {
		same = urls[i] == x.urls[i]
	}
	if !same {
		// Documents were added, removed or reordered: ids moved.
		x.urls, x.keys, x.terms = urls, keys, terms
		x.post = map[string][]posting{}
		for id, ts := range terms {
			for t, tier := range ts {
				x.post[t] = append(x.post[t], newPosting(int32(id), tier))
			}
		}
		x.sortTerms()
		x.shards = nil
		return nil
	}
	touched := map[string]bool{}
	for id := range urls {
		if keys[id] == x.keys[id] {
			continue
		}
		old, cur := x.terms[id], terms[id]
		for t, tier := range old {
			if nt, ok := cur[t]; !ok || nt != tier {
				x.remove(t, int32(id))
				touched[t] = true
			}
		}
		for t, tier := range cur {
			if ot, ok := old[t]; !ok || ot != tier {
				x.add(t, newPosting(int32(id), tier))
				touched[t] = true
			}
		}
		x.keys[id], x.terms[id] = keys[id], cur
	}
	for t := range touched {
		if ps, ok := x.post[t]; ok {
			x.size[t] = entrySize(t, ps)
		} else {
			delete(x.size, t)
		}
	}
	return touched
}

// sortTerms lists the terms of the postings in order, with their sizes.
func (x *index) sortTerms() {
	x.sorted = make([]string, 0, len(x.post))
	for t := range x.post {
		x.sorted = append(x.sorted, t)
	}
	slices.Sort(x.sorted)
	x.size = make(map[string]int, len(x.post))
	for t, ps := range x.post {
		x.size[t] = entrySize(t, ps)
	}
}

// remove takes document id out of t's postings.
func (x *index) remove(t string, id int32) {
	ps := x.post[t]
	i := sort.Search(len(ps), func(i int) bool { return ps[i].id() >= id })
	if i == len(ps) || ps[i].id() != id {
		return
	}
	ps = append(ps[:i], ps[i+1:]...)
	if len(ps) > 0 {
		x.post[t] = ps
		return
	}
	delete(x.post, t)
	if j := sort.SearchStrings(x.sorted, t); j < len(x.sorted) && x.sorted[j] == t {
		x.sorted = append(x.sorted[:j], x.sorted[j+1:]...)
	}
}

// add puts p into t's postings, in id order.
func (x *index) add(t string, p posting) {
	ps, ok := x.post[t]
	if !ok {
		j := sort.SearchStrings(x.sorted, t)
		x.sorted = append(x.sorted, "")
		copy(x.sorted[j+1:], x.sorted[j:])
		x.sorted[j] = t
	}
	i := sort.Search(len(ps), func(i int) bool { return ps[i].id() >= p.id() })
	if i < len(ps) && ps[i].id() == p.id() {
		ps[i] = p
	} else {
		ps = append(ps, 0)
		copy(ps[i+1:], ps[i:])
		ps[i] = p
	}
	x.post[t] = ps
}

// entrySize is about the bytes of a term's entry in a shard.
func entrySize(t string, ps []posting) int {
	n := len(t) + 4
	prev := int32(0)
	for _, p := range ps {
		n += digits(int(p.id()-prev)<<2|int(p.tier())) + 1
		prev = p.id()
	}
	return n
}

// Shards are cut where the terms say, not at a running byte count, so that
// an edit that grows one shard does not move the cuts of all the shards
// after it: the cut before a term depends on that term's hash and on the
// size of the entry before it, so a shard ends on average every
// searchShardBytes. Shards are at least searchShardMin and at most
// searchShardMax bytes, but for single entries larger than that.
const (
	searchShardMin = 2 << 10
	searchShardMax = 4 * searchShardBytes
)

// cutBefore reports whether a shard ends before term t, after an entry of
// prev bytes.
func cutBefore(t string, prev int) bool {
	h := uint32(2166136261)
	for i := 0; i < len(t); i++ {
		h ^= uint32(t[i])
		h *= 16777619
	}
	return uint64(h%(1<<20))*searchShardBytes < uint64(prev)<<20
}

// encode returns the files of the index, encoding again only the shards
// that hold a touched term (all when touched is nil) and the document files
// whose documents changed.
func (x *index) encode(touched map[string]bool, docs []searchDoc) map[string][]byte {
	var hot []string // the touched terms, sorted
	for t := range touched {
		hot = append(hot, t)
	}
	sort.Strings(hot)
	clean := func(first, last string) bool {
		if touched == nil {
			return false
		}
		i := sort.SearchStrings(hot, first)
		return i == len(hot) || hot[i] > last
	}

	files := map[string][]byte{}
	meta := searchMeta{Version: searchVersion, Docs: len(docs), DocsPerFile: searchDocsPerFile, Weights: searchWeights, PrefixShards: searchPrefixShard}
	// The shards' bounds first, then their encoding on every core.
	var bounds [][2]int
	lo, size := 0, 0
	for i, t := range x.sorted {
		n := x.size[t]
		if i > lo && size >= searchShardMin && (cutBefore(t, x.size[x.sorted[i-1]]) || size+n > searchShardMax) {
			bounds = append(bounds, [2]int{lo, i})
			lo, size = i, 0
		}
		size += n
	}
	if lo < len(x.sorted) {
		bounds = append(bounds, [2]int{lo, len(x.sorted)})
	}
	encoded := make([]encodedShard, len(bounds))
	par.For(len(bounds), func(i int) {
		lo, hi := bounds[i][0], bounds[i][1]
		first, last := x.sorted[lo], x.sorted[hi-1]
		e, ok := x.shards[first]
		if !ok || e.last != last || !clean(first, last) {
			e = encodedShard{last: last, data: x.encodeShard(x.sorted[lo:hi])}
		}
		encoded[i] = e
	})
	shards := map[string]encodedShard{}
	for i, b := range bounds {
		first := x.sorted[b[0]]
		shards[first] = encoded[i]
		if i == 0 {
			first = ""
		}
		meta.Shards = append(meta.Shards, first)
		files[fmt.Sprintf("search/shard-%d.json", i)] = encoded[i].data
	}
	if len(meta.Shards) == 0 {
		meta.Shards = []string{""}
		files["search/shard-0.json"] = []byte(`{"terms":[],"postings":[]}`)
	}
	x.shards = shards

	// Document files: 16 records each, encoded again when one changed.
	n := (len(docs) + searchDocsPerFile - 1) / searchDocsPerFile
	if len(x.docs) > n {
		x.docs = x.docs[:n]
	}
	for f := len(x.docs); f < n; f++ {
		x.docs = append(x.docs, encodedDocs{})
	}
	par.For(n, func(f int) {
		lo, hi := f*searchDocsPerFile, min((f+1)*searchDocsPerFile, len(docs))
		k := newKeyer()
		for id := lo; id < hi && x.keys != nil; id++ {
			k.num(x.keys[id])
		}
		key := k.sum()
		if x.docs[f].data == nil || x.docs[f].key != key || x.keys == nil {
			data, err := json.Marshal(docs[lo:hi])
			if err != nil {
				panic(err) // strings and string slices always encode
			}
			x.docs[f] = encodedDocs{key, data}
		}
	})
	for f := range n {
		files[fmt.Sprintf("search/docs-%d.json", f)] = x.docs[f].data
	}

	// The build id lets the client ask for files of the same build, past
	// any cache: a hash of every file's name and hash.
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	summed := make([]fileSum, len(names))
	par.For(len(names), func(i int) {
		data := files[names[i]]
		s, ok := x.sums[names[i]]
		if !ok || !sameBytes(s.data, data) {
			s = fileSum{data, sha256.Sum256(data)}
		}
		summed[i] = s
	})
	sums := make(map[string]fileSum, len(files))
	h := sha256.New()
	for i, name := range names {
		sums[name] = summed[i]
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(summed[i].sum[:])
	}
	x.sums = sums
	meta.Build = hex.EncodeToString(h.Sum(nil))[:10]
	data, err := json.Marshal(meta)
	if err != nil {
		panic(err)
	}
	files["search/meta.json"] = data
	return files
}

// encodeShard writes the JSON of a shard holding terms:
// {"terms":[...],"postings":[[...],...]}, a term's postings as numbers
// id-delta<<2 | tier.
func (x *index) encodeShard(terms []string) []byte {
	size := 32
	for _, t := range terms {
		size += x.size[t] + 4
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"terms":[`...)
	for i, t := range terms {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, t)
	}
	buf = append(buf, `],"postings":[`...)
	for i, t := range terms {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		prev := int32(0)
		for j, p := range x.post[t] {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(p.id()-prev)<<2|int64(p.tier()), 10)
			prev = p.id()
		}
		buf = append(buf, ']')
	}
	return append(buf, "]}"...)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(buf []byte, s string) []byte {
	if !jsonPlain(s) {
		data, _ := json.Marshal(s)
		return append(buf, data...)
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// jsonPlain reports whether encoding/json writes s as it is, in quotes:
// it holds no character that it escapes (control characters, quotes,
// backslashes, < > &, the line and paragraph separators) and is valid
// UTF-8.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// searchDocument returns the record and the terms (with their tiers) of one
// page.
func (b *build) searchDocument(p *content.Page) (searchDoc, map[string]uint8) {
	sp := splitters.Get().(*termSplitter)
	defer sp.release()
	doc := b.searchDocumentOf(p, b.bodies[p], sp)
	terms := make(map[string]uint8, len(sp.page))
	for _, t := range sp.page {
		terms[sp.terms[t]] = sp.on[t].tier
	}
	return doc, terms
}

// searchDocumentOf returns the record of p, whose converted body is r, and
// leaves its terms in sp.page, their tiers in sp.on.
func (b *build) searchDocumentOf(p *content.Page, r *markdown.Result, sp *termSplitter) searchDoc {
	doc := searchDoc{Title: p.Title, URL: b.relURL(p.URL), Kind: p.Kind.String(), Summary: p.Summary}
	if doc.Summary == "" {
		doc.Summary = p.Description
	}
	add := func(tier int, texts ...string) {
		for _, s := range texts {
			splitTerms(sp, s, tier)
		}
	}
	if r != nil {
		sp.countHTML(r.HTML)
	}
	for _, id := range sp.page {
		if sp.on[id].count >= 3 {
			sp.on[id].tier = tierMore
		}
	}
	add(tierTitle, p.Title)
	add(tierField, p.Summary, p.Description)
	if br := p.Brief; br != nil {
		doc.Status, doc.Approach = br.Status, br.Approach
		add(tierMore, br.Approach)
		add(tierField, br.Tags...)
		// The facts are written into one string and sliced from it: the
		// index keeps them until it is written, a dozen per brief.
		var text strings.Builder
		var ends []int
		fact := func(parts ...string) {
			for _, s := range parts {
				text.WriteString(s)
			}
			ends = append(ends, text.Len())
		}
		for _, g := range br.Goals {
			add(tierField, g.Title, g.Why)
			fact("Goal: ", g.Title)
		}
		for _, r := range br.Roles {
			add(tierField, r.Title, r.Person, r.Team)
			add(tierMore, r.Responsibilities...)
			add(tierMore, r.Requirements...)
			if r.Person != "" {
				fact("Role: ", r.Title, ", ", r.Person)
			} else {
				fact("Role: ", r.Title)
			}
		}
		for _, k := range br.KPIs {
			add(tierField, k.Name, k.Unit)
			fact("KPI: ", k.Name)
		}
		for _, t := range br.Tags {
			fact("Tag: ", t)
		}
		all, start := text.String(), 0
		doc.Facts = make([]string, len(ends))
		for i, end := range ends {
			doc.Facts[i], start = all[start:end], end
		}
	}
	if doc.Summary == "" && r != nil {
		doc.Summary = snippet(htmlText(r.HTML), searchSnippetLen)
	}
	return doc
}

// snippet returns the start of text, whitespace collapsed, cut at a word
// boundary to at most max runes with "…" added.
func snippet(text string, max int) string {
	words := strings.Fields(text)
	var b strings.Builder
	n := 0
	for _, w := range words {
		l := utf8.RuneCountInString(w)
		if n > 0 && n+1+l > max {
			b.WriteString("…")
			break
		}
		if n > 0 {
			b.WriteByte(' ')
			n++
		}
		if l > max {
			w = string([]rune(w)[:max]) + "…"
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}
