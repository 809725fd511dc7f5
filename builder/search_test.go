package builder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/search"
)

// searchSite is a small site whose briefs and pages are told apart by
// different fields.
var searchSite = fstest.MapFS{
	"content/_index.md": {Data: []byte("---\ntitle: Search test\n---\n")},
	"content/checkout.md": {Data: []byte(`---
title: Checkout rebuild
summary: Rebuild the checkout without losing orders.
status: active
approach: partnership
date: 2026-10-01
tags: [payments]
goals:
  - id: orders
    title: Keep every order
    why: Revenue depends on the checkout.
roles:
  - id: cmo
    title: Chief Marketing Officer
    team: marketing
    person: Dana Ruiz
    responsibilities: [Owns conversion]
  - id: ops
    title: Site reliability lead
    team: it
    person: Jörg Åström
    reports_to: cmo
    responsibilities: [Keeps the lights on]
kpis:
  - id: up
    name: Checkout availability
    goal: orders
    owner: ops
    unit: "%"
    baseline: 99
    target: 99.9
---
The plan is quixotic but *sound*: migrate in small steps &amp; measure.
`)},
	"content/launch.md": {Data: []byte(`---
title: Launch the partner portal
summary: Give partners one place for leads.
status: proposed
approach: vendor
date: 2026-09-01
goals:
  - id: g
    title: Partners register leads themselves
roles:
  - id: v
    title: Agency lead
    team: vendor
    person: Ola Nordmann
---
Überblick: the portal replaces e-mail. Nothing here about uptime.
`)},
	"content/notes.md": {Data: []byte(`---
title: Meeting notes
---
We discussed how to launch the portal and the checkout rebuild.
`)},
	"content/hostile.md": {Data: []byte(`---
title: "<script>alert(1)</script> \"><img src=x onerror=alert(2)>"
summary: "</script><svg onload=alert(3)> & more"
goals:
  - id: g
    title: Be safe
---
Body.
`)},
}

func buildSearch(t testing.TB, src fstest.MapFS, opts Options) map[string][]byte {
	t.Helper()
	if opts.Today.IsZero() {
		opts.Today = today
	}
	out := new(output.Mem)
	if _, err := Build(src, out, opts); err != nil {
		t.Fatal(err)
	}
	return out.Files()
}

// searchClient does what theme/search.js does with the index: it reads
// meta.json, the shards that may hold each word of the query, and the
// documents of the results. fetched lists the files it read.
type searchClient struct {
	files   map[string][]byte
	fetched []string
}

