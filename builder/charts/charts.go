// Package charts draws a brief's charts as inline SVG: its reporting lines
// as an org chart ([Org]) and a KPI's dated history as a line chart
// ([KPI]). Each chart is accessible as an image: a title and a description
// that say in words what it draws.
//
// A chart is written by hand, without fmt or encoding/xml, into one
// strings.Builder that becomes the returned HTML without a copy: a page
// draws one chart per KPI, and a large site many thousands.
package charts

import (
	"html/template"
	"math"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/format"
)

// svgEscape escapes text for SVG (XML) content and attributes.
func svgEscape(s string) string {
	return template.HTMLEscapeString(s)
}

// Org chart geometry: one row per role, indented by reporting depth, so the
// chart stays readable from 1 to 30 roles and on a phone.
const (
	orgRowH   = 60
	orgNodeH  = 50
	orgNodeW  = 340
	orgIndent = 28
	orgPad    = 4
)

// Org draws the reporting lines of a brief as inline SVG: a node per role
// showing its title, person and team (by colour and by a text label), and a
// line per reporting line, one row per role indented by its depth. Roles
// outside the tree (a cycle cannot happen: validation refuses it) are drawn
// at the top level. A brief without roles has no chart: Org returns "".
func Org(b *content.Brief) template.HTML {
	if b == nil || len(b.Roles) == 0 {
		return ""
	}
	type row struct {
		r     *content.Role
		depth int
	}
	var rows []row
	index := map[*content.Role]int{}
	var walk func(r *content.Role, depth int)
	walk = func(r *content.Role, depth int) {
		if _, seen := index[r]; seen {
			return
		}
		index[r] = len(rows)
		rows = append(rows, row{r, depth})
		for _, c := range r.Reports {
			walk(c, depth+1)
		}
	}
	for _, r := range b.Roles {
		if r.ReportsTo == nil {
			walk(r, 0)
		}
	}
	maxDepth := 0
	for _, rw := range rows {
		maxDepth = max(maxDepth, rw.depth)
	}
	width := orgPad*2 + maxDepth*orgIndent + orgNodeW
	height := orgPad*2 + len(rows)*orgRowH - (orgRowH - orgNodeH)
	id := "org-" + content.Slug(unescaped(b.Page.URL))
	if id == "org-" {
		id = "org-home"
	}
	var desc strings.Builder
	edges := 0
	for i, rw := range rows {
		if i > 0 {
			desc.WriteByte(' ')
		}
		desc.WriteString(roleLabel(rw.r))
		if rw.r.ReportsTo != nil {
			desc.WriteString(" reports to " + roleLabel(rw.r.ReportsTo) + ".")
			edges++
		} else {
			desc.WriteString(" is at the top.")
		}
	}
	w := newSVGWriter(700 + 430*len(rows))
	w.str(`<svg class="org-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `).int(width).str(" ").int(height)
	w.str(`" width="`).int(width).str(`" height="`).int(height).str(`" role="img" aria-labelledby="`, id, "-t ", id, `-d">`)
	w.str(`<title id="`, id, `-t">Reporting lines: `).int(len(rows)).str(" role", plural(len(rows)), ", ").int(edges).str(" reporting line", plural(edges), "</title>")
	w.str(`<desc id="`, id, `-d">`, svgEscape(desc.String()), `</desc>`)
	// Edges first, under the nodes: an elbow from the manager's left edge
	// down to the report's row.
	for i, rw := range rows {
		m := rw.r.ReportsTo
		if m == nil {
			continue
		}
		j := index[m]
		x := orgPad + rows[j].depth*orgIndent + orgIndent/2
		y1 := orgPad + j*orgRowH + orgNodeH
		y2 := orgPad + i*orgRowH + orgNodeH/2
		x2 := orgPad + rw.depth*orgIndent
		w.str(`<path class="org-edge" d="M`).int(x).str(" ").int(y1).str("V").int(y2).str("H").int(x2).str(`"/>`)
	}
	for i, rw := range rows {
		r := rw.r
		x := orgPad + rw.depth*orgIndent
		y := orgPad + i*orgRowH
		team := r.Team
		if team == "" {
			team = "none"
		}
		w.str(`<g class="org-node team-`, teamClass(team), `"><title>`, svgEscape(roleLabel(r)+", "+format.Label(team)), `</title>`)
		w.str(`<rect x="`).int(x).str(`" y="`).int(y).str(`" width="`).int(orgNodeW).str(`" height="`).int(orgNodeH).str(`" rx="6"/>`)
		w.str(`<rect class="org-band" x="`).int(x).str(`" y="`).int(y).str(`" width="6" height="`).int(orgNodeH).str(`" rx="2"/>`)
		w.str(`<text class="org-title" x="`).int(x+14).str(`" y="`).int(y+20).str(`">`, svgEscape(format.Clip(r.Title, 38)), `</text>`)
		sub := format.Label(team)
		if r.Person != "" {
			sub = format.Clip(r.Person, 28) + " · " + sub
		}
		w.str(`<text class="org-sub" x="`).int(x+14).str(`" y="`).int(y+39).str(`">`, svgEscape(sub), `</text></g>`)
	}
	w.str(`</svg>`)
	return template.HTML(w.b.String())
}

