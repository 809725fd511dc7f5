package builder

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// svgEscape escapes text for SVG (XML) content and attributes.
func svgEscape(s string) string {
	return template.HTMLEscapeString(s)
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
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

// orgChart draws the reporting lines of a brief as inline SVG: a node per role
// showing its title, person and team (by colour and by a text label), and a
// line per reporting line. Roles outside the tree (a cycle cannot happen:
// validation refuses it) are drawn at the top level.
func orgChart(b *content.Brief) template.HTML {
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
	id := "org-" + content.Slug(b.Page.URL)
	if id == "org-" {
		id = "org-home"
	}
	var desc []string
	edges := 0
	for _, rw := range rows {
		if rw.r.ReportsTo != nil {
			desc = append(desc, fmt.Sprintf("%s reports to %s.", roleLabel(rw.r), roleLabel(rw.r.ReportsTo)))
			edges++
		} else {
			desc = append(desc, fmt.Sprintf("%s is at the top.", roleLabel(rw.r)))
		}
	}
	var s strings.Builder
	s.Grow(1024 + 400*len(rows))
	fmt.Fprintf(&s, `<svg class="org-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`, width, height, width, height, id, id)
	fmt.Fprintf(&s, `<title id="%s-t">Reporting lines: %d role%s, %d reporting line%s</title>`, id, len(rows), plural(len(rows)), edges, plural(edges))
	fmt.Fprintf(&s, `<desc id="%s-d">%s</desc>`, id, svgEscape(strings.Join(desc, " ")))
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
		fmt.Fprintf(&s, `<path class="org-edge" d="M%d %dV%dH%d"/>`, x, y1, y2, x2)
	}
	for i, rw := range rows {
		r := rw.r
		x := orgPad + rw.depth*orgIndent
		y := orgPad + i*orgRowH
		team := r.Team
		if team == "" {
			team = "none"
		}
		cls := "org-node team-" + teamClass(team)
		fmt.Fprintf(&s, `<g class="%s"><title>%s</title>`, cls, svgEscape(roleLabel(r)+", "+humanize(team)))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%d" height="%d" rx="6"/>`, x, y, orgNodeW, orgNodeH)
		fmt.Fprintf(&s, `<rect class="org-band" x="%d" y="%d" width="6" height="%d" rx="2"/>`, x, y, orgNodeH)
		fmt.Fprintf(&s, `<text class="org-title" x="%d" y="%d">%s</text>`, x+14, y+20, svgEscape(clip(r.Title, 38)))
		sub := humanize(team)
		if r.Person != "" {
			sub = clip(r.Person, 28) + " · " + sub
		}
		fmt.Fprintf(&s, `<text class="org-sub" x="%d" y="%d">%s</text>`, x+14, y+39, svgEscape(sub))
		s.WriteString(`</g>`)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
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

// kpiChart draws a KPI's history (and its current value) as a small inline
// SVG line chart with labelled axes and the target as a dashed line.
func kpiChart(k *content.KPI) template.HTML {
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
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	pad := (hi - lo) * 0.1
	lo, hi = lo-pad, hi+pad
	if k.Unit == "%" {
		lo, hi = math.Max(lo, 0), math.Min(hi, 100)
	}
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
	id := "kpi-" + content.Slug(k.Brief.Page.URL+"-"+k.ID)
	// Each point's label, "3 Mar 2026: 42%", is its circle's title and
	// part of the chart's description.
	labels := make([]string, len(pts))
	var desc strings.Builder
	for i, p := range pts {
		labels[i] = p.t.Format("2 Jan 2006") + ": " + kpiValue(k, p.v)
		if i > 0 {
			desc.WriteString("; ")
		}
		desc.WriteString(labels[i])
	}
	if k.Target != nil {
		desc.WriteString("; target ")
		desc.WriteString(kpiValue(k, *k.Target))
	}
	b := make([]byte, 0, 1536+192*len(pts))
	str := func(ss ...string) {
		for _, s := range ss {
			b = append(b, s...)
		}
	}
	num := func(n int) { b = strconv.AppendInt(b, int64(n), 10) }
	dec := func(f float64) { b = strconv.AppendFloat(b, f, 'f', 1, 64) }
	str(`<svg class="kpi-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	num(chartW)
	str(" ")
	num(chartH)
	str(`" role="img" aria-labelledby="`, id, "-t ", id, `-d">`)
	str(`<title id="`, id, `-t">History of `, svgEscape(k.Name), `</title><desc id="`, id, `-d">`, svgEscape(desc.String()), `</desc>`)
	// Axes and their labels.
	str(`<path class="axis" d="M`)
	num(chartL)
	str(" ")
	num(chartT)
	str("V")
	num(chartH - chartB)
	str("H")
	num(chartW - chartR)
	str(`"/>`)
	for _, v := range []float64{hi, lo} {
		str(`<text class="tick" x="`)
		num(chartL - 6)
		str(`" y="`)
		dec(py(v) + 4)
		str(`" text-anchor="end">`, svgEscape(compact(roundNice(v))), `</text>`)
	}
	if k.Unit != "" {
		str(`<text class="tick unit" x="`)
		num(chartL + 4)
		str(`" y="`)
		num(chartT + 4)
		str(`" text-anchor="start">`, svgEscape(clip(k.Unit, 20)), `</text>`)
	}
	str(`<text class="tick" x="`)
	num(chartL)
	str(`" y="`)
	num(chartH - 10)
	str(`" text-anchor="start">`, t0.Format("Jan 2006"), `</text>`)
	str(`<text class="tick" x="`)
	num(chartW - chartR)
	str(`" y="`)
	num(chartH - 10)
	str(`" text-anchor="end">`, t1.Format("Jan 2006"), `</text>`)
	if k.Target != nil {
		y := py(*k.Target)
		str(`<path class="target" d="M`)
		num(chartL)
		str(" ")
		dec(y)
		str("H")
		num(chartW - chartR)
		str(`"/>`)
		str(`<text class="tick target-label" x="`)
		num(chartW - chartR)
		str(`" y="`)
		dec(y - 4)
		str(`" text-anchor="end">target</text>`)
	}
	str(`<path class="line" d="`)
	for i, p := range pts {
		if i == 0 {
			str("M")
		} else {
			str("L")
		}
		dec(px(p.t))
		str(" ")
		dec(py(p.v))
	}
	str(`"/>`)
	for i, p := range pts {
		str(`<circle class="point" cx="`)
		dec(px(p.t))
		str(`" cy="`)
		dec(py(p.v))
		str(`" r="3.5"><title>`, svgEscape(labels[i]), `</title></circle>`)
	}
	str(`</svg>`)
	return template.HTML(b)
}

// roundNice rounds an axis label to two significant decimals.
func roundNice(v float64) float64 {
	if v == 0 {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-1)
	return math.Round(v/mag) * mag
}

// compact writes an axis number briefly: 410000 → "410k", 2.5 → "2.5".
func compact(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return formatNumber(math.Round(v/1e8)/10) + "B"
	case a >= 1e6:
		return formatNumber(math.Round(v/1e5)/10) + "M"
	case a >= 1e4:
		return formatNumber(math.Round(v/1e2)/10) + "k"
	}
	return formatNumber(v)
}
