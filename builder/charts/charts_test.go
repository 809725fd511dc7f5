package charts

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// TestAxis: a chart's axis ends are round numbers, whole for counts, never
// below zero for data that is never negative, within 0–100 for a percentage.
func TestAxis(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		unit           string
		vals           []float64
		baseline, goal *float64
		lo, hi         float64
	}{
		{"findings", []float64{7, 5, 3, 1}, f(7), f(0), 0, 8},
		{"%", []float64{1.2, 1.9, 2.1}, f(1.2), f(1.1), 1, 2.5},
		{"leads", []float64{120, 150, 170}, f(120), f(200), 100, 220},
		{"%", []float64{97, 99, 99.5}, f(97), f(99.9), 96, 100},
		{"°C", []float64{-3.5, 2, 4}, nil, nil, -4, 6},
		{"days", []float64{4, 4}, nil, nil, 3, 5},
	}
	for _, tt := range tests {
		k := &content.KPI{Unit: tt.unit, Baseline: tt.baseline, Target: tt.goal}
		lo, hi := tt.vals[0], tt.vals[0]
		for _, v := range append(slices.Clone(tt.vals), deref(tt.baseline, tt.vals[0]), deref(tt.goal, tt.vals[0])) {
			lo, hi = min(lo, v), max(hi, v)
		}
		a, b := axis(lo, hi, tt.vals, k)
		if a != tt.lo || b != tt.hi {
			t.Errorf("%v %s: axis %v to %v, want %v to %v", tt.vals, tt.unit, a, b, tt.lo, tt.hi)
		}
	}
}

func deref(p *float64, or float64) float64 {
	if p == nil {
		return or
	}
	return *p
}

// TestNoChart: a brief without roles has no org chart, and a KPI with
// fewer than two dated measurements no history chart.
func TestNoChart(t *testing.T) {
	if got := Org(nil); got != "" {
		t.Errorf("Org(nil) = %q, want none", got)
	}
	if got := Org(&content.Brief{Page: &content.Page{URL: "/x/"}}); got != "" {
		t.Errorf("Org of a brief without roles = %q, want none", got)
	}
	if got := KPI(nil); got != "" {
		t.Errorf("KPI(nil) = %q, want none", got)
	}
	b := &content.Brief{Page: &content.Page{URL: "/x/"}}
	for _, h := range [][]content.Measurement{
		nil,
		{{Date: day(1), Value: 1}},
		{{Date: day(1), Value: 1}, {Value: 2}}, // undated: not drawn
	} {
		k := &content.KPI{Brief: b, ID: "k", History: h}
		b.KPIs = []*content.KPI{k}
		if got := KPI(k); got != "" {
			t.Errorf("KPI with history %v = %q, want none", h, got)
		}
	}
}

// TestOrg: one row per role under its manager, indented by depth; the
// description says every reporting line in words, and text is escaped.
func TestOrg(t *testing.T) {
	b := &content.Brief{Page: &content.Page{URL: "/%E8%90%A5%E9%94%80/plan/"}}
	top := &content.Role{Brief: b, ID: "cmo", Title: "CMO", Team: "marketing", Person: "Dana <D>"}
	lead := &content.Role{Brief: b, ID: "lead", Title: "Web lead", Team: "it", ReportsTo: top}
	dev := &content.Role{Brief: b, ID: "dev", Title: "Developer", Team: "agency", ReportsTo: lead}
	top.Reports, lead.Reports = []*content.Role{lead}, []*content.Role{dev}
	b.Roles = []*content.Role{dev, top, lead} // the chart follows the lines, not this order
	got := string(Org(b))
	for _, want := range []string{
		`aria-labelledby="org-营销-plan-t org-营销-plan-d"`,
		`Reporting lines: 3 roles, 2 reporting lines</title>`,
		`<desc id="org-营销-plan-d">CMO (Dana &lt;D&gt;) is at the top. Web lead reports to CMO (Dana &lt;D&gt;). Developer reports to Web lead.</desc>`,
		`<g class="org-node team-marketing"><title>CMO (Dana &lt;D&gt;), Marketing</title><rect x="4" y="4"`,
		`<g class="org-node team-it"><title>Web lead, IT</title><rect x="32" y="64"`,
		`<g class="org-node team-other"><title>Developer, Agency</title><rect x="60" y="124"`,
		`<text class="org-sub" x="74" y="163">Agency</text>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Org: no %s in\n%s", want, got)
		}
	}
	if n := strings.Count(got, `class="org-edge"`); n != 2 {
		t.Errorf("Org: %d edges, want 2", n)
	}
}

// TestKPIIDs: the ids of a brief's KPI charts are unique on its page,
// though the KPIs' ids differ only in what a slug drops.
func TestKPIIDs(t *testing.T) {
	b := &content.Brief{Page: &content.Page{URL: "/%E8%90%A5%E9%94%80/"}}
	for _, id := range []string{"a.b", "a-b", "A_B"} {
		b.KPIs = append(b.KPIs, &content.KPI{Brief: b, ID: id, Name: id, Unit: "days", History: []content.Measurement{{Date: day(1), Value: 1}, {Date: day(30), Value: 2}}})
	}
	title := regexp.MustCompile(`<title id="([^"]*)-t">`)
	seen := map[string]bool{}
	for _, k := range b.KPIs {
		got := string(KPI(k))
		m := title.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("KPI %s: no title in %s", k.ID, got)
		}
		if seen[m[1]] || !strings.HasPrefix(m[1], "kpi-营销-") {
			t.Errorf("KPI %s: id %q, want one of its own from the page's path", k.ID, m[1])
		}
		seen[m[1]] = true
		if want := `<desc id="` + m[1] + `-d">1 Jan 2026: 1 day; 30 Jan 2026: 2 days</desc>`; !strings.Contains(got, want) {
			t.Errorf("KPI %s: no %s in\n%s", k.ID, want, got)
		}
	}
}

func day(n int) time.Time { return time.Date(2026, 1, n, 0, 0, 0, 0, time.UTC) }