// svgWriter appends the markup of a chart: text, whole numbers and numbers
// to one decimal, without fmt.
// It writes into a strings.Builder, which hands the chart over without a
// copy.
type svgWriter struct{ b strings.Builder }

// newSVGWriter returns an svgWriter with room for size bytes.
func newSVGWriter(size int) *svgWriter {
	w := &svgWriter{}
	w.b.Grow(size)
	return w
}

func (w *svgWriter) str(ss ...string) *svgWriter {
	for _, s := range ss {
		w.b.WriteString(s)
	}
	return w
}

// esc writes text escaped for HTML, as svgEscape does.
func (w *svgWriter) esc(text []byte) *svgWriter {
	template.HTMLEscape(&w.b, text)
	return w
}

func (w *svgWriter) int(n int) *svgWriter {
	var a [24]byte
	w.b.Write(strconv.AppendInt(a[:0], int64(n), 10))
	return w
}

func (w *svgWriter) dec(f float64) *svgWriter {
	var a [32]byte
	w.b.Write(strconv.AppendFloat(a[:0], f, 'f', 1, 64))
	return w
}

func roleLabel(r *content.Role) string {
	if r.Person != "" {
		return r.Title + " (" + r.Person + ")"
	}
	return r.Title
}

// teamClass maps a team to a CSS class suffix: the four common teams have
// their own colours, any other word shares one.
func teamClass(team string) string {
	switch team {
	case "marketing", "it", "vendor", "leadership":
		return team
	}
	return "other"
}

// Chart geometry of a KPI history.
const (
	chartW, chartH         = 320, 150
	chartL, chartR, chartT = 44, 12, 12
	chartB                 = 30
)

