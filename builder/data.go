package builder

import (
	"fmt"
	"html/template"
	neturl "net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/format"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/markdown"
)

// Data is what every layout receives as its dot.
type Data struct {
	Site  *content.Site
	Kind  string        // home, section, brief, page, kpis, people, terms, list, search, 404
	Page  *content.Page // the page rendered; for generated pages, a made-up one
	Brief *content.Brief

	Title       string // the page's own title
	DocTitle    string // the document's <title>: the page's and the site's, at most 70 characters
	Description string // for the meta description: the summary
	URL         string // the page's path, like "/web/seo/"
	Canonical   string // absolute when the site has a base URL

	Health *health.Report // for briefs: the health checklist

	Content template.HTML      // the rendered Markdown body
	TOC     []markdown.Heading // its headings, for the table of contents

	List   []*content.Page // the pages or briefs on this page of a list
	KPIs   []KPIRow        // on /kpis/
	People []*Person       // on /people/
	Terms  []*Term         // on a taxonomy index like /tags/
	Term   *Term           // on a term page like /tags/cms/
	Pager  *Pager          // for lists longer than page_size

	Prev, Next *content.Page // neighbouring briefs
	Sections   []*content.Page
	Today      time.Time
}

// KPIRow is one KPI on /kpis/.
type KPIRow struct {
	KPI     *content.KPI
	Page    *content.Page // its brief
	OnTrack bool          // met or on track (State is StateMet or StateOnTrack)
	State   string        // KPI.State on the day of the build

	id uint64 // the KPI's ID hashed, for the keys of the pages that list it
}

// Person is someone who holds roles, across briefs.
type Person struct {
	Name  string
	ID    string          // anchor on /people/
	Roles []*content.Role // every role, in brief order
	Shown []*content.Role // the first maxRolesShown, so no page grows without bound
	More  int             // how many roles are not shown

	key uint64 // the name, the shown roles' IDs and More hashed (see dataKey)
}

// Count is the number of roles the person holds.
func (per *Person) Count() int { return len(per.Roles) }

// show sets Shown, More and key from Roles.
func (per *Person) show() {
	per.Shown = per.Roles[:min(len(per.Roles), maxRolesShown)]
	per.More = len(per.Roles) - len(per.Shown)
	k := newKeyer().str(per.Name).num(uint64(per.More))
	for _, r := range per.Shown {
		k.str(r.ID)
	}
	per.key = k.sum()
}

// maxRolesShown is how many of one person's roles /people/ lists.
const maxRolesShown = 12

// Term is a value of a taxonomy (an approach, a status, a team or a tag) and
// the briefs that have it.
type Term struct {
	Taxonomy string // approach, status, teams, tags
	Name     string // as first written
	URL      string
	Briefs   []*content.Page
}

// Count is the number of the term's briefs.
func (t *Term) Count() int { return len(t.Briefs) }

// Label is the term as pages show it: a tag as its writer wrote it
// ("CMS"), a status, approach or team in words ("Marketing-led", "IT").
func (t *Term) Label() string {
	if t.Taxonomy == "tags" {
		return t.Name
	}
	return format.Label(t.Name)
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	First, Last   string
	Prev, Next    string // "" at the ends
	Pages         []PagerLink
}

// PagerLink is one numbered link of a Pager.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // pages before this one are left out: an ellipsis goes first
}

// The taxonomies, in the order they are shown.
var taxonomies = []string{"approach", "status", "teams", "tags"}

// aggregates are the views across briefs, computed once per build.
type aggregates struct {
	kpis    []KPIRow
	people  []*Person
	terms   map[string][]*Term // taxonomy → terms
	byTitle []*content.Page    // the briefs by title, then position
	rowsOf  map[*content.Page][]KPIRow
	groups  map[*content.Page]kpiGroup // by the first brief of each title
	repeats map[string]bool            // the titles two briefs or more have
	today   time.Time                  // of the OnTrack of the rows
}

