package builder

import (
	"hash/maphash"
	"html/template"
	"io/fs"
	"slices"
	"sort"
	"sync"
	"text/template/parse"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/markdown"
)

// Cache carries work from one build of a site to the next, for the dev
// server's rebuilds: parsed files, converted Markdown, and rendered pages
// whose inputs did not change. The output is the same with or without it.
// A Cache is for one site and one set of Options; it is safe for
// concurrent use.
type Cache struct {
	docs   *content.DocCache
	mu     sync.Mutex
	md     map[string]mdEntry
	pages  map[string]pageEntry
	index  map[string]searchEntry
	checks map[string]healthEntry
	idx    *index // the search index of the last build
	agg    aggEntry
	last   lastBuild
	chunks map[string]chunkEntry
	rows   map[string]rowGen // by data file
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
// changed, and the jobs left are those pages' and the other files'. When
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
	var left []job
	for _, j := range jobs {
		if j.name == "" || j.body != nil && last.bodies[j.body] != j.body.Hash {
			left = append(left, j)
			continue
		}
		c.mu.Lock()
		e, ok := c.pages[j.name]
		c.mu.Unlock()
		if !ok {
			left = append(left, j)
			continue
		}
		if err := b.write(j.name, e.data, false); err != nil {
			left = append(left, j) // the job reports it
		}
		b.meter.cached.Add(1)
	}
	return left
}

type aggEntry struct {
	briefs []*content.Page
	today  time.Time
	agg    *aggregates
}

// aggregates returns the aggregates made for the same briefs on the same
// day.
func (c *Cache) aggregates(briefs []*content.Page, today time.Time) *aggregates {
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

// lastAggregates returns the aggregates of the last build and its briefs,
// whatever they were.
func (c *Cache) lastAggregates() ([]*content.Page, *aggregates) {
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agg.briefs, c.agg.agg
}

func (c *Cache) putAggregates(briefs []*content.Page, today time.Time, a *aggregates) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.agg = aggEntry{slices.Clone(briefs), today, a}
}

// searchIndex takes the search index of the last build out of the cache:
// the build updates it and puts it back.
func (c *Cache) searchIndex() *index {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	x := c.idx
	c.idx = nil
	return x
}

func (c *Cache) putSearchIndex(x *index) {
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

type searchEntry struct {
	key   uint64
	doc   searchDoc
	terms map[string]uint8
}

func (c *Cache) search(url string, key uint64) (searchEntry, bool) {
	if c == nil {
		return searchEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[url]
	return e, ok && e.key == key
}

func (c *Cache) putSearch(url string, key uint64, e searchEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index[url] = e
}

type mdEntry struct {
	key uint64
	res *markdown.Result
}

type pageEntry struct {
	key  uint64
	data []byte
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{docs: content.NewDocCache(), md: map[string]mdEntry{}, pages: map[string]pageEntry{}, index: map[string]searchEntry{}, checks: map[string]healthEntry{}}
}

func (c *Cache) markdown(source string, key uint64) *markdown.Result {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.md[source]; ok && e.key == key {
		return e.res
	}
	return nil
}

func (c *Cache) putMarkdown(source string, key uint64, res *markdown.Result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.md[source] = mdEntry{key, res}
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
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[name] = pageEntry{key, data}
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

// keys are the parts of page keys shared by a whole build.
type keys struct {
	global  uint64          // layouts, assets, settings, date, navigation
	all     uint64          // every page of the site
	summary uint64          // what the functions stats and terms return
	wide    map[string]bool // layouts that reach every page
	summed  map[string]bool // layouts that call stats or terms
	shape   uint64          // the sources and URLs that links resolve against
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

// siteWide are the fields that reach every page: a layout whose templates
// (its own, base.html's and the partials') read one of them, by any way
// the template language has of reaching it (a field, a chain, a variable,
// with, range, a partial), is rendered again on any change of any page. A
// layout that calls a function of summaryFunc is rendered again when
// their results change. The fields of a Term and a Pager are keyed with
// the page (see dataKey): their Briefs and Pages are not site-wide.
var (
	siteWide    = map[string]bool{"Briefs": true, "Pages": true, "Files": true, "Children": true}
	summaryFunc = map[string]bool{"stats": true, "terms": true}
	keyedFields = map[string]bool{"Term": true, "Terms": true, "Pager": true}
)

// reach reports whether the templates of t read a site-wide field, and
// whether they call a summary function, from their parse trees.
func reach(t *template.Template) (wide, summed bool) {
	// fields checks the names of one field chain: .A.B.C, $x.B.C, (…).B;
	// keyed says whether the value they start from is a Term or a Pager.
	fields := func(names []string, keyed bool) {
		for i, n := range names {
			if siteWide[n] && !keyed && (i == 0 || !keyedFields[names[i-1]]) {
				wide = true
			}
			keyed = false
		}
	}
	// last is the name of the last field of a pipeline, which says what
	// dot is inside the with or range it opens.
	last := func(p *parse.PipeNode) string {
		if p == nil || len(p.Cmds) == 0 {
			return ""
		}
		cmd := p.Cmds[len(p.Cmds)-1]
		if len(cmd.Args) == 0 {
			return ""
		}
		switch a := cmd.Args[0].(type) {
		case *parse.FieldNode:
			return a.Ident[len(a.Ident)-1]
		case *parse.ChainNode:
			return a.Field[len(a.Field)-1]
		case *parse.VariableNode:
			return a.Ident[len(a.Ident)-1]
		}
		return ""
	}
	var walk func(n parse.Node, keyedDot bool)
	walk = func(n parse.Node, keyedDot bool) {
		switch n := n.(type) {
		case nil:
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c, keyedDot)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe, keyedDot)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c, keyedDot)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a, keyedDot)
			}
		case *parse.FieldNode:
			fields(n.Ident, keyedDot)
		case *parse.VariableNode:
			fields(n.Ident[1:], false)
		case *parse.ChainNode:
			walk(n.Node, keyedDot)
			fields(n.Field, false)
		case *parse.IdentifierNode:
			if summaryFunc[n.Ident] {
				summed = true
			}
		case *parse.IfNode:
			walk(n.Pipe, keyedDot)
			walk(n.List, keyedDot)
			walk(n.ElseList, keyedDot)
		case *parse.WithNode:
			walk(n.Pipe, keyedDot)
			walk(n.List, keyedFields[last(n.Pipe)])
			walk(n.ElseList, keyedDot)
		case *parse.RangeNode:
			walk(n.Pipe, keyedDot)
			walk(n.List, keyedFields[last(n.Pipe)])
			walk(n.ElseList, keyedDot)
		case *parse.TemplateNode:
			// The template called is one of t's, walked on its own; what
			// it is handed is read here.
			walk(n.Pipe, keyedDot)
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			walk(tt.Tree.Root, false)
		}
	}
	return wide, summed
}

