// Package search makes the search index of a playbook site: JSON files
// under search/ that theme/search.js reads, so that the site searches
// itself in the browser with no server. The index is made of three kinds
// of file, so that a query downloads only a small part of it however
// large the site:
//
//	search/meta.json      {"version": 1, "build": "…", "docs": N, "docs_per_file": 16,
//	                       "weights": [1, 2, 4, 8], "prefix_shards": 2,
//	                       "shards": ["", "delivery", "metric", …]}
//	search/shard-I.json   {"terms": [sorted terms], "postings": [[…], …]}
//	search/docs-J.json    [{"title", "url", "kind", "status", "approach", "summary",
//	                        "facts": ["Goal: …", "Role: title, person", "KPI: …", "Tag: …"]}, …]
//
// Each document is a page, made by [NewDoc] or [Stream.Add]; its id is its
// place in the index, which the caller chooses (the builder lists briefs
// newest first, then pages and sections by URL). Its [Record] is entry
// id % docs_per_file of docs-(id / docs_per_file).json, so the client
// loads only the records of the results it shows. The files are compact
// JSON, as encoding/json writes it.
//
// A term is a run of letters and digits, lowercased and folded like a
// slug ("Überblick" → "uberblick"; letters of other scripts are kept,
// lowercased) and cut to 32 runes: see [Terms]. All terms of the site are
// sorted (by code point) and cut into consecutive shards of about 48 KB of
// JSON each; meta.json lists the first term of every shard ("" for the
// first), so the client finds by binary search the one shard that holds a
// term, and the consecutive shards that hold the terms starting with a
// prefix. It reads at most prefix_shards shards for each word of a query
// (the first of them holds the word itself), so a short prefix that
// starts thousands of terms costs no more than a longer one. A small site
// has a single shard.
//
// A term's postings list the documents that contain it, in id order, each
// as one number: (id − previous id) << 2 | tier. The tier says where the
// term occurs, and weights[tier] is its score: 3 the title; 2 the summary
// or description, a goal's title or why, a role's title, person or team, a
// KPI's name or unit, a tag; 1 the body three times or more, a
// responsibility, a requirement or the approach; 0 the body once or twice.
// The body's text is what goldmark's tree of it holds (see
// markdown.Result.Text): its words, not its markup.
//
// Two kinds of build use the package. A build that keeps an [Index] from
// one build to the next hands it every document ([Index.Update]), and it
// encodes again only the files that changed. A build made once adds its
// documents to a [Stream] as pages render, which merges their terms as
// they come.
package search

import (
	"strings"
	"unicode/utf8"

	"github.com/playbook-dev/playbook/builder/content"
)

// Record is what the client shows of a document: its entry in a
// docs-N.json file.
type Record struct {
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Kind     string   `json:"kind"`
	Status   string   `json:"status,omitempty"`
	Approach string   `json:"approach,omitempty"`
	Summary  string   `json:"summary,omitempty"`
	Facts    []string `json:"facts,omitempty"` // what the client shows when a word matched there
}

// Doc is a document of an [Index]: its record and its terms.
type Doc struct {
	Record Record
	// Key identifies what the document was made from: documents of
	// equal Keys must be equal, records and terms, and Index.Update takes
	// a document whose Key is that of the last update to be unchanged.
	// NewDoc leaves it 0; the caller sets it.
	Key   uint64
	terms termList // each term and its tier
}

// Terms returns the terms of s, in order, repeats kept: every run of
// letters and digits, lowercased, with accents dropped ("Öl-Preis" →
// "ol", "preis"), cut to 32 runes. theme/search.js splits queries the
// same way.
func Terms(s string) []string {
	sp := newTermSplitter()
	splitTerms(sp, s, listWords)
	terms := make([]string, len(sp.list))
	for i, id := range sp.list {
		terms[i] = sp.terms[id]
	}
	return terms
}

// NewDoc returns the document of page p, with url the link to p its
// record gives and body the text of p's body ("" for none), as
// markdown.Result.Text gives it.
func NewDoc(p *content.Page, url, body string) Doc {
	sp := splitters.Get().(*termSplitter)
	defer sp.release()
	rec := record(p, url, body, sp)
	return Doc{Record: rec, terms: newTermList(sp)}
}

// record returns the record of p, whose link is url and body's text body
// (markdown.Result.Text), and leaves its terms in sp.page, their tiers in
// sp.on.
func record(p *content.Page, url, body string, sp *termSplitter) Record {
	rec := Record{Title: p.Title, URL: url, Kind: p.Kind.String(), Summary: p.Summary}
	if rec.Summary == "" {
		rec.Summary = p.Description
	}
	add := func(tier int, texts ...string) {
		for _, s := range texts {
			splitTerms(sp, s, tier)
		}
	}
	splitTerms(sp, body, countBody)
	for _, id := range sp.page {
		if sp.on[id].count >= 3 {
			sp.on[id].tier = tierMore
		}
	}
	add(tierTitle, p.Title)
	add(tierField, p.Summary, p.Description)
	if br := p.Brief; br != nil {
		rec.Status, rec.Approach = br.Status, br.Approach
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
		rec.Facts = make([]string, len(ends))
		for i, end := range ends {
			rec.Facts[i], start = all[start:end], end
		}
	}
	if rec.Summary == "" {
		rec.Summary = snippet(body, snippetLen)
	}
	return rec
}

// snippetLen is the most runes of a summary taken from the body.
const snippetLen = 180

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