// aggregate computes the views across briefs, or with a Cache takes those
// of the last build when it had the very same briefs (a *Page stands for
// the same front matter; see content.DocCache) on the same day.
func (b *build) aggregate() {
	if a := b.opts.Cache.aggregates(b.site.Briefs, b.opts.Today); a != nil {
		b.agg = a
		return
	}
	b.agg = b.newAggregates(b.opts.Cache.lastAggregates())
	b.opts.Cache.putAggregates(b.site.Briefs, b.opts.Today, b.agg)
}

// newAggregates computes the aggregates; those of the last build, for the
// briefs it had, spare it work: the KPI rows and order of unchanged briefs
// are kept, and people and terms are patched after an edit that changed
// no name, team, tag, status or approach.
func (b *build) newAggregates(lastBriefs []*content.Page, last *aggregates) *aggregates {
	a := &aggregates{today: b.opts.Today}
	briefs := b.site.Briefs
	edits, patch := edited(briefs, lastBriefs)
	patch = patch && last != nil
	// The three views are independent: each is made by a pass over the
	// briefs of its own, at the same time as the others.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // every KPI, off-track first
		defer wg.Done()
		// Each brief's rows; those of a brief the last build had (the same
		// *Page: the same front matter) on the same day are kept.
		var lastOrder []*content.Page
		var lastRows map[*content.Page][]KPIRow
		var lastGroups map[*content.Page]kpiGroup
		if last != nil && last.today.Equal(b.opts.Today) {
			lastOrder, lastRows, lastGroups = last.byTitle, last.rowsOf, last.groups
		}
		a.rowsOf = make(map[*content.Page][]KPIRow, len(briefs))
		for _, p := range briefs {
			rows, ok := lastRows[p]
			if !ok {
				rows = make([]KPIRow, len(p.Brief.KPIs))
				for i, k := range p.Brief.KPIs {
					st := k.State(b.opts.Today)
					rows[i] = KPIRow{KPI: k, Page: p, State: st, OnTrack: st == content.StateMet || st == content.StateOnTrack, id: newKeyer().str(k.ID).sum()}
				}
			}
			a.rowsOf[p] = rows
		}
		a.byTitle = titleOrder(briefs, lastBriefs, lastOrder)
		a.repeats = map[string]bool{}
		for i := 1; i < len(a.byTitle); i++ {
			if t := a.byTitle[i].Title; t == a.byTitle[i-1].Title {
				a.repeats[t] = true
			}
		}
		a.kpis, a.groups = sortKPIs(a.byTitle, a.rowsOf, lastGroups)
	}()
	go func() { // every person and their roles
		defer wg.Done()
		ok := false
		if patch {
			a.people, ok = patchPeople(last.people, edits)
		}
		if !ok {
			a.people = peopleOf(briefs)
		}
	}()
	ok := false
	if patch {
		a.terms, ok = patchTerms(last.terms, edits)
	}
	if !ok {
		a.terms = termsOf(briefs)
	}
	wg.Wait()
	return a
}

// peopleOf lists everyone the roles of briefs name, by name, with their
// roles in brief order. Names that differ only in case are one person.
func peopleOf(briefs []*content.Page) []*Person {
	var people []*Person
	byPerson := map[string]*Person{} // by lowercased name
	byName := map[string]*Person{}   // by name as written
	for _, p := range briefs {
		for _, r := range p.Brief.Roles {
			if r.Person == "" {
				continue
			}
			per := byName[r.Person]
			if per == nil {
				key := strings.ToLower(r.Person)
				per = byPerson[key]
				if per == nil {
					per = &Person{Name: r.Person}
					byPerson[key] = per
					people = append(people, per)
				}
				byName[r.Person] = per
			}
			per.Roles = append(per.Roles, r)
		}
	}
	slices.SortFunc(people, func(x, y *Person) int { return strings.Compare(x.Name, y.Name) })
	// Anchors are made in name order, so that two people whose names have
	// one slug (Zoë and Zoe, or two names of no letter) each keep theirs
	// from one build to the next.
	ids := content.Unique{}
	for _, per := range people {
		per.ID = ids.Of("person-" + content.Anchor(per.Name))
		per.show()
	}
	return people
}