// computeKeys hashes what every page depends on, and finds from the
// layouts' parse trees those that reach every page (see reach).
func (b *build) computeKeys() {
	k := newKeyer()
	s := b.site
	k.str(s.Title).str(s.Description).str(s.BaseURL).str(s.Language).str(s.RepoURL).num(uint64(s.PageSize))
	k.str(b.opts.Today.Format("2006-01-02"))
	names := make([]string, 0, len(b.assets))
	for n := range b.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k.str(n).str(b.assets[n])
	}
	b.keys.wide = map[string]bool{}
	b.keys.summed = map[string]bool{}
	fs.WalkDir(b.layouts, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, _ := fs.ReadFile(b.layouts, p)
		k.str(p).str(string(data))
		return nil
	})
	for _, c := range s.Home.Children {
		if c.Kind == content.SectionPage {
			k.str(c.URL).str(c.Title)
		}
	}
	if b.readsBody {
		// Rare, and then any edit renders every page again.
		for _, p := range s.Pages {
			k.num(p.Hash)
		}
	}
	b.keys.global = k.sum()
	for name, t := range b.tmpl {
		b.keys.wide[name], b.keys.summed[name] = reach(t)
	}
	all := newKeyer()
	b.keys.sigs = make(map[*content.Page]uint64, len(s.Pages))
	for _, p := range s.Pages {
		sig := newKeyer().page(p).sum()
		b.keys.sigs[p] = sig
		all.num(sig)
	}
	b.keys.all = all.sum()
	sum := newKeyer()
	st := b.stats()
	sum.num(uint64(st.Briefs)).num(uint64(st.Active)).num(uint64(st.Healthy)).num(uint64(st.KPIs)).num(uint64(st.Tracked)).num(uint64(st.OnTrack)).num(uint64(st.People))
	for _, tax := range taxonomies {
		for _, t := range b.agg.terms[tax] {
			sum.str(t.Name).str(t.URL).num(uint64(len(t.Briefs)))
		}
	}
	b.keys.summary = sum.sum()
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

// dataKey hashes everything a layout can reach from d.
func (b *build) dataKey(layout string, d *Data) uint64 {
	k := newKeyer().num(b.keys.global).str(layout).str(d.Kind)
	// The page's URL, title and summary are in its sig: only strings of
	// another page are hashed (comparing the same string costs nothing).
	if p := d.Page; p != nil && d.URL == p.URL && d.Title == p.Title && d.Description == p.Summary {
		k.num(1)
	} else {
		k.num(2).str(d.URL).str(d.Title).str(d.Description)
	}
	if b.keys.wide[layout] {
		k.num(b.keys.all)
	}
	if b.keys.summed[layout] {
		k.num(b.keys.summary)
	}
	k.num(b.sig(d.Page)).num(b.sig(d.Prev)).num(b.sig(d.Next))
	if d.Page != nil {
		k.num(d.Page.Hash).num(b.sig(d.Page.Section))
	}
	for _, p := range d.List {
		k.num(b.sig(p))
	}
	for _, r := range d.KPIs {
		k.num(b.sig(r.Page)).num(r.id)
	}
	for _, p := range d.People {
		k.num(p.key)
		for _, r := range p.Shown {
			k.num(b.sig(r.Brief.Page))
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
	return k.sum()
}
