package builder

import (
	"hash/maphash"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/internal/minifier"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/search"
	"github.com/playbook-dev/playbook/builder/views"
)

// Cache carries work from one build of a site to the next, for the dev
// server's rebuilds: parsed files, converted Markdown, and rendered pages
// whose inputs did not change. The output is the same with or without it.
// A Cache is for one site and one set of Options; it is safe for
// concurrent use.
type Cache struct {
	docs   *content.DocCache
	leaves bool // the last load left bodies in their files (content.Options.LeaveBodies)
	mu     sync.Mutex
	md     map[string]*mdEntry
	pages  map[string]pageEntry
	index  map[string]search.Doc // by page URL
	checks map[string]healthEntry
	idx    *search.Index // the search index of the last build
	agg    aggEntry
	last   lastBuild
	chunks map[string]chunkEntry
	rows   map[string]rowGen // by data file
	cards  deps              // what cards have read, in every build so far
	lay    *layoutSet        // the last build's layouts, unless a build has taken them
	assets minifier.Memo     // the theme files minified
}

// takeLayouts returns the layouts the last build handed back, if they were
// made from the same files and settings (key), and keeps them no longer
// (nor ones made from other files): the build that takes them hands them
// back with putLayouts when it is done, so that no two builds share them.
func (c *Cache) takeLayouts(key uint64) *layoutSet {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ls := c.lay
	c.lay = nil
	if ls == nil || ls.key != key {
		return nil
	}
	return ls
}

// putLayouts keeps the layouts of a build that parsed them without errors,
// and lets that build go.
func (c *Cache) putLayouts(ls *layoutSet) {
	if c == nil || ls == nil {
		return
	}
	ls.ref.b = nil
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lay = ls
}

// rowGen is what a data file held for each brief in the last build (its
// JSON object, its CSV rows), by the brief's *Page: the same *Page has the
// same front matter. key hashes what else the rows depend on (the day,
// the base URL). Each build keeps only the rows of its own briefs.
type rowGen struct {
	key  uint64
	rows map[*content.Page][]byte
}

// lastRows returns the rows the last build made for file under the same
// key, and a map for this build's, to hand to putRows; both are nil
// without a Cache.
func (c *Cache) lastRows(file string, key uint64, n int) (last, next map[*content.Page][]byte) {
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if g := c.rows[file]; g.key == key {
		last = g.rows
	}
	return last, make(map[*content.Page][]byte, n)
}

func (c *Cache) putRows(file string, key uint64, rows map[*content.Page][]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		c.rows = map[string]rowGen{}
	}
	c.rows[file] = rowGen{key, rows}
}

type chunkEntry struct {
	key    uint64
	chunks [][]byte
}

// chunked returns the pieces of a file made from the same inputs (key).
func (c *Cache) chunked(name string, key uint64) [][]byte {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.chunks[name]; ok && e.key == key {
		return e.chunks
	}
	return nil
}

func (c *Cache) putChunked(name string, key uint64, chunks [][]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.chunks == nil {
		c.chunks = map[string]chunkEntry{}
	}
	c.chunks[name] = chunkEntry{key, chunks}
}

// lastBuild is what skipUnchanged compares a build with.
type lastBuild struct {
	meta   uint64                   // settings, layouts, date and every page's metadata
	bodies map[*content.Page]uint64 // each page's Hash
}

// putLast records a build that wrote every file.
func (c *Cache) putLast(l lastBuild) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = l
}

// skipUnchanged writes the pages of the last build again when nothing but
// bodies changed since: then a page changes only when it shows a body that
// changed (its own, or another's that it read), and the jobs left are
// those pages' and the other files'. When
// more changed, it returns jobs as they are, and each page is looked up
// by its key as it renders.
func (c *Cache) skipUnchanged(b *build, jobs []job) []job {
	meta := newKeyer().num(b.keys.global).num(b.keys.all).num(b.keys.summary).sum()
	bodies := make(map[*content.Page]uint64, len(b.site.Pages))
	for _, p := range b.site.Pages {
		bodies[p] = p.Hash
	}
	c.mu.Lock()
	last := c.last
	c.last = lastBuild{} // until this build has written every file
	c.mu.Unlock()
	b.done = lastBuild{meta, bodies}
	if last.meta != meta {
		return jobs
	}
	bodiesChanged := len(last.bodies) != len(bodies)
	for p, h := range bodies {
		if last.bodies[p] != h {
			bodiesChanged = true
			break
		}
	}
	cards := c.cardReads()
	var left []job
	for _, j := range jobs {
		if j.name == "" || j.body != nil && last.bodies[j.body] != j.body.Hash {
			left = append(left, j)
			continue
		}
		c.mu.Lock()
		e, ok := c.pages[j.name]
		c.mu.Unlock()
		read := e.deps
		if read&readsCards != 0 {
			read |= cards
		}
		if !ok || bodiesChanged && read&readsBodies != 0 {
			left = append(left, j)
			continue
		}
		var err error
		if e.isPacked {
			err = b.writePacked(j.name, e.packed)
		} else {
			err = b.write(j.name, e.data, false)
		}
		if err != nil {
			left = append(left, j) // the job reports it
		}
		b.meter.cached.Add(1)
	}
	return left
}