// termsOf lists the terms of each taxonomy that briefs use, each with its
// briefs in order: approaches and statuses in their fixed order, teams
// and tags by name.
func termsOf(briefs []*content.Page) map[string][]*Term {
	terms := map[string][]*Term{}
	termIdx := map[string]*Term{}
	written := map[[2]string]*Term{} // taxonomy and name as written → term
	slugs := map[string]string{}
	slug := func(name string) string {
		s, ok := slugs[name]
		if !ok {
			s = neturl.PathEscape(content.Anchor(name))
			slugs[name] = s
		}
		return s
	}
	addTerm := func(tax, name string, p *content.Page) {
		t := written[[2]string{tax, name}]
		if t == nil {
			key := tax + "/" + slug(name)
			t = termIdx[key]
			if t == nil {
				t = &Term{Taxonomy: tax, Name: name, URL: "/" + tax + "/" + slug(name) + "/"}
				termIdx[key] = t
				terms[tax] = append(terms[tax], t)
			}
			written[[2]string{tax, name}] = t
		}
		if n := len(t.Briefs); n == 0 || t.Briefs[n-1] != p {
			t.Briefs = append(t.Briefs, p)
		}
	}
	for _, p := range briefs {
		br := p.Brief
		if br.Approach != "" {
			addTerm("approach", br.Approach, p)
		}
		addTerm("status", br.Status, p)
		for _, r := range br.Roles {
			if r.Team != "" {
				addTerm("teams", r.Team, p)
			}
		}
		for _, t := range br.Tags {
			if slug(t) != "" {
				addTerm("tags", t, p)
			}
		}
	}
	order := map[string][]string{"approach": content.Approaches, "status": content.Statuses}
	for tax, ts := range terms {
		rank := func(t *Term) int {
			for i, v := range order[tax] {
				if v == t.Name {
					return i
				}
			}
			return len(order[tax])
		}
		sort.SliceStable(ts, func(i, j int) bool {
			if ri, rj := rank(ts[i]), rank(ts[j]); ri != rj {
				return ri < rj
			}
			return strings.ToLower(ts[i].Name) < strings.ToLower(ts[j].Name)
		})
	}
	return terms
}

// behind reports whether the row's KPI is off track or missed: /kpis/ lists
// those first.
func (r KPIRow) behind() bool {
	return r.State == content.StateOffTrack || r.State == content.StateMissed
}

// kpiGroup holds the KPI rows of the briefs of one title in the order of
// sortKPIs: the off-track ones and the on-track ones.
type kpiGroup struct {
	briefs  []*content.Page
	off, on []KPIRow
}

