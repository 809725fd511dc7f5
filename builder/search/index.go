package search

import (
	"crypto/sha256"
	"encoding/binary"
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
// as the pages that make them finish, and writes its files as they are
// ready, so that the index is never held whole: a docs file as soon as
// its documents are all added (their records are then let go), the shards
// and meta.json by Finish. The terms of each document are merged as it
// comes, into postings kept packed until Finish. Add may be called from
// many goroutines, once for each id.
type Stream struct {
	write   func(name string, data []byte) error
	records []Record // by id; each written by the Add of its id only
	added   []bool   // by id: records[id] is made, its terms merged
	mu      sync.Mutex
	pending []int                // by docs file: its documents not yet added
	post    map[string]*postList // the postings merged so far
	// The postings of each splitter's terms, by the term's id in its
	// dictionary: a term a splitter has seen before is merged without a
	// lookup in post.
	lists map[*termSplitter][]*postList
	sums  map[string]fileSum // the files written (without their data)
	err   error              // the first error of write
}

// NewStream returns a Stream for an index of n documents, ids 0 to n−1,
// that writes each file with write, which may be called from many
// goroutines at once.
func NewStream(n int, write func(name string, data []byte) error) *Stream {
	s := &Stream{
		write:   write,
		records: make([]Record, n),
		added:   make([]bool, n),
		pending: make([]int, (n+docsPerFile-1)/docsPerFile),
		post:    map[string]*postList{},
		lists:   map[*termSplitter][]*postList{},
		sums:    map[string]fileSum{},
	}
	for f := range s.pending {
		s.pending[f] = min(docsPerFile, n-f*docsPerFile)
	}
	return s
}

// Add makes document id of page p, as [NewDoc] does, and merges its
// terms into the index.
func (s *Stream) Add(id int, p *content.Page, url, body string) {
	sp := splitters.Get().(*termSplitter)
	defer sp.release()
	s.records[id], s.added[id] = record(p, url, body, sp), true
	s.mu.Lock()
	lists := s.lists[sp]
	if n := len(sp.terms); len(lists) < n {
		lists = append(lists, make([]*postList, n-len(lists))...)
	}
	for _, t := range sp.page {
		l := lists[t]
		if l == nil {
			term := sp.terms[t]
			if l = s.post[term]; l == nil {
				l = new(postList)
				s.post[term] = l
			}
			lists[t] = l
		}
		l.add(newPosting(int32(id), sp.on[t].tier))
	}
	s.lists[sp] = lists
	f := id / docsPerFile
	s.pending[f]--
	full := s.pending[f] == 0
	s.mu.Unlock()
	if full {
		s.writeDocs(f)
	}
}

// Added reports whether document id was added. It is for once every Add
// has returned.
func (s *Stream) Added(id int) bool { return s.added[id] }

// writeDocs writes docs file f and lets go of its records.
func (s *Stream) writeDocs(f int) {
	lo, hi := f*docsPerFile, min((f+1)*docsPerFile, len(s.records))
	data, err := json.Marshal(s.records[lo:hi])
	if err != nil {
		panic(err) // strings and string slices always encode
	}
	clear(s.records[lo:hi])
	s.put(fmt.Sprintf("search/docs-%d.json", f), data)
}

// put writes a file of the index and records its sum.
func (s *Stream) put(name string, data []byte) {
	err := s.write(name, data)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sums[name] = fileSum{sum: sha256.Sum256(data), size: len(data)}
	if err != nil && s.err == nil {
		s.err = err
	}
}

// Finish writes the files not yet written, once every Add has returned:
// the docs files of documents never added (with empty records), the
// shards and meta.json. It returns the first error of write.
func (s *Stream) Finish() error {
	for f, n := range s.pending {
		if n > 0 {
			s.pending[f] = 0
			s.writeDocs(f)
		}
	}
	terms := make([]string, 0, len(s.post))
	for t := range s.post {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	// Merged as pages finished, not in id order: sort each term's
	// postings (distinct ids, the high bits, so in id order once sorted
	// as numbers) and pack them again in that order.
	sizes := make([]int, len(terms))
	par.For(len(terms), func(i int) {
		l := s.post[terms[i]]
		ps := l.postings(nil)
		slices.Sort(ps)
		sizes[i] = entrySize(terms[i], ps)
		l.data, l.last = l.data[:0], 0
		for _, p := range ps {
			l.add(p)
		}
	})
	bounds := shardBounds(terms, func(i int) int { return sizes[i] })
	meta := newMeta(len(s.records))
	par.For(len(bounds), func(i int) {
		lo, hi := bounds[i][0], bounds[i][1]
		size := 0
		for _, n := range sizes[lo:hi] {
			size += n
		}
		var buf []posting
		s.put(fmt.Sprintf("search/shard-%d.json", i), encodeShard(terms[lo:hi], size, func(j int) []posting {
			buf = s.post[terms[lo+j]].postings(buf[:0])
			return buf
		}))
	})
	for i, b := range bounds {
		if i == 0 {
			meta.Shards = append(meta.Shards, "")
		} else {
			meta.Shards = append(meta.Shards, terms[b[0]])
		}
	}
	if len(bounds) == 0 {
		meta.Shards = []string{""}
		s.put("search/shard-0.json", []byte(emptyShard))
	}
	meta.Build = buildID(s.sums)
	data, err := json.Marshal(meta)
	if err != nil {
		panic(err)
	}
	s.put("search/meta.json", data)
	return s.err
}

// postList is a term's postings as they are merged, in any order, packed:
// each is the uvarint of zigzag(id − the previous id) << 2 | tier, a byte
// or two for most, where a posting takes four.
type postList struct {
	last int32 // the id of the last posting added
	data []byte
}

func (l *postList) add(p posting) {
	d := int64(p.id()) - int64(l.last)
	z := uint64(d<<1) ^ uint64(d>>63)
	l.data = binary.AppendUvarint(l.data, z<<2|uint64(p.tier()))
	l.last = p.id()
}

// postings appends the postings of l to dst, in the order added.
func (l *postList) postings(dst []posting) []posting {
	id := int64(0)
	for data := l.data; len(data) > 0; {
		v, n := binary.Uvarint(data)
		data = data[n:]
		z := v >> 2
		id += int64(z>>1) ^ -int64(z&1)
		dst = append(dst, newPosting(int32(id), uint8(v&3)))
	}
	return dst
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
	data []byte // nil where only the sum is kept
	sum  [sha256.Size]byte
	size int // len(data)
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
	meta := newMeta(len(docs))
	// The shards' bounds first, then their encoding on every core.
	bounds := shardBounds(x.sorted, func(i int) int { return x.size[x.sorted[i]] })
	encoded := make([]encodedShard, len(bounds))
	par.For(len(bounds), func(i int) {
		lo, hi := bounds[i][0], bounds[i][1]
		first, last := x.sorted[lo], x.sorted[hi-1]
		e, ok := x.shards[first]
		if !ok || e.last != last || !clean(first, last) {
			terms := x.sorted[lo:hi]
			size := 0
			for _, t := range terms {
				size += x.size[t]
			}
			e = encodedShard{last: last, data: encodeShard(terms, size, func(j int) []posting { return x.post[terms[j]] })}
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
		files["search/shard-0.json"] = []byte(emptyShard)
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
			s = fileSum{data, sha256.Sum256(data), len(data)}
		}
		summed[i] = s
	})
	sums := make(map[string]fileSum, len(files))
	for i, name := range names {
		sums[name] = summed[i]
	}
	x.sums = sums
	meta.Build = buildID(sums)
	data, err := json.Marshal(meta)
	if err != nil {
		panic(err)
	}
	files["search/meta.json"] = data
	return files
}

// encodeShard writes the JSON of a shard holding terms:
// {"terms":[...],"postings":[[...],...]}, a term's postings as numbers
// id-delta<<2 | tier. size is about the bytes of its entries, and
// postings(i) returns those of terms[i], good until the next call.
func encodeShard(terms []string, size int, postings func(i int) []posting) []byte {
	buf := make([]byte, 0, 32+size+4*len(terms))
	buf = append(buf, `{"terms":`...)
	list, err := json.Marshal(terms)
	if err != nil {
		panic(err) // strings always encode
	}
	buf = append(buf, list...)
	buf = append(buf, `,"postings":[`...)
	for i := range terms {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		prev := int32(0)
		for j, p := range postings(i) {
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

// emptyShard is the one shard of an index with no terms.
const emptyShard = `{"terms":[],"postings":[]}`

// newMeta returns meta.json for docs documents, without its shards and
// build.
func newMeta(docs int) metaFile {
	return metaFile{Version: version, Docs: docs, DocsPerFile: docsPerFile, Weights: []int{1, 2, 4, 8}, PrefixShards: prefixShards}
}

// shardBounds cuts the sorted terms into shards, [first, end) each, size(i)
// being the bytes of the entry of terms[i].
func shardBounds(terms []string, size func(i int) int) [][2]int {
	var bounds [][2]int
	lo, sum := 0, 0
	for i, t := range terms {
		n := size(i)
		if i > lo && sum >= shardMin && (cutBefore(t, size(i-1)) || sum+n > shardMax) {
			bounds = append(bounds, [2]int{lo, i})
			lo, sum = i, 0
		}
		sum += n
	}
	if lo < len(terms) {
		bounds = append(bounds, [2]int{lo, len(terms)})
	}
	return bounds
}

// buildID lets the client ask for files of the same build, past any
// cache: a hash of every file's name, size and hash, in name order.
func buildID(sums map[string]fileSum) string {
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		s := sums[name]
		fmt.Fprintf(h, "%s\x00%d\x00", name, s.size)
		h.Write(s.sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
