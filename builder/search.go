package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/playbook-dev/playbook/builder/content"
	"golang.org/x/text/unicode/norm"
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

type searchShard struct {
	Terms    []string `json:"terms"`
	Postings [][]int  `json:"postings"`
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

// searchIndex returns the files of the index by output name.
func (b *build) searchIndex() (map[string][]byte, error) {
	pages := b.searchPages()
	docs := make([]searchDoc, len(pages))
	terms := make([]map[string]uint8, len(pages))
	parallel(len(pages), func(i int) error {
		p := pages[i]
		key := newKeyer().page(p).num(b.keys.shape).str(b.basePath()).sum()
		if e, ok := b.opts.Cache.search(p.URL, key); ok {
			docs[i], terms[i] = e.doc, e.terms
			return nil
		}
		docs[i], terms[i] = b.searchDocument(p)
		b.opts.Cache.putSearch(p.URL, key, searchEntry{key, docs[i], terms[i]})
		return nil
	})

	// Merge the documents' terms into postings: going through the
	// documents in id order keeps every list sorted.
	type posting struct{ id, tier int }
	postings := map[string][]posting{}
	for id, ts := range terms {
		for t, tier := range ts {
			postings[t] = append(postings[t], posting{id, int(tier)})
		}
	}
	sorted := make([]string, 0, len(postings))
	for t := range postings {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted) // byte order of UTF-8 is code point order

	files := map[string][]byte{}
	meta := searchMeta{Version: searchVersion, Docs: len(docs), DocsPerFile: searchDocsPerFile, Weights: searchWeights, PrefixShards: searchPrefixShard}
	shard := &searchShard{Terms: []string{}, Postings: [][]int{}}
	size := 0
	flush := func() error {
		data, err := json.Marshal(shard)
		if err != nil {
			return err
		}
		files[fmt.Sprintf("search/shard-%d.json", len(meta.Shards))] = data
		first := ""
		if len(meta.Shards) > 0 {
			first = shard.Terms[0]
		}
		meta.Shards = append(meta.Shards, first)
		shard = &searchShard{Terms: []string{}, Postings: [][]int{}}
		size = 0
		return nil
	}
	for _, t := range sorted {
		ps := postings[t]
		enc := make([]int, len(ps))
		n := len(t) + 4
		prev := 0
		for i, p := range ps {
			enc[i] = (p.id-prev)<<2 | p.tier
			prev = p.id
			n += digits(enc[i]) + 1
		}
		if size > 0 && size+n > searchShardBytes {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		shard.Terms = append(shard.Terms, t)
		shard.Postings = append(shard.Postings, enc)
		size += n
	}
	if size > 0 || len(meta.Shards) == 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	for lo := 0; lo < len(docs); lo += searchDocsPerFile {
		data, err := json.Marshal(docs[lo:min(lo+searchDocsPerFile, len(docs))])
		if err != nil {
			return nil, err
		}
		files[fmt.Sprintf("search/docs-%d.json", lo/searchDocsPerFile)] = data
	}

	// The build id lets the client ask for files of the same build, past
	// any cache.
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	meta.Build = hex.EncodeToString(h.Sum(nil))[:10]
	data, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	files["search/meta.json"] = data
	return files, nil
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
	doc := searchDoc{Title: p.Title, URL: b.relURL(p.URL), Kind: p.Kind.String(), Summary: p.Summary}
	if doc.Summary == "" {
		doc.Summary = p.Description
	}
	terms := map[string]uint8{}
	add := func(tier uint8, texts ...string) {
		for _, s := range texts {
			searchTerms(s, func(t string) {
				if old, ok := terms[t]; !ok || tier > old {
					terms[t] = tier
				}
			})
		}
	}
	var body string
	if r := b.bodies[p]; r != nil {
		body = htmlText(r.HTML)
	}
	counts := map[string]int{}
	searchTerms(body, func(t string) { counts[t]++ })
	for t, n := range counts {
		if n >= 3 {
			terms[t] = tierMore
		} else {
			terms[t] = tierBody
		}
	}
	add(tierTitle, p.Title)
	add(tierField, p.Summary, p.Description)
	if br := p.Brief; br != nil {
		doc.Status, doc.Approach = br.Status, br.Approach
		add(tierMore, br.Approach)
		add(tierField, br.Tags...)
		for _, g := range br.Goals {
			add(tierField, g.Title, g.Why)
			doc.Facts = append(doc.Facts, "Goal: "+g.Title)
		}
		for _, r := range br.Roles {
			add(tierField, r.Title, r.Person, r.Team)
			add(tierMore, r.Responsibilities...)
			add(tierMore, r.Requirements...)
			fact := "Role: " + r.Title
			if r.Person != "" {
				fact += ", " + r.Person
			}
			doc.Facts = append(doc.Facts, fact)
		}
		for _, k := range br.KPIs {
			add(tierField, k.Name, k.Unit)
			doc.Facts = append(doc.Facts, "KPI: "+k.Name)
		}
		for _, t := range br.Tags {
			doc.Facts = append(doc.Facts, "Tag: "+t)
		}
	}
	if doc.Summary == "" {
		doc.Summary = snippet(body, searchSnippetLen)
	}
	return doc, terms
}

// searchTerms calls fn with each term of s: every run of letters and
// digits, lowercased, with accents dropped ("Öl-Preis" → "ol", "preis"),
// cut to searchTermRunes runes. theme/search.js splits queries the same way.
func searchTerms(s string, fn func(string)) {
	if s == "" {
		return
	}
	var w strings.Builder
	n := 0
	put := func(r rune) {
		if n < searchTermRunes {
			w.WriteRune(r)
			n++
		}
	}
	flush := func() {
		if w.Len() > 0 {
			fn(w.String())
			w.Reset()
			n = 0
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped, without ending the term
		case r < utf8.RuneSelf:
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				put(r)
			case 'A' <= r && r <= 'Z':
				put(r + 'a' - 'A')
			default:
				flush()
			}
		case content.Fold(r) != "":
			for _, f := range content.Fold(r) {
				put(f)
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			put(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
}

// htmlText returns the text of a rendered body: tags become spaces,
// entities are decoded and the contents of script and style elements (raw
// HTML, with unsafe_html) are left out.
func htmlText(h []byte) string {
	var b strings.Builder
	b.Grow(len(h))
	skip := ""
	for len(h) > 0 {
		i := bytes.IndexByte(h, '<')
		if i < 0 {
			i = len(h)
		}
		if skip == "" && i > 0 {
			b.WriteString(html.UnescapeString(string(h[:i])))
		}
		h = h[i:]
		if len(h) == 0 {
			break
		}
		j := bytes.IndexByte(h, '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(string(h[1:j]))
		h = h[j+1:]
		name := strings.TrimPrefix(tag, "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		switch {
		case skip != "":
			if tag == "/"+skip {
				skip = ""
			}
		case (name == "script" || name == "style") && !strings.HasPrefix(tag, "/"):
			skip = name
		}
		b.WriteByte(' ')
	}
	return b.String()
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