// sortKPIs lists the KPI rows of every brief (rowsOf) off-track first, then
// by brief title, then by KPI name; ties keep the order of the briefs. With
// the briefs already in title order (titleOrder), it sorts only the KPIs of
// each title, not every KPI of the site; and not even those when the last
// build had the same briefs for the title (last, as sortKPIs returned it,
// for the same day: the same *Page has the same rows). It returns the rows
// and the groups to pass to the next call.
func sortKPIs(byTitle []*content.Page, rowsOf map[*content.Page][]KPIRow, last map[*content.Page]kpiGroup) ([]KPIRow, map[*content.Page]kpiGroup) {
	n, nOff := 0, 0
	for _, p := range byTitle {
		n += len(rowsOf[p])
		for _, r := range rowsOf[p] {
			if r.behind() {
				nOff++
			}
		}
	}
	// The off-track rows fill out from the start, the on-track ones from
	// nOff on.
	type span struct{ first, off0, off1, on0, on1 int }
	out := make([]KPIRow, n)
	off, on := out[:0:nOff], out[nOff:nOff]
	var spans []span
	groups := map[*content.Page]kpiGroup{}
	for i := 0; i < len(byTitle); {
		j := i + 1
		for j < len(byTitle) && byTitle[j].Title == byTitle[i].Title {
			j++
		}
		briefs := byTitle[i:j:j]
		sp := span{first: i, off0: len(off), on0: len(on)}
		if g, ok := last[briefs[0]]; ok && slices.Equal(g.briefs, briefs) {
			off = append(off, g.off...)
			on = append(on, g.on...)
		} else {
			for _, p := range briefs {
				for _, r := range rowsOf[p] {
					if r.behind() {
						off = append(off, r)
					} else {
						on = append(on, r)
					}
				}
			}
			// Stable: the KPIs of one name keep the order of the briefs. A
			// title many briefs share makes a large group.
			byName := func(x, y KPIRow) int { return strings.Compare(x.KPI.Name, y.KPI.Name) }
			slices.SortStableFunc(off[sp.off0:], byName)
			slices.SortStableFunc(on[sp.on0:], byName)
		}
		sp.off1, sp.on1 = len(off), len(on)
		spans = append(spans, sp)
		groups[briefs[0]] = kpiGroup{briefs: briefs}
		i = j
	}
	k := nOff
	for _, sp := range spans {
		first := byTitle[sp.first]
		g := groups[first]
		g.off = out[sp.off0:sp.off1:sp.off1]
		g.on = out[k+sp.on0 : k+sp.on1 : k+sp.on1]
		groups[first] = g
	}
	return out, groups
}

// edited pairs each brief that changed since the last build with its last
// version (new → old), when the briefs are those of the last build, at the
// same positions with the same URLs, and few of them changed. Briefs of
// the last build that are not edited are the same *Page.
func edited(briefs, lastBriefs []*content.Page) (map[*content.Page]*content.Page, bool) {
	if len(briefs) != len(lastBriefs) {
		return nil, false
	}
	edits := map[*content.Page]*content.Page{}
	for i, p := range briefs {
		q := lastBriefs[i]
		if p == q {
			continue
		}
		if p.URL != q.URL || len(edits) >= maxPatched {
			return nil, false
		}
		edits[p] = q
	}
	return edits, true
}

// maxPatched is how many edited briefs the aggregates of the last build are
// patched for; more, and they are made anew.
const maxPatched = 64

// patchPeople returns the people of the last build (last) with the roles of
// the edited briefs (new → old) in place of their old ones, when every
// edited brief names the same people in the same roles as before.
func patchPeople(last []*Person, edits map[*content.Page]*content.Page) ([]*Person, bool) {
	swap := map[*content.Role]*content.Role{} // old role → new
	for p, q := range edits {
		if len(p.Brief.Roles) != len(q.Brief.Roles) {
			return nil, false
		}
		for i, r := range p.Brief.Roles {
			old := q.Brief.Roles[i]
			if r.Person != old.Person {
				return nil, false
			}
			swap[old] = r
		}
	}
	people := make([]*Person, len(last))
	for i, per := range last {
		roles := swapped(per.Roles, swap)
		if roles == nil {
			people[i] = per
			continue
		}
		people[i] = &Person{Name: per.Name, ID: per.ID, Roles: roles}
		people[i].show()
	}
	return people, true
}

// patchTerms returns the terms of the last build (last) with the edited
// briefs (new → old) in place of their old versions, when every edited
// brief has the same approach, status, teams and tags as before.
func patchTerms(last map[string][]*Term, edits map[*content.Page]*content.Page) (map[string][]*Term, bool) {
	swap := make(map[*content.Page]*content.Page, len(edits)) // old → new
	for p, q := range edits {
		if !sameTerms(p.Brief, q.Brief) {
			return nil, false
		}
		swap[q] = p
	}
	terms := make(map[string][]*Term, len(last))
	for tax, ts := range last {
		out := make([]*Term, len(ts))
		for i, t := range ts {
			briefs := swapped(t.Briefs, swap)
			if briefs == nil {
				out[i] = t
				continue
			}
			nt := *t
			nt.Briefs = briefs
			out[i] = &nt
		}
		terms[tax] = out
	}
	return terms, true
}

