package search

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

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/internal/par"
)

// The shape of the index (see the package doc).
const (
	version      = 1
	shardBytes   = 48 << 10 // the mean size of a shard
	docsPerFile  = 16
	prefixShards = 2
)

// The tiers of a posting, from the lowest score to the highest.
const (
	tierBody = iota
	tierMore
	tierField
	tierTitle
)

// metaFile is meta.json.
type metaFile struct {
	Version      int      `json:"version"`
	Build        string   `json:"build"`
	Docs         int      `json:"docs"`
	DocsPerFile  int      `json:"docs_per_file"`
	Weights      []int    `json:"weights"` // the score of each tier
	PrefixShards int      `json:"prefix_shards"`
	Shards       []string `json:"shards"`
}

// Stream makes the index of one build from documents added in any order,
// as the pages that make them finish: it merges each document's terms as
// it comes, so that the terms of every document are never all held at
// once. Add may be called from many goroutines, once for each id.
type Stream struct {
	records []Record // by id; each written by the Add of its id only
	added   []bool   // by id: records[id] is made, its terms merged
	mu      sync.Mutex
	post    map[string]*[]posting // the postings merged so far, not in id order
	// The postings of each splitter's terms, by the term's id in its
	// dictionary: a term a splitter has seen before is merged without a
	// lookup in post.
	lists map[*termSplitter][]*[]posting
}

// NewStream returns a Stream for an index of n documents, ids 0 to n−1.
func NewStream(n int) *Stream {
	return &Stream{
		records: make([]Record, n),
		added:   make([]bool, n),
		post:    map[string]*[]posting{},
		lists:   map[*termSplitter][]*[]posting{},
	}
}

