// Package feed makes the files other tools read of a playbook site: the
// sitemap for crawlers, the Atom feed for feed readers, playbook.json for
// scripts and dashboards, and kpis.csv for spreadsheets. Each is made
// from values the builder hands it; the builder decides what is cached.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// A URL is one page of a sitemap: its absolute address and, when known,
// the day it was last revised (YYYY-MM-DD).
type URL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Sitemap returns sitemap.xml listing urls, in the sitemaps.org format.
func Sitemap(urls []URL) ([]byte, error) {
	doc := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []URL    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls}
	return xmlBytes("sitemap.xml", doc)
}

// Feed is an Atom feed (RFC 4287).
type Feed struct {
	Language string // xml:lang, or ""
	Title    string
	Subtitle string // or ""
	ID       string // the feed's permanent ID
	Self     string // the feed's own URL
	Home     string // the site's URL
	Updated  time.Time
	Author   string
	Entries  []Entry
}

// Entry is one entry of a Feed.
type Entry struct {
	Title   string
	ID      string // the entry's permanent ID
	URL     string
	Updated time.Time
	Summary string // plain text, or ""
	Content string // HTML, or ""
	Author  string // or ""
	Tags    []string
}

type (
	atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
	}
	atomText struct {
		Type string `xml:"type,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	atomEntry struct {
		Title    string     `xml:"title"`
		ID       string     `xml:"id"`
		Link     atomLink   `xml:"link"`
		Updated  string     `xml:"updated"`
		Summary  *atomText  `xml:"summary,omitempty"`
		Content  *atomText  `xml:"content,omitempty"`
		Category []atomCat  `xml:"category"`
		Author   *atomActor `xml:"author,omitempty"`
	}
	atomCat struct {
		Term string `xml:"term,attr"`
	}
	atomActor struct {
		Name string `xml:"name"`
	}
)

// Atom returns f as an Atom document.
func Atom(f Feed) ([]byte, error) {
	entries := make([]atomEntry, len(f.Entries))
	for i, e := range f.Entries {
		a := atomEntry{
			Title:   e.Title,
			ID:      e.ID,
			Link:    atomLink{Href: e.URL, Rel: "alternate", Type: "text/html"},
			Updated: e.Updated.Format(time.RFC3339),
		}
		if e.Summary != "" {
			a.Summary = &atomText{Type: "text", Body: e.Summary}
		}
		if e.Content != "" {
			a.Content = &atomText{Type: "html", Body: e.Content}
		}
		if e.Author != "" {
			a.Author = &atomActor{Name: e.Author}
		}
		for _, t := range e.Tags {
			a.Category = append(a.Category, atomCat{Term: t})
		}
		entries[i] = a
	}
	doc := struct {
		XMLName  xml.Name    `xml:"feed"`
		NS       string      `xml:"xmlns,attr"`
		Lang     string      `xml:"xml:lang,attr,omitempty"`
		Title    string      `xml:"title"`
		Subtitle string      `xml:"subtitle,omitempty"`
		ID       string      `xml:"id"`
		Links    []atomLink  `xml:"link"`
		Updated  string      `xml:"updated"`
		Author   atomActor   `xml:"author"`
		Entries  []atomEntry `xml:"entry"`
	}{
		NS: "http://www.w3.org/2005/Atom", Lang: f.Language,
		Title: f.Title, Subtitle: f.Subtitle, ID: f.ID,
		Links: []atomLink{
			{Href: f.Self, Rel: "self", Type: "application/atom+xml"},
			{Href: f.Home, Rel: "alternate", Type: "text/html"},
		},
		Updated: f.Updated.Format(time.RFC3339),
		Author:  atomActor{Name: f.Author},
		Entries: entries,
	}
	return xmlBytes("feed.xml", doc)
}

func xmlBytes(name string, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", name, err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Date formats t as YYYY-MM-DD, the form of every date in these files;
// the zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
