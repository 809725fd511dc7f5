package builder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// dataJobs writes the files for crawlers, feed readers, Netlify and other
// tools.
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

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
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
	var urls []sitemapURL
	for _, p := range b.site.Pages {
		u := sitemapURL{Loc: b.absURL(p.URL)}
		if !p.Date.IsZero() {
			u.LastMod = p.Date.Format("2006-01-02")
		}
		urls = append(urls, u)
	}
	for _, u := range []string{"/kpis/", "/people/"} {
		urls = append(urls, sitemapURL{Loc: b.absURL(u)})
	}
	doc := struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		URLs    []sitemapURL `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls}
	return xmlBytes("sitemap.xml", doc)
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title    string     `xml:"title"`
	ID       string     `xml:"id"`
	Link     atomLink   `xml:"link"`
	Updated  string     `xml:"updated"`
	Summary  *atomText  `xml:"summary,omitempty"`
	Content  *atomText  `xml:"content,omitempty"`
	Category []atomCat  `xml:"category"`
	Author   *atomActor `xml:"author,omitempty"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomActor struct {
	Name string `xml:"name"`
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
	var entries []atomEntry
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
		e := atomEntry{
			Title:   p.Title,
			ID:      b.atomID(p.URL),
			Link:    atomLink{Href: b.absURL(p.URL), Rel: "alternate", Type: "text/html"},
			Updated: d.Format(time.RFC3339),
		}
		if p.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: p.Summary}
		}
		r := b.bodies[p]
		if b.stream {
			r = b.feedBodies[i]
		}
		if r != nil && len(r.HTML) > 0 {
			e.Content = &atomText{Type: "html", Body: r.HTML}
		}
		if p.Brief.Sponsor != nil && p.Brief.Sponsor.Person != "" {
			e.Author = &atomActor{Name: p.Brief.Sponsor.Person}
		}
		for _, t := range p.Brief.Tags {
			e.Category = append(e.Category, atomCat{Term: t})
		}
		entries = append(entries, e)
	}
	if len(b.site.Briefs) == 0 {
		updated = b.opts.Today
	}
	feed := struct {
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
		NS: "http://www.w3.org/2005/Atom", Lang: b.site.Language,
		Title: b.site.Title, Subtitle: b.site.Description, ID: b.atomID("/"),
		Links: []atomLink{
			{Href: b.absURL("/feed.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: b.absURL("/"), Rel: "alternate", Type: "text/html"},
		},
		Updated: updated.Format(time.RFC3339),
		Author:  atomActor{Name: b.site.Title},
		Entries: entries,
	}
	return xmlBytes("feed.xml", feed)
}

// atomID is an entry's permanent ID: its absolute URL, or a tag URI when the
// site has no base URL.
func (b *build) atomID(u string) string {
	if b.site.BaseURL != "" {
		return b.absURL(u)
	}
	return "urn:playbook:" + strings.Trim(u, "/")
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

// The shape of playbook.json: every brief with its goals, roles and KPIs.
type (
	jsonSite struct {
		Title       string      `json:"title"`
		Description string      `json:"description,omitempty"`
		BaseURL     string      `json:"base_url,omitempty"`
		Language    string      `json:"language"`
		Briefs      []jsonBrief `json:"briefs"` // last: writeJSON appends it
	}
	jsonBrief struct {
		Title    string     `json:"title"`
		URL      string     `json:"url"`
		Source   string     `json:"source"`
		Summary  string     `json:"summary,omitempty"`
		Status   string     `json:"status"`
		Approach string     `json:"approach,omitempty"`
		Sponsor  string     `json:"sponsor,omitempty"`
		Date     string     `json:"date,omitempty"`
		Start    string     `json:"start,omitempty"`
		Due      string     `json:"due,omitempty"`
		Tags     []string   `json:"tags"`
		Goals    []jsonGoal `json:"goals"`
		Roles    []jsonRole `json:"roles"`
		KPIs     []jsonKPI  `json:"kpis"`
	}
	jsonGoal struct {
		ID    string   `json:"id"`
		Title string   `json:"title"`
		Why   string   `json:"why,omitempty"`
		KPIs  []string `json:"kpis"`
	}
	jsonRole struct {
		ID               string   `json:"id"`
		Title            string   `json:"title"`
		Team             string   `json:"team,omitempty"`
		Person           string   `json:"person,omitempty"`
		ReportsTo        string   `json:"reports_to,omitempty"`
		Responsibilities []string `json:"responsibilities"`
		Requirements     []string `json:"requirements"`
	}
	jsonKPI struct {
		ID       string     `json:"id"`
		Name     string     `json:"name"`
		Goal     string     `json:"goal,omitempty"`
		Owner    string     `json:"owner,omitempty"`
		Unit     string     `json:"unit,omitempty"`
		Baseline *float64   `json:"baseline"`
		Target   *float64   `json:"target"`
		Current  *float64   `json:"current"`
		Due      string     `json:"due,omitempty"`
		Progress *float64   `json:"progress"`
		OnTrack  bool       `json:"on_track"`
		History  []jsonMeas `json:"history"`
	}
	jsonMeas struct {
		Date  string  `json:"date"`
		Value float64 `json:"value"`
	}
)

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// jsonBriefOf is one brief as playbook.json shows it.
func (b *build) jsonBriefOf(p *content.Page) jsonBrief {
	br := p.Brief
	jb := jsonBrief{
		Title: p.Title, URL: b.absURL(p.URL), Source: p.Source, Summary: p.Summary,
		Status: br.Status, Approach: br.Approach, Date: isoDate(p.Date), Start: isoDate(br.Start), Due: isoDate(br.Due),
		Tags: nonNil(br.Tags), Goals: []jsonGoal{}, Roles: []jsonRole{}, KPIs: []jsonKPI{},
	}
	if br.Sponsor != nil {
		jb.Sponsor = br.Sponsor.ID
	}
	for _, g := range br.Goals {
		jg := jsonGoal{ID: g.ID, Title: g.Title, Why: g.Why, KPIs: []string{}}
		for _, k := range g.KPIs {
			jg.KPIs = append(jg.KPIs, k.ID)
		}
		jb.Goals = append(jb.Goals, jg)
	}
	for _, r := range br.Roles {
		jr := jsonRole{ID: r.ID, Title: r.Title, Team: r.Team, Person: r.Person, Responsibilities: nonNil(r.Responsibilities), Requirements: nonNil(r.Requirements)}
		if r.ReportsTo != nil {
			jr.ReportsTo = r.ReportsTo.ID
		}
		jb.Roles = append(jb.Roles, jr)
	}
	for _, k := range br.KPIs {
		jk := jsonKPI{ID: k.ID, Name: k.Name, Unit: k.Unit, Baseline: k.Baseline, Target: k.Target, Current: k.Current,
			Due: isoDate(k.Due), OnTrack: k.OnTrack(b.opts.Today), History: []jsonMeas{}}
		if k.Goal != nil {
			jk.Goal = k.Goal.ID
		}
		if k.Owner != nil {
			jk.Owner = k.Owner.ID
		}
		if pr, ok := k.Progress(); ok {
			jk.Progress = &pr
		}
		for _, m := range k.History {
			jk.History = append(jk.History, jsonMeas{Date: isoDate(m.Date), Value: m.Value})
		}
		jb.KPIs = append(jb.KPIs, jk)
	}
	return jb
}

func (b *build) writeJSON() error {
	return b.writeChunked("playbook.json", b.briefsKey, b.playbookJSON) // compact already
}

// comma separates the briefs of playbook.json.
var comma = []byte{','}

// playbookJSON returns playbook.json in pieces: the head, each brief's
// JSON, the commas between them and the end.
func (b *build) playbookJSON() ([][]byte, error) {
	head, err := json.Marshal(jsonSite{Title: b.site.Title, Description: b.site.Description, BaseURL: b.site.BaseURL, Language: b.site.Language})
	if err != nil {
		return nil, fmt.Errorf("encoding playbook.json: %w", err)
	}
	// {"title":…,"language":"en","briefs":null} → …,"briefs":[brief,…]}
	head = append(bytes.TrimSuffix(head, []byte("null}")), '[')
	briefs, err := b.briefRows("playbook.json", func(p *content.Page) ([]byte, error) {
		data, err := json.Marshal(b.jsonBriefOf(p))
		if err != nil {
			return nil, fmt.Errorf("encoding playbook.json: %w", err)
		}
		return data, nil
	})
	if err != nil {
		return nil, err
	}
	chunks := make([][]byte, 0, 2*len(briefs)+2)
	chunks = append(chunks, head)
	for i, data := range briefs {
		if i > 0 {
			chunks = append(chunks, comma)
		}
		chunks = append(chunks, data)
	}
	chunks = append(chunks, []byte("]}\n"))
	if b.min == nil {
		var ind bytes.Buffer
		if err := json.Indent(&ind, bytes.Join(chunks, nil), "", "  "); err != nil {
			return nil, fmt.Errorf("encoding playbook.json: %w", err)
		}
		return [][]byte{ind.Bytes()}, nil
	}
	return chunks, nil
}

// csvText guards a text cell against formula injection in spreadsheets: a
// cell that starts with = + - @ or a control character is prefixed with '.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvNum(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// writeCSV writes kpis.csv: a header row, then one row per KPI.
func (b *build) writeCSV() error {
	return b.writeChunked("kpis.csv", b.briefsKey, b.kpisCSV)
}

// kpisCSV returns kpis.csv in pieces: the header and each brief's rows.
func (b *build) kpisCSV() ([][]byte, error) {
	var head bytes.Buffer
	w := csv.NewWriter(&head)
	w.Write([]string{"brief", "brief_url", "status", "approach", "kpi_id", "kpi", "goal", "owner", "owner_person", "owner_team", "unit", "baseline", "target", "current", "due", "progress_percent", "on_track"})
	w.Flush()
	// One writer for every brief's rows: csv.NewWriter makes a 4 KB buffer.
	var buf bytes.Buffer
	rw := csv.NewWriter(&buf)
	rows, err := b.briefRows("kpis.csv", func(p *content.Page) ([]byte, error) {
		buf.Reset()
		return b.csvRows(rw, &buf, p)
	})
	if err != nil {
		return nil, err
	}
	return append([][]byte{head.Bytes()}, rows...), nil
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

// csvRows are the rows of kpis.csv for one brief's KPIs, written with w
// into buf, which holds nothing else.
func (b *build) csvRows(w *csv.Writer, buf *bytes.Buffer, p *content.Page) ([]byte, error) {
	for _, k := range p.Brief.KPIs {
		var goal, owner, person, team, progress string
		if k.Goal != nil {
			goal = k.Goal.Title
		}
		if k.Owner != nil {
			owner, person, team = k.Owner.Title, k.Owner.Person, k.Owner.Team
		}
		if pr, ok := k.Progress(); ok {
			progress = strconv.FormatFloat(float64(int(pr*1000+0.5))/10, 'f', -1, 64)
		}
		var cur *float64
		if v, ok := k.Latest(); ok {
			cur = &v
		}
		w.Write([]string{
			csvText(p.Title), b.absURL(p.URL), p.Brief.Status, p.Brief.Approach, csvText(k.ID), csvText(k.Name),
			csvText(goal), csvText(owner), csvText(person), csvText(team), csvText(k.Unit),
			csvNum(k.Baseline), csvNum(k.Target), csvNum(cur), isoDate(k.Due), progress,
			strconv.FormatBool(k.OnTrack(b.opts.Today)),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("encoding kpis.csv: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}