// Add makes document id of page p, as [NewDoc] does, and merges its
// terms into the index.
func (s *Stream) Add(id int, p *content.Page, url, body string) {
	sp := splitters.Get().(*termSplitter)
	defer sp.release()
	s.records[id], s.added[id] = record(p, url, body, sp), true
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

// Added reports whether document id was added. It is for once every Add
// has returned.
func (s *Stream) Added(id int) bool { return s.added[id] }

// Files returns the files of the index by output name ("search/meta.json"),
// once every document is added. A document never added has an empty
// record and no terms.
func (s *Stream) Files() map[string][]byte {
	x := &Index{post: make(map[string][]posting, len(s.post))}
	lists := make([][]posting, 0, len(s.post))
	for t, ps := range s.post {
		x.post[t] = *ps
		lists = append(lists, *ps)
	}
	// Merged as pages finished, not in id order. A term's postings have
	// distinct ids, the high bits: sorted as numbers, they are in id
	// order.
	par.For(len(lists), func(i int) { slices.Sort(lists[i]) })
	x.sortTerms()
	return x.encode(nil, s.records)
}

// posting is one document of a term's postings: the document's id and the
// term's tier in it, packed as id<<2 | tier (half the memory of a struct,
// for the millions a large site has).
type posting uint32

func newPosting(id int32, tier uint8) posting { return posting(uint32(id)<<2 | uint32(tier&3)) }

func (p posting) id() int32   { return int32(p >> 2) }
func (p posting) tier() uint8 { return uint8(p & 3) }

// Index is the search index of a site from build to build: every
// document's terms merged into postings, and the files they were last
// encoded to. Its zero value is an empty index. It is not safe for
// concurrent use.
type Index struct {
	urls   []string   // the documents by id
	keys   []uint64   // what each document was made from
	terms  []termList // each document's terms and their tiers
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
	keys []uint64 // of the documents in the file
	data []byte
}

// Update makes the index that of docs, document id being docs[id], and
// returns its files by output name ("search/meta.json"). The documents
// whose Keys are those of the last update are taken to be unchanged, and
// the files that hold none of the others' terms and records are not
// encoded again.
func (x *Index) Update(docs []Doc) map[string][]byte {
	records := make([]Record, len(docs))
	for id, d := range docs {
		records[id] = d.Record
	}
	return x.encode(x.update(docs), records)
}

// update brings the postings up to date with docs and returns the terms
// whose postings changed; nil means the index was made anew and every
// shard must be encoded.
func (x *Index) update(docs []Doc) map[string]bool {
	same := x.post != nil && len(docs) == len(x.urls)
	for i := 0; same && i < len(docs); i++ {
		same = docs[i].Record.URL == x.urls[i]
	}
	if !same {
		// Documents were added, removed or reordered: ids moved.
		x.urls = make([]string, len(docs))
		x.keys = make([]uint64, len(docs))
		x.terms = make([]termList, len(docs))
		x.post = map[string][]posting{}
		for id, d := range docs {
			x.urls[id], x.keys[id], x.terms[id] = d.Record.URL, d.Key, d.terms
			for t, tier := range d.terms.all() {
				// A key is a slice of the first document's list that
				// holds the term; updates store copies, so no list an
				// update replaces stays held.
				x.post[t] = append(x.post[t], newPosting(int32(id), tier))
			}
		}
		x.sortTerms()
		x.shards = nil
		return nil
	}
	touched := map[string]bool{}
	for id, d := range docs {
		if d.Key == x.keys[id] {
			continue
		}
		diff(x.terms[id], d.terms, func(t string, _, has bool, tier uint8) {
			// Assigning to a map key stores the key given: a copy, so
			// that the maps never hold on to a termList replaced later.
			t = strings.Clone(t)
			if has {
				x.add(t, newPosting(int32(id), tier)) // in place of the old tier, if any
			} else {
				x.remove(t, int32(id))
			}
			touched[t] = true
		})
		x.keys[id], x.terms[id] = d.Key, d.terms
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
func (x *Index) sortTerms() {
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
func (x *Index) remove(t string, id int32) {
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
func (x *Index) add(t string, p posting) {
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
// shardBytes. Shards are at least shardMin and at most shardMax bytes, but
// for single entries larger than that.
const (
	shardMin = 2 << 10
	shardMax = 4 * shardBytes
)

// cutBefore reports whether a shard ends before term t, after an entry of
// prev bytes.
func cutBefore(t string, prev int) bool {
	h := uint32(2166136261)
	for i := 0; i < len(t); i++ {
		h ^= uint32(t[i])
		h *= 16777619
	}
	return uint64(h%(1<<20))*shardBytes < uint64(prev)<<20
}

// encode returns the files of the index, encoding again only the shards
// that hold a touched term (all when touched is nil) and the document files
// whose documents changed (all when x.keys is nil).
func (x *Index) encode(touched map[string]bool, docs []Record) map[string][]byte {
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
	meta := metaFile{Version: version, Docs: len(docs), DocsPerFile: docsPerFile, Weights: []int{1, 2, 4, 8}, PrefixShards: prefixShards}
	// The shards' bounds first, then their encoding on every core.
	var bounds [][2]int
	lo, size := 0, 0
	for i, t := range x.sorted {
		n := x.size[t]
		if i > lo && size >= shardMin && (cutBefore(t, x.size[x.sorted[i-1]]) || size+n > shardMax) {
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
	n := (len(docs) + docsPerFile - 1) / docsPerFile
	if len(x.docs) > n {
		x.docs = x.docs[:n]
	}
	for f := len(x.docs); f < n; f++ {
		x.docs = append(x.docs, encodedDocs{})
	}
	par.For(n, func(f int) {
		lo, hi := f*docsPerFile, min((f+1)*docsPerFile, len(docs))
		var keys []uint64
		if x.keys != nil {
			keys = x.keys[lo:hi]
		}
		if x.docs[f].data == nil || keys == nil || !slices.Equal(x.docs[f].keys, keys) {
			data, err := json.Marshal(docs[lo:hi])
			if err != nil {
				panic(err) // strings and string slices always encode
			}
			x.docs[f] = encodedDocs{slices.Clone(keys), data}
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
func (x *Index) encodeShard(terms []string) []byte {
	size := 32
	for _, t := range terms {
		size += x.size[t] + 4
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"terms":`...)
	list, err := json.Marshal(terms)
	if err != nil {
		panic(err) // strings always encode
	}
	buf = append(buf, list...)
	buf = append(buf, `,"postings":[`...)
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

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
