package builder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
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

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// appendJSONBrief appends one brief as playbook.json shows it (see
// playbookJSON for the rest of the file):
//
//	{"title", "url", "source", "summary"?, "status", "approach"?, "sponsor"?,
//	 "date"?, "start"?, "due"?, "tags": [],
//	 "goals": [{"id", "title", "why"?, "kpis": [ids]}],
//	 "roles": [{"id", "title", "team"?, "person"?, "reports_to"?,
//	            "responsibilities": [], "requirements": []}],
//	 "kpis": [{"id", "name", "goal"?, "owner"?, "unit"?, "baseline", "target",
//	           "current", "due"?, "progress", "on_track",
//	           "history": [{"date", "value"}]}]}
//
// Members marked ? are left out when empty; numbers that are not known are
// null. It writes what encoding/json writes for the same members (as
// TestJSONBrief checks), without making them into values first.
func (b *build) appendJSONBrief(dst []byte, p *content.Page) ([]byte, error) {
	br := p.Brief
	w := jsonWriter{b: dst}
	w.open()
	w.str("title", p.Title)
	w.str("url", b.absURL(p.URL))
	w.str("source", p.Source)
	w.strOmit("summary", p.Summary)
	w.str("status", br.Status)
	w.strOmit("approach", br.Approach)
	if br.Sponsor != nil {
		w.strOmit("sponsor", br.Sponsor.ID)
	}
	w.date("date", p.Date)
	w.date("start", br.Start)
	w.date("due", br.Due)
	w.strs("tags", br.Tags)
	w.list("goals")
	for i, g := range br.Goals {
		w.item(i)
		w.str("id", g.ID)
		w.str("title", g.Title)
		w.strOmit("why", g.Why)
		w.list("kpis")
		for j, k := range g.KPIs {
			w.comma(j)
			w.b = appendJSONString(w.b, k.ID)
		}
		w.end(']')
		w.end('}')
	}
	w.end(']')
	w.list("roles")
	for i, r := range br.Roles {
		w.item(i)
		w.str("id", r.ID)
		w.str("title", r.Title)
		w.strOmit("team", r.Team)
		w.strOmit("person", r.Person)
		if r.ReportsTo != nil {
			w.strOmit("reports_to", r.ReportsTo.ID)
		}
		w.strs("responsibilities", r.Responsibilities)
		w.strs("requirements", r.Requirements)
		w.end('}')
	}
	w.end(']')
	w.list("kpis")
	for i, k := range br.KPIs {
		w.item(i)
		w.str("id", k.ID)
		w.str("name", k.Name)
		if k.Goal != nil {
			w.strOmit("goal", k.Goal.ID)
		}
		if k.Owner != nil {
			w.strOmit("owner", k.Owner.ID)
		}
		w.strOmit("unit", k.Unit)
		w.num("baseline", k.Baseline)
		w.num("target", k.Target)
		w.num("current", k.Current)
		w.date("due", k.Due)
		if pr, ok := k.Progress(); ok {
			w.num("progress", &pr)
		} else {
			w.num("progress", nil)
		}
		w.key("on_track")
		w.b = strconv.AppendBool(w.b, k.OnTrack(b.opts.Today))
		w.key("state")
		w.b = appendJSONString(w.b, k.State(b.opts.Today))
		w.list("history")
		for j, m := range k.History {
			w.item(j)
			w.key("date")
			w.b = appendJSONString(w.b, isoDate(m.Date))
			w.num("value", &m.Value)
			w.end('}')
		}
		w.end(']')
		w.end('}')
	}
	w.end(']')
	w.end('}')
	if w.err != nil {
		return nil, fmt.Errorf("encoding playbook.json: %w", w.err)
	}
	return w.b, nil
}

// jsonWriter appends the members of JSON objects and arrays, as
// encoding/json writes them.
type jsonWriter struct {
	b     []byte
	first bool  // the object or array being written has no member yet
	err   error // the first number that JSON cannot hold
}

func (w *jsonWriter) open() { w.b, w.first = append(w.b, '{'), true }

// end closes the object or array being written with c.
func (w *jsonWriter) end(c byte) { w.b, w.first = append(w.b, c), false }

// comma separates the i-th value of an array from the one before.
func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.b = append(w.b, ',')
	}
}

// item opens the i-th object of an array.
func (w *jsonWriter) item(i int) {
	w.comma(i)
	w.open()
}

// key writes a member's name (a plain word: it is not escaped).
func (w *jsonWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// list writes a member whose value is an array, and opens it.
func (w *jsonWriter) list(k string) {
	w.key(k)
	w.b, w.first = append(w.b, '['), true
}

func (w *jsonWriter) str(k, v string) {
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

// strOmit writes a member that encoding/json's omitempty leaves out when
// it is empty.
func (w *jsonWriter) strOmit(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

// date writes a date as YYYY-MM-DD, left out when it is zero.
func (w *jsonWriter) date(k string, t time.Time) {
	if !t.IsZero() {
		w.key(k)
		w.b = append(w.b, '"')
		w.b = t.AppendFormat(w.b, "2006-01-02")
		w.b = append(w.b, '"')
	}
}

// strs writes a list of strings: [] when there is none.
func (w *jsonWriter) strs(k string, vs []string) {
	w.key(k)
	w.b = append(w.b, '[')
	for i, v := range vs {
		w.comma(i)
		w.b = appendJSONString(w.b, v)
	}
	w.b = append(w.b, ']')
}

// num writes a number, or null for nil. A number JSON cannot hold (NaN,
// ±Inf) is an error, as it is to encoding/json.
func (w *jsonWriter) num(k string, v *float64) {
	w.key(k)
	if v == nil {
		w.b = append(w.b, "null"...)
		return
	}
	f := *v
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if w.err == nil {
			w.err = &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
		}
		w.b = append(w.b, "null"...)
		return
	}
	// encoding/json's format: %f, or %e beyond the range people read, its
	// exponent without a leading zero.
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if n := len(w.b); format == 'e' && n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
		w.b[n-2] = w.b[n-1]
		w.b = w.b[:n-1]
	}
}

func (b *build) writeJSON() error {
	return b.writeChunked("playbook.json", b.briefsKey, b.playbookJSON) // compact already
}

// comma separates the briefs of playbook.json.
var comma = []byte{','}

// playbookJSON returns playbook.json in pieces: the head, each brief's
// JSON, the commas between them and the end.
func (b *build) playbookJSON() ([][]byte, error) {
	// {"title", "description"?, "base_url"?, "language", "briefs": [brief,…]}
	w := jsonWriter{}
	w.open()
	w.str("title", b.site.Title)
	w.strOmit("description", b.site.Description)
	w.strOmit("base_url", b.site.BaseURL)
	w.str("language", b.site.Language)
	w.list("briefs")
	head := w.b
	var scratch []byte // each brief is written here, then copied at its size
	briefs, err := b.briefRows("playbook.json", func(p *content.Page) ([]byte, error) {
		var err error
		if scratch, err = b.appendJSONBrief(scratch[:0], p); err != nil {
			return nil, err
		}
		return bytes.Clone(scratch), nil
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
	w.Write([]string{"brief", "brief_url", "status", "approach", "kpi_id", "kpi", "goal", "owner", "owner_person", "owner_team", "unit", "baseline", "target", "current", "due", "progress_percent", "on_track", "source", "state"})
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
			strconv.FormatBool(k.OnTrack(b.opts.Today)), csvText(p.Source), k.State(b.opts.Today),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("encoding kpis.csv: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}
