package builder

import (
	"fmt"
	"html/template"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/format"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/views"
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
	KPIs   []views.KPIRow  // on /kpis/
	People []*views.Person // on /people/
	Terms  []*views.Term   // on a taxonomy index like /tags/
	Term   *views.Term     // on a term page like /tags/cms/
	Pager  *views.Pager    // for lists longer than page_size

	Prev, Next *content.Page // neighbouring briefs
	Sections   []*content.Page
	Today      time.Time
}

// The taxonomies, in the order they are shown.
var taxonomies = []string{"approach", "status", "teams", "tags"}

// aggregate makes the views across briefs, or with a Cache takes those
// of the last build when it had the very same briefs (a *Page stands for
// the same front matter; see content.DocCache) on the same day. Those of
// the last build, for the briefs it had, spare views.New work.
func (b *build) aggregate() {
	if s := b.opts.Cache.aggregates(b.site.Briefs, b.opts.Today); s != nil {
		b.agg = s
		return
	}
	lastBriefs, last := b.opts.Cache.lastAggregates()
	b.agg = views.New(b.site.Briefs, b.opts.Today, lastBriefs, last)
	b.opts.Cache.putAggregates(b.site.Briefs, b.opts.Today, b.agg)
}

// attention returns the Attention of the site, made once per build, or
// taken from the Cache when the build's views are the last build's (the
// same briefs on the same day).
func (b *build) attention() *views.Attention {
	b.attentionOnce.Do(func() {
		if a := b.opts.Cache.attention(b.agg); a != nil {
			b.attentionValue = a
			return
		}
		b.attentionValue = views.NewAttention(b.site.Briefs, b.opts.Today)
		b.opts.Cache.putAttention(b.agg, b.attentionValue)
	})
	return b.attentionValue
}

// people returns the index of /people/, made once per build, or taken from
// the Cache as attention is.
func (b *build) people() *views.PeopleIndex {
	b.peopleOnce.Do(func() {
		base, size := b.basePath(), b.site.PageSize
		if x := b.opts.Cache.people(b.agg, base, size); x != nil {
			b.peopleValue = x
			return
		}
		b.peopleValue = views.NewPeopleIndex(b.agg.People, b.personAt)
		b.opts.Cache.putPeople(b.agg, base, size, b.peopleValue)
	})
	return b.peopleValue
}

// personAt is the URL of the i-th person's entry on /people/: the page of
// the list that holds it, and its anchor.
func (b *build) personAt(i int) string {
	return b.relURL(views.PageURL("/people/", i/b.site.PageSize+1)) + "#" + b.agg.People[i].ID
}

// personURL is the URL of the entry on /people/ of the person name, or ""
// when no role is held by that name.
func (b *build) personURL(name string) string {
	if name == "" {
		return ""
	}
	return b.people().URL(name, b.personAt)
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
		if r := b.bodies[p].result(); r != nil {
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
		for _, pg := range views.Paginate(p.URL, n, site.PageSize) {
			pg := pg
			url := views.PageURL(p.URL, pg.Number)
			page(url, p, func() error {
				d := b.newData(kind, p, pagedTitle(title, pg), url)
				lo, hi := views.Bounds(pg.Number, site.PageSize, n)
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
	paged("kpis", "kpis.html", kpiPage, "KPIs", len(b.agg.KPIs), func(d *Data, lo, hi int) { d.KPIs = b.agg.KPIs[lo:hi] })
	peoplePage := &content.Page{Kind: content.PlainPage, URL: "/people/", Title: "People", Summary: "Everyone named in a brief, every role they hold, and who they report to."}
	paged("people", "people.html", peoplePage, "People", len(b.agg.People), func(d *Data, lo, hi int) { d.People = b.agg.People[lo:hi] })

	// Taxonomies: an index of terms, and a list of briefs per term.
	for _, tax := range taxonomies {
		terms := b.agg.Terms[tax]
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

// pagedTitle is the title of the page of a list that pg links.
func pagedTitle(title string, pg *views.Pager) string {
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