// swapped returns a copy of xs with the elements that swap maps replaced,
// or nil when it maps none of them.
func swapped[T comparable](xs []T, swap map[T]T) []T {
	var out []T
	for i, x := range xs {
		if y, ok := swap[x]; ok {
			if out == nil {
				out = slices.Clone(xs)
			}
			out[i] = y
		}
	}
	return out
}

// sameTerms reports whether two versions of a brief have the same terms.
func sameTerms(x, y *content.Brief) bool {
	if x.Approach != y.Approach || x.Status != y.Status || !slices.Equal(x.Tags, y.Tags) || len(x.Roles) != len(y.Roles) {
		return false
	}
	for i, r := range x.Roles {
		if r.Team != y.Roles[i].Team {
			return false
		}
	}
	return true
}

// titleOrder returns the briefs sorted by title, then by position. When
// they are the briefs of the last build, lastBriefs, at the same positions
// with the same URLs and titles (an edit changed other front matter), the
// last order, lastOrder, holds for them and no sort is needed.
func titleOrder(briefs, lastBriefs, lastOrder []*content.Page) []*content.Page {
	if out, ok := lastTitleOrder(briefs, lastBriefs, lastOrder); ok {
		return out
	}
	order := make([]int, len(briefs)) // brief positions by title, then position
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := strings.Compare(briefs[i].Title, briefs[j].Title); c != 0 {
			return c
		}
		return i - j
	})
	out := make([]*content.Page, len(briefs))
	for i, k := range order {
		out[i] = briefs[k]
	}
	return out
}

// lastTitleOrder is the last order of titleOrder applied to briefs, if it
// holds for them.
func lastTitleOrder(briefs, lastBriefs, lastOrder []*content.Page) ([]*content.Page, bool) {
	if len(lastOrder) != len(briefs) || len(lastBriefs) != len(briefs) {
		return nil, false
	}
	at := make(map[*content.Page]int, len(lastBriefs)) // last brief → position
	for i, p := range briefs {
		q := lastBriefs[i]
		if p != q && (p.URL != q.URL || p.Title != q.Title) {
			return nil, false
		}
		at[q] = i
	}
	out := make([]*content.Page, len(lastOrder))
	for i, q := range lastOrder {
		j, ok := at[q]
		if !ok {
			return nil, false
		}
		out[i] = briefs[j]
	}
	return out, true
}

// paginate splits n items into pages of the site's page size and returns the
// pager of each page (1-based page k is pagers[k-1]) and the item range.
func (b *build) paginate(base string, n int) []*Pager {
	size := b.site.PageSize
	total := (n + size - 1) / size
	if total < 1 {
		total = 1
	}
	url := func(k int) string {
		if k == 1 {
			return base
		}
		return fmt.Sprintf("%spage/%d/", base, k)
	}
	pagers := make([]*Pager, total)
	for k := 1; k <= total; k++ {
		p := &Pager{Number: k, Total: total, First: url(1), Last: url(total)}
		if k > 1 {
			p.Prev = url(k - 1)
		}
		if k < total {
			p.Next = url(k + 1)
		}
		// The first and last pages and the current one's neighbours, with
		// an ellipsis where pages are left out; a single page left out is
		// shown instead, as its number is as short as the ellipsis.
		var shown []int
		for _, j := range []int{1, k - 1, k, k + 1, total} {
			if j >= 1 && j <= total && (len(shown) == 0 || j > shown[len(shown)-1]) {
				if n := len(shown); n > 0 && j == shown[n-1]+2 {
					shown = append(shown, j-1)
				}
				shown = append(shown, j)
			}
		}
		for i, j := range shown {
			p.Pages = append(p.Pages, PagerLink{Number: j, URL: url(j), Current: j == k, Gap: i > 0 && j > shown[i-1]+1})
		}
		pagers[k-1] = p
	}
	return pagers
}

