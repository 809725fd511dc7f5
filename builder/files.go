package builder

import (
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/feed"
)

// dataJobs writes the files for crawlers, feed readers, Netlify and other
// tools: robots.txt and _headers here, the others made by package feed.
func (b *build) dataJobs() []func() error {
	return []func() error{b.writeSitemap, b.writeRobots, b.writeHeaders, b.writeJSON, b.writeCSV}
}

func (b *build) writeRobots() error {
	s := "User-agent: *\nAllow: /\n"
	if b.site.BaseURL != "" {
		s += "Sitemap: " + b.absURL("/sitemap.xml") + "\n"
	}
	return b.write("robots.txt", []byte(s), true)
}

// writeHeaders writes Netlify's _headers: security headers for every path
// and a year-long cache for fingerprinted assets.
func (b *build) writeHeaders() error {
	base := b.basePath()
	s := base + `*
  X-Content-Type-Options: nosniff
  X-Frame-Options: DENY
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=()
  Content-Security-Policy: default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'
` + base + `assets/*
  Cache-Control: public, max-age=31536000, immutable
`
	return b.write("_headers", []byte(s), true)
}

// siteKey hashes every page's URL and date: what the sitemap shows.
func (b *build) siteKey() uint64 {
	k := newKeyer().num(b.keys.global)
	for _, p := range b.site.Pages {
		k.str(p.URL).num(uint64(p.Date.Unix()))
	}
	return k.sum()
}

// briefsKey hashes what lists show of every brief.
func (b *build) briefsKey() uint64 {
	k := newKeyer().num(b.keys.global)
	for _, p := range b.site.Briefs {
		k.num(b.sig(p))
	}
	return k.sum()
}

func (b *build) writeSitemap() error {
	return b.writeCached("sitemap.xml", b.siteKey, true, b.sitemap)
}

func (b *build) sitemap() ([]byte, error) {
	var urls []feed.URL
	for _, p := range b.site.Pages {
		urls = append(urls, feed.URL{Loc: b.absURL(p.URL), LastMod: feed.Date(p.Date)})
	}
	for _, u := range []string{"/kpis/", "/people/"} {
		urls = append(urls, feed.URL{Loc: b.absURL(u)})
	}
	return feed.Sitemap(urls)
}

// feedSize is the number of briefs in the Atom feed.
const feedSize = 50

// writeFeed writes an Atom feed of the most recently revised briefs.
func (b *build) writeFeed() error {
	key := func() uint64 {
		k := newKeyer().num(b.keys.global)
		for _, p := range b.site.Briefs[:min(feedSize, len(b.site.Briefs))] {
			k.num(b.sig(p)).num(p.Hash)
		}
		return k.sum()
	}
	return b.writeCached("feed.xml", key, true, b.feed)
}

func (b *build) feed() ([]byte, error) {
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	var entries []feed.Entry
	for i, p := range b.site.Briefs {
		if i == feedSize {
			break
		}
		d := p.Date
		if d.IsZero() {
			d = updated
		}
		if d.After(updated) {
			updated = d
		}
		e := feed.Entry{Title: p.Title, ID: b.atomID(p.URL), URL: b.absURL(p.URL), Updated: d, Summary: p.Summary, Tags: p.Brief.Tags}
		r := b.bodies[p].result()
		if b.stream {
			r = b.feedBodies[i]
		}
		if r != nil {
			e.Content = r.HTML
		}
		if p.Brief.Sponsor != nil {
			e.Author = p.Brief.Sponsor.Person
		}
		entries = append(entries, e)
	}
	if len(b.site.Briefs) == 0 {
		updated = b.opts.Today
	}
	return feed.Atom(feed.Feed{
		Language: b.site.Language, Title: b.site.Title, Subtitle: b.site.Description, ID: b.atomID("/"),
		Self: b.absURL("/feed.xml"), Home: b.absURL("/"), Updated: updated, Author: b.site.Title, Entries: entries,
	})
}

// atomID is an entry's permanent ID: its absolute URL, or a tag URI when the
// site has no base URL.
func (b *build) atomID(u string) string {
	if b.site.BaseURL != "" {
		return b.absURL(u)
	}
	return "urn:playbook:" + strings.Trim(u, "/")
}

func (b *build) writeJSON() error {
	return b.writeChunked("playbook.json", b.briefsKey, b.playbookJSON) // compact already
}

// playbookJSON returns playbook.json in pieces: the head, each brief's
// JSON, the commas between them and the end.
func (b *build) playbookJSON() ([][]byte, error) {
	briefs, err := b.briefRows("playbook.json", func(p *content.Page) ([]byte, error) {
		return feed.JSONBrief(p, b.absURL(p.URL), b.opts.Today)
	})
	if err != nil {
		return nil, err
	}
	s := b.site
	return feed.JSON(feed.Site{Title: s.Title, Description: s.Description, BaseURL: s.BaseURL, Language: s.Language}, briefs, b.min == nil)
}

// writeCSV writes kpis.csv: a header row, then one row per KPI.
func (b *build) writeCSV() error {
	return b.writeChunked("kpis.csv", b.briefsKey, b.kpisCSV)
}

// kpisCSV returns kpis.csv in pieces: the header and each brief's rows.
func (b *build) kpisCSV() ([][]byte, error) {
	var w feed.CSV
	head := w.Head()
	rows, err := b.briefRows("kpis.csv", func(p *content.Page) ([]byte, error) {
		return w.Rows(p, b.absURL(p.URL), b.opts.Today)
	})
	if err != nil {
		return nil, err
	}
	return append([][]byte{head}, rows...), nil
}

// briefRows returns each brief's part of a data file, made by part or,
// with a Cache, kept from the last build for the same *Page (the same
// front matter): what else the parts depend on, the day (whether KPIs are
// on track) and the base URL, must be the same too.
func (b *build) briefRows(file string, part func(*content.Page) ([]byte, error)) ([][]byte, error) {
	key := newKeyer().str(b.opts.Today.Format("2006-01-02")).str(b.site.BaseURL).sum()
	last, next := b.opts.Cache.lastRows(file, key, len(b.site.Briefs))
	rows := make([][]byte, len(b.site.Briefs))
	for i, p := range b.site.Briefs {
		r, ok := last[p]
		if !ok {
			var err error
			if r, err = part(p); err != nil {
				return nil, err
			}
		}
		if next != nil {
			next[p] = r
		}
		rows[i] = r
	}
	b.opts.Cache.putRows(file, key, next)
	return rows, nil
}