type aggEntry struct {
	briefs []*content.Page
	today  time.Time
	agg    *views.Set

	// Made from agg, for the builds that reuse it: the home page's
	// attention lists, and the index of /people/ with its links (under
	// peopleBase, peopleSize to a page).
	attention  *views.Attention
	people     *views.PeopleIndex
	peopleBase string
	peopleSize int
}

// aggregates returns the views made for the same briefs on the same day.
func (c *Cache) aggregates(briefs []*content.Page, today time.Time) *views.Set {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.agg.agg == nil || !c.agg.today.Equal(today) || !slices.Equal(c.agg.briefs, briefs) {
		return nil
	}
	return c.agg.agg
}

// lastAggregates returns the briefs of the last build and its views,
// whatever they were.
func (c *Cache) lastAggregates() ([]*content.Page, *views.Set) {
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agg.briefs, c.agg.agg
}

func (c *Cache) putAggregates(briefs []*content.Page, today time.Time, a *views.Set) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.agg = aggEntry{briefs: slices.Clone(briefs), today: today, agg: a}
}

// attention returns the attention lists made with the views a, if any.
func (c *Cache) attention(a *views.Set) *views.Attention {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.agg.agg != a {
		return nil
	}
	return c.agg.attention
}

func (c *Cache) putAttention(a *views.Set, x *views.Attention) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.agg.agg == a {
		c.agg.attention = x
	}
}

// people returns the index of /people/ made with the views a, for links
// under base with size people to a page, if any.
func (c *Cache) people(a *views.Set, base string, size int) *views.PeopleIndex {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.agg.agg != a || c.agg.peopleBase != base || c.agg.peopleSize != size {
		return nil
	}
	return c.agg.people
}

func (c *Cache) putPeople(a *views.Set, base string, size int, x *views.PeopleIndex) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.agg.agg == a {
		c.agg.people, c.agg.peopleBase, c.agg.peopleSize = x, base, size
	}
}

// searchIndex takes the search index of the last build out of the cache:
// the build updates it and puts it back.
func (c *Cache) searchIndex() *search.Index {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	x := c.idx
	c.idx = nil
	return x
}

func (c *Cache) putSearchIndex(x *search.Index) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idx = x
}

type healthEntry struct {
	page   *content.Page // the same decoded page: the same front matter
	today  time.Time
	report *health.Report
}

// health returns the report made for the same page on the same day.
func (c *Cache) health(p *content.Page, today time.Time) *health.Report {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.checks[p.Source]; ok && e.page == p && e.today.Equal(today) {
		return e.report
	}
	return nil
}

func (c *Cache) putHealth(p *content.Page, today time.Time, r *health.Report) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checks[p.Source] = healthEntry{p, today, r}
}