func bounds(k, size, n int) (int, int) {
	lo := (k - 1) * size
	hi := min(lo+size, n)
	return lo, hi
}

// newData fills the fields every page has that its key (dataKey) reads;
// complete fills the rest, for the pages that are rendered.
func (b *build) newData(kind string, p *content.Page, title, url string) *Data {
	desc := b.site.Description
	if p != nil && p.Summary != "" {
		desc = p.Summary
	} else if p != nil && p.Description != "" {
		desc = p.Description
	}
	d := dataPool.Get().(*Data)
	*d = Data{
		Site: b.site, Kind: kind, Page: p, Title: title, Description: desc,
		URL: url, Sections: b.sections, Today: b.opts.Today,
	}
	return d
}

// dataPool holds Data between pages: a build makes one per page, and once
// renderPage has written the page, nothing refers to it.
var dataPool = sync.Pool{New: func() any { return new(Data) }}

// complete fills the fields of d that follow from those newData set.
func (b *build) complete(d *Data) {
	d.DocTitle = docTitle(d.Title, b.site.Title, d.Kind == "home")
	d.Canonical = b.absURL(d.URL)
	if p := d.Page; p != nil {
		d.Brief = p.Brief
		d.Health = b.health[p]
		if r := b.bodies[p]; r != nil {
			d.Content = template.HTML(r.HTML)
			d.TOC = r.TOC
		}
	}
}

// job renders and writes one page, or writes one other file.
type job struct {
	name string        // the page's output file; "" for other files
	body *content.Page // the page whose Markdown the page shows, if any
	late bool          // in a build that streams, runs after the pages (see writeAll)
	run  func() error
}