func (c *searchClient) get(t testing.TB, name string, v any) {
	t.Helper()
	data, ok := c.files["search/"+name]
	if !ok {
		t.Fatalf("search/%s: not written", name)
	}
	if !slices.Contains(c.fetched, name) {
		c.fetched = append(c.fetched, name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("search/%s: %v", name, err)
	}
}

// clientMeta and clientShard are meta.json and a shard as the client sees
// them: numbers are JavaScript numbers.
type clientMeta struct {
	Docs         float64   `json:"docs"`
	DocsPerFile  float64   `json:"docs_per_file"`
	Weights      []float64 `json:"weights"`
	PrefixShards float64   `json:"prefix_shards"`
	Shards       []string  `json:"shards"`
}

type clientShard struct {
	Terms    []string    `json:"terms"`
	Postings [][]float64 `json:"postings"`
}

// shardsFor returns the shards that may hold terms starting with word.
func shardsFor(meta *clientMeta, word string) []int {
	i := sort.Search(len(meta.Shards), func(i int) bool { return meta.Shards[i] > word }) - 1
	out := []int{max(i, 0)}
	for j := i + 1; j < len(meta.Shards) && len(out) < int(meta.PrefixShards) && strings.HasPrefix(meta.Shards[j], word); j++ {
		out = append(out, j)
	}
	return out
}

func (c *searchClient) search(t testing.TB, query string, limit int) []search.Record {
	t.Helper()
	var meta clientMeta
	c.get(t, "meta.json", &meta)
	words := search.Terms(query)
	var total map[int]float64
	for _, w := range words {
		scores := map[int]float64{}
		for _, i := range shardsFor(&meta, w) {
			var sh clientShard
			c.get(t, fmt.Sprintf("shard-%d.json", i), &sh)
			for k := sort.SearchStrings(sh.Terms, w); k < len(sh.Terms) && strings.HasPrefix(sh.Terms[k], w); k++ {
				factor := 0.5
				if sh.Terms[k] == w {
					factor = 1
				}
				id := 0
				for _, f := range sh.Postings[k] {
					v := int(f)
					id += v >> 2
					s := meta.Weights[v&3] * factor
					scores[id] = max(scores[id], s)
				}
			}
		}
		if total == nil {
			total = scores
			continue
		}
		for id := range total {
			if s, ok := scores[id]; ok {
				total[id] += s
			} else {
				delete(total, id)
			}
		}
	}
	ids := make([]int, 0, len(total))
	for id := range total {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if total[ids[i]] != total[ids[j]] {
			return total[ids[i]] > total[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > limit {
		ids = ids[:limit]
	}
	var docs []search.Record
	per := int(meta.DocsPerFile)
	for _, id := range ids {
		var chunk []search.Record
		c.get(t, fmt.Sprintf("docs-%d.json", id/per), &chunk)
		docs = append(docs, chunk[id%per])
	}
	return docs
}

func (c *searchClient) bytes() int {
	n := 0
	for _, name := range c.fetched {
		n += len(c.files["search/"+name])
	}
	return n
}

func TestSearchFinds(t *testing.T) {
	files := buildSearch(t, searchSite, Options{})
	for _, tc := range []struct {
		name, query string
		want        []string // URLs, best first
	}{
		{"title", "checkout", []string{"/checkout/", "/notes/"}},
		{"KPI name", "availability", []string{"/checkout/"}},
		{"person", "Dana", []string{"/checkout/"}},
		{"person, accents folded", "jorg astrom", []string{"/checkout/"}},
		{"person, accents typed", "Jörg Åström", []string{"/checkout/"}},
		{"body word", "quixotic", []string{"/checkout/"}},
		{"body word, folded", "uberblick", []string{"/launch/"}},
		{"prefix", "quix", []string{"/checkout/"}},
		{"prefix of a KPI", "avail", []string{"/checkout/"}},
		{"goal why", "revenue", []string{"/checkout/"}},
		{"team", "vendor", []string{"/launch/"}},
		{"tag", "payments", []string{"/checkout/"}},
		{"responsibility", "lights", []string{"/checkout/"}},
		{"every word", "launch portal", []string{"/launch/", "/notes/"}},
		{"title before body", "launch", []string{"/launch/", "/notes/"}},
		{"no match", "zeppelin", nil},
		{"one word missing", "checkout zeppelin", nil},
		{"symbols only", "<>&", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &searchClient{files: files}
			var got []string
			for _, d := range c.search(t, tc.query, 10) {
				got = append(got, d.URL)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("search %q = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestSearchDocuments(t *testing.T) {
	files := buildSearch(t, searchSite, Options{BaseURL: "https://example.com/docs/"})
	c := &searchClient{files: files}
	got := c.search(t, "checkout availability", 1)
	want := []search.Record{{Title: "Checkout rebuild", URL: "/docs/checkout/", Kind: "brief", Status: "active", Approach: "partnership", Summary: "Rebuild the checkout without losing orders.",
		Facts: []string{"Goal: Keep every order", "Role: Chief Marketing Officer, Dana Ruiz", "Role: Site reliability lead, Jörg Åström", "KPI: Checkout availability", "Tag: payments"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	got = c.search(t, "meeting", 1)
	want = []search.Record{{Title: "Meeting notes", URL: "/docs/notes/", Kind: "page", Summary: "We discussed how to launch the portal and the checkout rebuild."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	page := string(files["search/index.html"])
	for _, s := range []string{`data-index="/docs/search/meta.json"`, `action="/docs/search/"`, `<script src="/docs/assets/search.`, `<noscript>`} {
		if !strings.Contains(page, s) {
			t.Errorf("search/index.html lacks %s", s)
		}
	}
}

// TestSearchHostile checks that markup in titles and summaries reaches the
// index as JSON-escaped text, minified or not.
func TestSearchHostile(t *testing.T) {
	for _, noMinify := range []bool{false, true} {
		t.Run(fmt.Sprintf("no-minify=%v", noMinify), func(t *testing.T) {
			files := buildSearch(t, searchSite, Options{NoMinify: noMinify})
			for name, data := range files {
				if !strings.HasPrefix(name, "search/") || !strings.HasSuffix(name, ".json") {
					continue
				}
				for _, bad := range []string{"<", ">", "&"} {
					if bytes.Contains(data, []byte(bad)) {
						t.Errorf("%s holds a raw %q", name, bad)
					}
				}
			}
			c := &searchClient{files: files}
			got := c.search(t, "onerror", 1)
			if len(got) != 1 {
				t.Fatalf("search onerror = %+v", got)
			}
			if want := `<script>alert(1)</script> "><img src=x onerror=alert(2)>`; got[0].Title != want {
				t.Errorf("title = %q, want %q", got[0].Title, want)
			}
			if want := `</script><svg onload=alert(3)> & more`; got[0].Summary != want {
				t.Errorf("summary = %q, want %q", got[0].Summary, want)
			}
			if d := files["search/docs-0.json"]; !bytes.Contains(d, []byte(`\u003cscript\u003e`)) {
				t.Errorf("docs-0.json does not escape <script>: %s", d)
			}
		})
	}
}

func TestSearchDeterministic(t *testing.T) {
	site := syntheticSite(150, 7)
	a := buildSearch(t, site, Options{})
	b := buildSearch(t, site, Options{})
	var meta clientMeta
	if err := json.Unmarshal(a["search/meta.json"], &meta); err != nil {
		t.Fatal(err)
	}
	if len(meta.Shards) < 2 {
		t.Errorf("%d shards: the test wants a site large enough for several", len(meta.Shards))
	}
	n := 0
	for name, data := range a {
		if !strings.HasPrefix(name, "search/") {
			continue
		}
		n++
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if n < 3 {
		t.Errorf("only %d search files", n)
	}
}

// TestSearchSize builds a site of 10,000 briefs of a few KB each and checks
// that a query of two words downloads well under 1 MB of index.
func TestSearchSize(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the 10,000-brief build in -short mode")
	}
	const n = 10000
	site := syntheticSite(n, 1)
	var body int
	for name, f := range site {
		if name != "content/_index.md" {
			body += len(f.Data)
		}
	}
	start := time.Now()
	files := buildSearch(t, site, Options{})
	t.Logf("built %d briefs (%.1f MB of Markdown) in %v", n, float64(body)/1e6, time.Since(start).Round(time.Millisecond))

	var meta clientMeta
	if err := json.Unmarshal(files["search/meta.json"], &meta); err != nil {
		t.Fatal(err)
	}
	if int(meta.Docs) != n {
		t.Errorf("meta.json: %v docs, want %d", meta.Docs, n)
	}
	var total, shardTotal, largest int
	var shardSizes []int
	for name, data := range files {
		if strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".json") {
			total += len(data)
			if strings.HasPrefix(name, "search/shard-") {
				shardTotal += len(data)
				shardSizes = append(shardSizes, len(data))
				largest = max(largest, len(data))
			}
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(shardSizes)))
	t.Logf("index: %.2f MB in %d shards (%.2f MB, largest %d KB) and %d document files; meta.json %d KB",
		float64(total)/1e6, len(meta.Shards), float64(shardTotal)/1e6, largest>>10, (n+int(meta.DocsPerFile)-1)/int(meta.DocsPerFile), len(files["search/meta.json"])>>10)

	// The worst any two-word query can do: meta.json and the largest
	// shards, prefix_shards of them per word.
	worst := len(files["search/meta.json"])
	for _, s := range shardSizes[:min(2*int(meta.PrefixShards), len(shardSizes))] {
		worst += s
	}
	t.Logf("worst case for two words: %d KB", worst>>10)
	if worst >= 1<<20 {
		t.Errorf("a two-word query may download %d KB of index, want < 1 MB", worst>>10)
	}

	for _, q := range []string{"availability " + syntheticWords[0], syntheticWords[0] + " " + syntheticWords[1], "ka mi", "ma it"} {
		c := &searchClient{files: files}
		res := c.search(t, q, 10)
		idx := 0
		for _, name := range c.fetched {
			if !strings.HasPrefix(name, "docs-") {
				idx += len(c.files["search/"+name])
			}
		}
		t.Logf("query %q: %d results shown; meta+shards %d KB, with the documents of 10 results %d KB (%d files)", q, len(res), idx>>10, c.bytes()>>10, len(c.fetched))
		if len(res) == 0 {
			t.Errorf("query %q: no results", q)
		}
		if idx >= 1<<20 || c.bytes() >= 1<<20 {
			t.Errorf("query %q downloads %d KB of meta and shards, %d KB with the documents shown, want < 1 MB", q, idx>>10, c.bytes()>>10)
		}
	}
}

// syntheticWords is a vocabulary of made-up words, most common first.
var syntheticWords = func() []string {
	r := rand.New(rand.NewPCG(42, 42))
	syl := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "ga", "po", "li", "ber", "tan", "ston", "ver", "qua", "zel", "mar", "in", "or", "ex", "pla", "tri"}
	seen := map[string]bool{}
	var words []string
	for len(words) < 4000 {
		var b strings.Builder
		for k := 1 + r.IntN(4); k >= 0; k-- {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}()

// syntheticSite returns a site of n briefs, each with goals, roles and KPIs
// and a body of 3 to 5 KB of words drawn from syntheticWords by Zipf's law,
// like the words of real text.
func syntheticSite(n int, seed uint64) fstest.MapFS {
	r := rand.New(rand.NewPCG(seed, 7))
	zipf := rand.NewZipf(r, 1.1, 3, uint64(len(syntheticWords)-1))
	word := func() string { return syntheticWords[zipf.Uint64()] }
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	cap1 := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	people := make([]string, 2000)
	for i := range people {
		people[i] = cap1(syntheticWords[r.IntN(len(syntheticWords))]) + " " + cap1(syntheticWords[r.IntN(len(syntheticWords))])
	}
	kpiNames := []string{"availability", "conversion rate", "page load time", "qualified leads", "bounce rate", "cost per lead", "uptime", "tickets closed", "net promoter score", "organic sessions"}
	units := []string{"%", "ms", "leads", "$", "sessions"}
	teams := []string{"marketing", "it", "vendor", "leadership"}
	statuses := []string{"proposed", "active", "paused", "done"}
	approaches := []string{"marketing-led", "it-led", "partnership", "amalgamated", "vendor"}

	site := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: Synthetic\npage_size: 500\n---\n")}}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s %s %d\nsummary: %s.\nstatus: %s\napproach: %s\nsponsor: r0\n",
			cap1(word()), word(), i, cap1(words(12)), statuses[i%4], approaches[i%5])
		fmt.Fprintf(&b, "date: 2026-%02d-%02d\ntags: [%s, %s]\ngoals:\n", 1+i%12, 1+i%28, syntheticWords[r.IntN(200)], syntheticWords[r.IntN(200)])
		for g := 0; g < 3; g++ {
			fmt.Fprintf(&b, "  - id: g%d\n    title: %s\n    why: %s.\n", g, cap1(words(6)), cap1(words(10)))
		}
		b.WriteString("roles:\n")
		for k := 0; k < 4; k++ {
			fmt.Fprintf(&b, "  - id: r%d\n    title: %s lead\n    team: %s\n    person: %s\n    responsibilities: [%s, %s]\n",
				k, cap1(word()), teams[k], people[r.IntN(len(people))], words(3), words(3))
			if k > 0 {
				b.WriteString("    reports_to: r0\n")
			}
		}
		b.WriteString("kpis:\n")
		for k := 0; k < 3; k++ {
			fmt.Fprintf(&b, "  - id: k%d\n    name: %s %s\n    goal: g%d\n    owner: r%d\n    unit: %q\n    baseline: %d\n    target: %d\n    current: %d\n",
				k, cap1(word()), kpiNames[r.IntN(len(kpiNames))], k, k, units[r.IntN(len(units))], 10+k, 50+k, 20+k)
		}
		b.WriteString("---\n")
		size := 3000 + r.IntN(2000)
		for b.Len() < size {
			fmt.Fprintf(&b, "## %s\n\n", cap1(words(3)))
			for p := 0; p < 3 && b.Len() < size; p++ {
				fmt.Fprintf(&b, "%s.\n\n", cap1(words(40+r.IntN(40))))
			}
		}
		site[fmt.Sprintf("content/b%05d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return site
}