// KPI draws a KPI's history (and its latest value) as a small inline SVG
// line chart with labelled axes and the target as a dashed line. A KPI with
// fewer than two dated measurements has no chart: KPI returns "".
//
// The chart's id, which its title and description hang from, is the KPI's
// anchor: unique on its brief's page, so k.Brief must be set.
func KPI(k *content.KPI) template.HTML {
	if k == nil {
		return ""
	}
	type pt struct {
		t time.Time
		v float64
	}
	var pts []pt
	for _, m := range k.History {
		if !m.Date.IsZero() {
			pts = append(pts, pt{m.Date, m.Value})
		}
	}
	if len(pts) < 2 {
		return ""
	}
	lo, hi := pts[0].v, pts[0].v
	for _, p := range pts {
		lo, hi = math.Min(lo, p.v), math.Max(hi, p.v)
	}
	for _, v := range []*float64{k.Target, k.Baseline} {
		if v != nil {
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	vals := make([]float64, len(pts))
	for i, p := range pts {
		vals[i] = p.v
	}
	lo, hi = axis(lo, hi, vals, k)
	t0, t1 := pts[0].t, pts[len(pts)-1].t
	span := t1.Sub(t0).Hours()
	if span <= 0 {
		span = 1
	}
	px := func(t time.Time) float64 {
		return chartL + (chartW-chartL-chartR)*t.Sub(t0).Hours()/span
	}
	py := func(v float64) float64 {
		return chartT + (chartH-chartT-chartB)*(hi-v)/(hi-lo)
	}
	id := kpiAnchor(k)
	// Each point's label, "3 Mar 2026: 42%", is its circle's title and
	// part of the chart's description. The labels are written one after
	// another into lab, the i-th ending at ends[i].
	lab := make([]byte, 0, 32*len(pts))
	ends := make([]int, len(pts))
	for i, p := range pts {
		lab = p.t.AppendFormat(lab, "2 Jan 2006")
		lab = append(lab, ": "...)
		lab = format.AppendValue(lab, k.Unit, p.v)
		ends[i] = len(lab)
	}
	label := func(i int) []byte {
		if i == 0 {
			return lab[:ends[0]]
		}
		return lab[ends[i-1]:ends[i]]
	}
	w := newSVGWriter(900 + 150*len(pts))
	w.str(`<svg class="kpi-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `).int(chartW).str(" ").int(chartH)
	w.str(`" role="img" aria-labelledby="`, id, "-t ", id, `-d">`)
	w.str(`<title id="`, id, `-t">History of `, svgEscape(k.Name), `</title><desc id="`, id, `-d">`)
	for i := range pts {
		if i > 0 {
			w.str("; ")
		}
		w.esc(label(i))
	}
	if k.Target != nil {
		w.str("; target ").esc(format.AppendValue(nil, k.Unit, *k.Target))
	}
	w.str(`</desc>`)
	// Axes and their labels.
	w.str(`<path class="axis" d="M`).int(chartL).str(" ").int(chartT).str("V").int(chartH - chartB).str("H").int(chartW - chartR).str(`"/>`)
	for _, v := range []float64{hi, lo} {
		w.str(`<text class="tick" x="`).int(chartL-6).str(`" y="`).dec(py(v)+4).str(`" text-anchor="end">`, svgEscape(compact(v)), `</text>`)
	}
	if k.Unit != "" {
		w.str(`<text class="tick unit" x="`).int(chartL+4).str(`" y="`).int(chartT+4).str(`" text-anchor="start">`, svgEscape(format.Clip(k.Unit, 20)), `</text>`)
	}
	w.str(`<text class="tick" x="`).int(chartL).str(`" y="`).int(chartH-10).str(`" text-anchor="start">`, t0.Format("Jan 2006"), `</text>`)
	w.str(`<text class="tick" x="`).int(chartW-chartR).str(`" y="`).int(chartH-10).str(`" text-anchor="end">`, t1.Format("Jan 2006"), `</text>`)
	if k.Target != nil {
		y := py(*k.Target)
		w.str(`<path class="target" d="M`).int(chartL).str(" ").dec(y).str("H").int(chartW - chartR).str(`"/>`)
		w.str(`<text class="tick target-label" x="`).int(chartW - chartR).str(`" y="`).dec(y - 4).str(`" text-anchor="end">target</text>`)
	}
	// The latest value, labelled beside its point: above it, or below
	// when the target's label is there.
	last := pts[len(pts)-1]
	ly := py(last.v) - 8
	if k.Target != nil && math.Abs(py(last.v)-py(*k.Target)) < 14 || ly < chartT+10 {
		ly = py(last.v) + 16
	}
	w.str(`<text class="tick latest" x="`).dec(px(last.t)-6).str(`" y="`).dec(ly).str(`" text-anchor="end">`, svgEscape(format.Number(last.v)), `</text>`)
	w.str(`<path class="line" d="`)
	for i, p := range pts {
		if i == 0 {
			w.str("M")
		} else {
			w.str("L")
		}
		w.dec(px(p.t)).str(" ").dec(py(p.v))
	}
	w.str(`"/>`)
	for i, p := range pts {
		w.str(`<circle class="point" cx="`).dec(px(p.t)).str(`" cy="`).dec(py(p.v)).str(`" r="3.5"><title>`).esc(label(i)).str(`</title></circle>`)
	}
	w.str(`</svg>`)
	return template.HTML(w.b.String())
}

// axis returns the ends of a chart's value axis for data from lo to hi
// (vals are the measurements): round numbers a step of 1, 2 or 5 times a
// power of ten apart, whole for data of whole numbers, never below zero for
// data that is never negative, and within 0–100 for a percentage.
func axis(lo, hi float64, vals []float64, k *content.KPI) (float64, float64) {
	whole, nonNeg := true, lo >= 0
	for _, v := range vals {
		whole = whole && v == math.Trunc(v)
	}
	for _, v := range []*float64{k.Target, k.Baseline} {
		if v != nil {
			whole = whole && *v == math.Trunc(*v)
		}
	}
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	step := niceStep(span / 4)
	if whole {
		step = math.Max(step, 1)
	}
	a, b := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if a == lo && a != 0 && !(nonNeg && a-step < 0) {
		a -= step // room under the lowest point
	}
	if b == hi {
		b += step
	}
	if nonNeg && a < 0 {
		a = 0
	}
	if k.Unit == "%" {
		a, b = math.Max(a, 0), math.Min(b, 100)
		if b <= a {
			b = a + step
		}
	}
	return a, b
}

// niceStep is the round step nearest above x: 1, 2 or 5 times a power of
// ten.
func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// compact writes an axis number briefly: 410000 → "410k", 2.5 → "2.5".
func compact(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return format.Number(math.Round(v/1e8)/10) + "B"
	case a >= 1e6:
		return format.Number(math.Round(v/1e5)/10) + "M"
	case a >= 1e4:
		return format.Number(math.Round(v/1e2)/10) + "k"
	}
	return format.Number(v)
}

// unescaped is a page's URL as its path reads, "/营销/" for
// "/%E8%90%A5%E9%94%80/": the ids of a page's charts are made from it, as
// the slug of a title is, from the words and not their escapes.
func unescaped(u string) string {
	if p, err := neturl.PathUnescape(u); err == nil {
		return p
	}
	return u
}

// kpiAnchor is the id of a KPI's chart on its brief's page: from the page's
// URL and the KPI's id, and unique among the brief's KPIs, whose ids may
// differ only in what a slug drops ("a.b", "a-b", "A_B").
func kpiAnchor(k *content.KPI) string {
	id := func(k *content.KPI) string { return "kpi-" + content.Slug(unescaped(k.Brief.Page.URL)+"-"+k.ID) }
	ids := content.Unique{}
	for _, o := range k.Brief.KPIs {
		if a := ids.Of(id(o)); o == k {
			return a
		}
	}
	return id(k)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