// renderJobs lists every page to render; each job renders and writes one.
func (b *build) renderJobs() []job {
	var jobs []job
	// page adds the job of the page at url, showing p's body.
	page := func(url string, p *content.Page, run func() error) {
		jobs = append(jobs, job{name: outputName(url), body: p, run: run})
	}
	site := b.site
	// paged adds one job per page of a list of n items; fill puts items
	// [lo:hi] into the page's data.
	paged := func(kind, layout string, p *content.Page, title string, n int, fill func(d *Data, lo, hi int)) {
		for _, pg := range b.paginate(p.URL, n) {
			pg := pg
			url := pageURL(p.URL, pg.Number)
			page(url, p, func() error {
				d := b.newData(kind, p, pagedTitle(title, pg), url)
				lo, hi := bounds(pg.Number, site.PageSize, n)
				fill(d, lo, hi)
				if pg.Total > 1 {
					d.Pager = pg
				}
				return b.renderPage(layout, url, d)
			})
		}
	}
	list := func(kind, layout string, p *content.Page, title string, items []*content.Page) {
		paged(kind, layout, p, title, len(items), func(d *Data, lo, hi int) { d.List = items[lo:hi] })
	}

	for i, p := range site.Briefs {
		i, p := i, p
		page(p.URL, p, func() error {
			d := b.newData("brief", p, p.Title, p.URL)
			if i > 0 {
				d.Prev = site.Briefs[i-1]
			}
			if i+1 < len(site.Briefs) {
				d.Next = site.Briefs[i+1]
			}
			if b.stream && !b.streamBody(p, i, d) {
				return nil
			}
			return b.renderPage("brief.html", p.URL, d)
		})
	}
	for _, p := range site.Pages {
		p := p
		switch p.Kind {
		case content.PlainPage:
			page(p.URL, p, func() error {
				d := b.newData("page", p, p.Title, p.URL)
				if b.stream && !b.streamBody(p, -1, d) {
					return nil
				}
				return b.renderPage("page.html", p.URL, d)
			})
		case content.SectionPage:
			list("section", "section.html", p, p.Title, p.Children)
		case content.HomePage:
			list("home", "home.html", p, site.Title, site.Briefs)
		}
	}

	kpiPage := &content.Page{Kind: content.PlainPage, URL: "/kpis/", Title: "KPIs", Summary: "Every KPI of every brief, with its progress toward target; off-track first."}
	paged("kpis", "kpis.html", kpiPage, "KPIs", len(b.agg.kpis), func(d *Data, lo, hi int) { d.KPIs = b.agg.kpis[lo:hi] })
	peoplePage := &content.Page{Kind: content.PlainPage, URL: "/people/", Title: "People", Summary: "Everyone named in a brief, every role they hold, and who they report to."}
	paged("people", "people.html", peoplePage, "People", len(b.agg.people), func(d *Data, lo, hi int) { d.People = b.agg.people[lo:hi] })

	// Taxonomies: an index of terms, and a list of briefs per term.
	for _, tax := range taxonomies {
		terms := b.agg.terms[tax]
		title := map[string]string{"approach": "Approaches", "status": "Statuses", "teams": "Teams", "tags": "Tags"}[tax]
		singular := map[string]string{"approach": "approach", "status": "status", "teams": "team", "tags": "tag"}[tax]
		idx := &content.Page{Kind: content.PlainPage, URL: "/" + tax + "/", Title: title, Summary: fmt.Sprintf("Briefs grouped by %s.", singular)}
		paged("terms", "terms.html", idx, title, len(terms), func(d *Data, lo, hi int) { d.Terms = terms[lo:hi] })
		for _, t := range terms {
			t := t
			name := t.Label()
			tp := &content.Page{Kind: content.PlainPage, URL: t.URL, Title: name, Summary: fmt.Sprintf("Briefs with the %s %s.", singular, name)}
			paged("list", "list.html", tp, name, len(t.Briefs), func(d *Data, lo, hi int) { d.List = t.Briefs[lo:hi]; d.Term = t })
		}
	}
	// /search/ and /404.html
	searchPage := &content.Page{Kind: content.PlainPage, URL: "/search/", Title: "Search", Summary: "Search every brief: titles, goals, roles, people and KPIs."}
	page("/search/", searchPage, func() error {
		return b.renderPage("search.html", "/search/", b.newData("search", searchPage, "Search", "/search/"))
	})
	notFound := &content.Page{Kind: content.PlainPage, URL: "/404.html", Title: "Page not found"}
	page("/404.html", notFound, func() error {
		return b.renderPage("404.html", "/404.html", b.newData("404", notFound, "Page not found", "/404.html"))
	})
	for _, run := range b.dataJobs() {
		jobs = append(jobs, job{run: run})
	}
	for _, run := range append([]func() error{b.writeFeed}, b.searchJobs()...) {
		jobs = append(jobs, job{run: run, late: true})
	}
	return jobs
}

// outputName is the file a page URL is written to.
func outputName(url string) string {
	if url == "/404.html" {
		return "404.html"
	}
	// "/%E8%90%A5/" is written to 营/index.html.
	return strings.TrimPrefix(unescaped(url), "/") + "index.html"
}

// unescaped is a page's URL as its path reads, "/营销/" for "/%E8%90%A5%E9%94%80/".
func unescaped(u string) string {
	if p, err := neturl.PathUnescape(u); err == nil {
		return p
	}
	return u
}

func pageURL(base string, k int) string {
	if k <= 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, k)
}

func pagedTitle(title string, pg *Pager) string {
	if pg.Number > 1 {
		return fmt.Sprintf("%s (page %d of %d)", title, pg.Number, pg.Total)
	}
	return title
}

// docTitle is the text of a page's <title>: "Page · Site", or the page's
// title alone where both would pass 70 characters (search engines cut
// longer titles).
func docTitle(title, site string, home bool) string {
	if home || title == site {
		return format.Clip(site, 70)
	}
	if full := title + " · " + site; len([]rune(full)) <= 70 {
		return full
	}
	return format.Clip(title, 70)
}