// search returns the search document made for the page at url under the
// same key.
func (c *Cache) search(url string, key uint64) (search.Doc, bool) {
	if c == nil {
		return search.Doc{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.index[url]
	return d, ok && d.Key == key
}

func (c *Cache) putSearch(url string, d search.Doc) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index[url] = d
}

// mdEntry is a page's converted Markdown, its HTML and text packed: the
// bodies of a large site take a quarter of the memory.
type mdEntry struct {
	key        uint64
	html, text output.Packed
	toc        []markdown.Heading
}

// unpack returns the Markdown as converted; if it does not unpack, which
// only memory gone bad would cause, an empty body.
func (e *mdEntry) unpack() *markdown.Result {
	html, err1 := e.html.Unpack()
	text, err2 := e.text.Unpack()
	if err1 != nil || err2 != nil {
		return &markdown.Result{}
	}
	return &markdown.Result{HTML: string(html), Text: string(text), TOC: e.toc}
}

// pageEntry is a file of the last build: a page packed, as the dev
// server's output.Mem keeps it too, or a card or data file as it is.
type pageEntry struct {
	key      uint64
	data     []byte
	packed   output.Packed
	isPacked bool
	deps     deps // what the page read when it rendered
}

// docsFor returns the parsed files for a load that leaves bodies in their
// files or not. After loads that left them, the parsed files and their
// pages hold no Markdown: a load that keeps it starts from none.
func (c *Cache) docsFor(leave bool) *content.DocCache {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.leaves && !leave {
		c.docs = content.NewDocCache()
	}
	c.leaves = leave
	return c.docs
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{docs: content.NewDocCache(), md: map[string]*mdEntry{}, pages: map[string]pageEntry{}, index: map[string]search.Doc{}, checks: map[string]healthEntry{}}
}

func (c *Cache) markdown(source string, key uint64) (*mdEntry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.md[source]; ok && e.key == key {
		return e, true
	}
	return nil, false
}

// putMarkdown keeps res, which has no errors, packed, and returns the
// entry; nil without a Cache.
func (c *Cache) putMarkdown(source string, key uint64, res *markdown.Result) *mdEntry {
	if c == nil {
		return nil
	}
	e := &mdEntry{key: key, html: output.Pack([]byte(res.HTML)), text: output.Pack([]byte(res.Text)), toc: res.TOC}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.md[source] = e
	return e
}

func (c *Cache) page(name string, key uint64) []byte {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.pages[name]; ok && e.key == key {
		return e.data
	}
	return nil
}

func (c *Cache) putPage(name string, key uint64, data []byte) {
	c.putRendered(name, key, data, 0)
}

// rendered returns the page name as the last build made it, if key, given
// what it read then, hashes as it did.
func (c *Cache) rendered(name string, key func(deps) uint64) []byte {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	e, ok := c.pages[name]
	c.mu.Unlock()
	if ok && !e.isPacked && e.key == key(e.deps) {
		return e.data
	}
	return nil
}

func (c *Cache) putRendered(name string, key uint64, data []byte, d deps) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[name] = pageEntry{key: key, data: data, deps: d}
}

// renderedPacked is rendered for a page kept packed.
func (c *Cache) renderedPacked(name string, key func(deps) uint64) (output.Packed, bool) {
	if c == nil {
		return output.Packed{}, false
	}
	c.mu.Lock()
	e, ok := c.pages[name]
	c.mu.Unlock()
	if ok && e.isPacked && e.key == key(e.deps) {
		return e.packed, true
	}
	return output.Packed{}, false
}

// putPacked keeps a page packed.
func (c *Cache) putPacked(name string, key uint64, p output.Packed, d deps) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[name] = pageEntry{key: key, packed: p, isPacked: true, deps: d}
}

// cardReads returns what the cards of the builds so far read.
func (c *Cache) cardReads() deps {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cards
}

// addCardReads adds what the cards of a build read: pages that show cards
// are keyed with what any card has read (see deps).
func (c *Cache) addCardReads(d deps) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cards |= d
}

// keyer hashes the inputs of a page, without allocating: strings with
// hash/maphash, combined a word at a time. Keys live only as long as the
// process, like the Cache that compares them.
type keyer struct{ h *uint64 }

// keySeed seeds the string hashes of every keyer; it is set once.
var keySeed = maphash.MakeSeed()

func newKeyer() keyer {
	h := uint64(14695981039346656037)
	return keyer{&h}
}

func (k keyer) str(s string) keyer { return k.num(maphash.String(keySeed, s)) }

func (k keyer) num(n uint64) keyer {
	h := (*k.h ^ n) * 1099511628211
	*k.h = h ^ h>>29
	return k
}

// page hashes what a list shows of p: its metadata, not its body. A key of
// a page that shows p's body adds p.Hash.
func (k keyer) page(p *content.Page) keyer {
	if p == nil {
		return k.str("-")
	}
	return k.num(p.MetaHash).str(p.URL).str(p.Title).str(p.Summary).num(uint64(len(p.Children)))
}

func (k keyer) sum() uint64 { return *k.h }

// clone returns a keyer that goes on from where k is, leaving k as it is.
func (k keyer) clone() keyer {
	h := *k.h
	return keyer{&h}
}

// keys are the parts of page keys shared by a whole build.
type keys struct {
	global  uint64 // layouts, assets, settings, date, navigation
	all     uint64 // what lists show of every page of the site
	summary uint64 // what the functions stats and terms return
	bodies  uint64 // every page's source
	repeats uint64 // the titles two briefs or more have
	people  uint64 // every person's name and anchor, in order
	shape   uint64 // the sources and URLs that links resolve against
	sigs    map[*content.Page]uint64
}

// sig is the key of what lists show of p (keyer.page), computed once per
// build for the pages of the site.
func (b *build) sig(p *content.Page) uint64 {
	if v, ok := b.keys.sigs[p]; ok {
		return v
	}
	return newKeyer().page(p).sum()
}

// computeKeys hashes what every page depends on, and the values of the
// site that pages may read (see deps).
func (b *build) computeKeys() {
	k := newKeyer()
	s := b.site
	k.str(s.Title).str(s.Description).str(s.BaseURL).str(s.Language).str(s.RepoURL).num(uint64(s.PageSize))
	if s.UnsafeHTML {
		k.num(1)
	}
	k.str(b.opts.Today.Format("2006-01-02"))
	names := make([]string, 0, len(b.assets))
	for n := range b.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k.str(n).str(b.assets[n])
	}
	for _, p := range slices.Sorted(maps.Keys(b.layouts)) {
		k.str(p).str(b.layouts[p])
	}
	for _, c := range s.Home.Children {
		if c.Kind == content.SectionPage {
			k.str(c.URL).str(c.Title)
		}
	}
	b.keys.global = k.sum()
	all, bodies := newKeyer(), newKeyer()
	b.keys.sigs = make(map[*content.Page]uint64, len(s.Pages))
	for _, p := range s.Pages {
		sig := newKeyer().page(p).sum()
		b.keys.sigs[p] = sig
		all.num(sig)
		bodies.num(p.Hash)
	}
	b.keys.all = all.sum()
	b.keys.bodies = bodies.sum()
	sum := newKeyer()
	st := b.stats()
	sum.num(uint64(st.Briefs)).num(uint64(st.Active)).num(uint64(st.Healthy)).num(uint64(st.KPIs)).num(uint64(st.Tracked)).num(uint64(st.OnTrack)).num(uint64(st.People))
	for _, tax := range taxonomies {
		for _, t := range b.agg.Terms[tax] {
			sum.str(t.Name).str(t.URL).num(uint64(len(t.Briefs)))
		}
	}
	b.keys.summary = sum.sum()
	rep := newKeyer()
	for _, t := range slices.Sorted(maps.Keys(b.agg.Repeats)) {
		rep.str(t)
	}
	b.keys.repeats = rep.sum()
	ppl := newKeyer()
	for _, per := range b.agg.People {
		ppl.str(per.Name).str(per.ID)
	}
	b.keys.people = ppl.sum()
}

// shapeKey hashes the sources and URLs of a site: what relative links in
// Markdown resolve against.
func shapeKey(s *content.Site) uint64 {
	shape := newKeyer()
	for _, p := range s.Pages {
		shape.str(p.Source).str(p.URL)
	}
	for _, f := range s.Files {
		shape.str(f.Source)
	}
	return shape.sum()
}

// dataKey hashes what a layout reads of d without a recorder telling:
// the page's own values and those of the pages on its lists. What else it
// read of the site is hashed by depsKey.
func (b *build) dataKey(layout string, d *Data) keyer {
	k := newKeyer().num(b.keys.global).str(layout).str(d.Kind)
	// The page's URL, title and summary are in its sig: only strings of
	// another page are hashed (comparing the same string costs nothing).
	if p := d.Page; p != nil && d.URL == p.URL && d.Title == p.Title && d.Description == p.Summary {
		k.num(1)
	} else {
		k.num(2).str(d.URL).str(d.Title).str(d.Description)
	}
	k.num(b.sig(d.Page)).num(b.sig(d.Prev)).num(b.sig(d.Next))
	if d.Page != nil {
		k.num(d.Page.Hash).num(b.sig(d.Page.Section))
	}
	for _, p := range d.List {
		k.num(b.sig(p))
	}
	// A KPI row is its brief and the KPI's ID (the rest of the KPI is in
	// the brief's sig); a person, the name, each role shown (its ID and
	// brief) and how many are not, which with the shown ones make Count.
	for _, r := range d.KPIs {
		k.num(b.sig(r.Page)).str(r.KPI.ID)
	}
	for _, p := range d.People {
		k.str(p.Name).num(uint64(len(p.Shown))).num(uint64(p.More))
		for _, r := range p.Shown {
			k.str(r.ID).num(b.sig(r.Brief.Page))
		}
	}
	for _, t := range d.Terms {
		k.str(t.Name).str(t.URL).num(uint64(len(t.Briefs)))
	}
	if d.Term != nil {
		k.str(d.Term.Name).num(uint64(len(d.Term.Briefs)))
	}
	if d.Pager != nil {
		k.num(uint64(d.Pager.Number)).num(uint64(d.Pager.Total))
	}
	return k
}

// assetMemo is what the theme files were minified to, nil without a Cache.
func (c *Cache) assetMemo() *minifier.Memo {
	if c == nil {
		return nil
	}
	return &c.assets
}
