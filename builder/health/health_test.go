package health

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// healthy is a brief that passes every rule. Each case below changes it to
// break one rule.
const healthy = `---
title: CMS migration
summary: Move the marketing site to a headless CMS without losing leads.
status: active
approach: partnership
sponsor: cmo
date: 2026-10-01
due: 2027-06-30
goals:
  - id: leads
    title: Grow leads
roles:
  - id: cmo
    title: CMO
    team: marketing
    responsibilities: [Owns leads]
  - id: web
    title: Web lead
    team: it
    reports_to: cmo
    responsibilities: [Hosting]
kpis:
  - id: mql
    name: MQLs
    goal: leads
    owner: cmo
    unit: leads
    baseline: 100
    target: 200
    due: 2027-06-30
    history:
      - {date: 2026-09-01, value: 110}
      - {date: 2026-10-01, value: 130}
  - id: uptime
    name: Uptime
    goal: leads
    owner: web
    unit: "%"
    baseline: 99
    target: 99.9
---
`

func check(t *testing.T, src string) *Report {
	t.Helper()
	site, err := content.Load(fstest.MapFS{"content/b.md": {Data: []byte(src)}}, content.Options{})
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, src)
	}
	return Check(site.Briefs[0], today)
}

func TestHealthy(t *testing.T) {
	r := check(t, healthy)
	if len(r.Warnings) > 0 {
		t.Errorf("warnings on a healthy brief: %v", r.Warnings)
	}
	if !r.Healthy() {
		t.Error("not healthy")
	}
}

// TestRules breaks each rule once and checks its name and position.
func TestRules(t *testing.T) {
	tests := []struct {
		rule     string
		old, new string // replace old by new in the healthy brief
		want     string // "line:col" of the warning
	}{
		{"goals/no-summary", "summary: Move the marketing site to a headless CMS without losing leads.\n", "", "2:1"},
		{"goals/no-summary", "Move the marketing site to a headless CMS without losing leads.", "Move it.", "3:1"},
		{"goals/none", "*", "---\ntitle: T\nsummary: A summary of at least five words.\ntype: brief\n---\n", "2:1"},
		{"goals/unmeasured", "    title: Grow leads\n", "    title: Grow leads\n  - id: brand\n    title: Brand\n", "12:5"},
		{"goals/kpi-baseline", "    baseline: 100\n", "", "23:5"},
		{"goals/kpi-target", "    target: 200\n", "", "23:5"},
		{"goals/kpi-owner", "    owner: cmo\n    unit: leads", "    unit: leads", "23:5"},
		{"roles/none", "*", "---\ntitle: T\nsummary: A summary of at least five words.\ngoals: [{id: g, title: G}]\n---\n", "2:1"},
		{"roles/incomplete", "    responsibilities: [Hosting]\n", "", "17:5"},
		{"roles/no-single-top", "    reports_to: cmo\n", "", "12:1"},
		{"roles/no-sponsor", "sponsor: cmo\n", "", "2:1"},
		{"cross/one-team", "    team: it\n", "    team: marketing\n", "12:1"},
		{"cross/no-it", "*", strings.Replace(strings.Replace(healthy, "approach: partnership", "approach: marketing-led", 1), "team: it", "team: leadership", 1), "5:1"},
		{"cross/no-marketing", "*", strings.Replace(strings.Replace(healthy, "approach: partnership", "approach: it-led", 1), "team: marketing", "team: leadership", 1), "5:1"},
		{"cross/vendor-gap", "approach: partnership", "approach: vendor", "5:1"},
		{"cross/unshared-kpis", "    owner: web\n", "    owner: cmo\n", "22:1"},
		{"dates/stale", "date: 2026-10-01", "date: 2026-05-01", "7:1"},
		{"dates/overdue", "due: 2027-06-30\ngoals", "due: 2026-11-01\ngoals", "8:1"},
		{"kpis/overdue", "    due: 2027-06-30\n", "    due: 2026-10-01\n", "30:5"},
		{"kpis/percent-range", "    baseline: 99\n", "    baseline: 120\n", "39:5"},
		{"kpis/history-order", "2026-10-01, value: 130", "2026-08-01, value: 130", "33:9"},
		{"kpis/history-future", "2026-10-01, value: 130", "2026-12-01, value: 130", "33:9"},
		{"kpis/flat-target", "    target: 200\n", "    target: 100\n", "29:5"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			src := tt.new
			if tt.old != "*" {
				if !strings.Contains(healthy, tt.old) {
					t.Fatalf("%q is not in the healthy brief", tt.old)
				}
				src = strings.Replace(healthy, tt.old, tt.new, 1)
			}
			r := check(t, src)
			var found *Warning
			var got []string
			for i, w := range r.Warnings {
				got = append(got, w.String())
				if w.Rule == tt.rule {
					found = &r.Warnings[i]
				}
			}
			if found == nil {
				t.Fatalf("rule %s not triggered; warnings:\n%s", tt.rule, strings.Join(got, "\n"))
			}
			prefix := "content/b.md:" + tt.want + ": " + tt.rule + ": "
			if !strings.HasPrefix(found.String(), prefix) {
				t.Errorf("got %s\nwant prefix %s", found, prefix)
			}
			if rule, _ := RuleByName(tt.rule); rule.Element != Other && r.Status[rule.Element] != NotMet {
				t.Errorf("element %s is %s, want not met", rule.Element, r.Status[rule.Element])
			}
		})
	}
}

func TestBeatingTargetIsNoWarning(t *testing.T) {
	src := strings.Replace(healthy, "    target: 200\n", "    target: 200\n    current: 260\n", 1)
	src = strings.Replace(src, "    due: 2027-06-30\n", "    due: 2026-10-01\n", 1) // past due, but met
	if r := check(t, src); len(r.Warnings) > 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
	// Lower is better: 4.1 s → 2.5 s, now 2.0 s.
	src = strings.Replace(healthy, "    baseline: 100\n    target: 200\n", "    baseline: 4.1\n    target: 2.5\n    current: 2.0\n", 1)
	src = strings.Replace(src, "value: 110", "value: 3.9", 1)
	src = strings.Replace(src, "value: 130", "value: 3.0", 1)
	if r := check(t, src); len(r.Warnings) > 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
}

func TestWaiver(t *testing.T) {
	src := strings.Replace(healthy, "    team: it\n", "    team: marketing\n", 1)
	src = strings.Replace(src, "approach: partnership", "approach: marketing-led\nhealth: {ignore: [cross/one-team, cross/no-it, cross/one-tem]}", 1)
	r := check(t, src)
	if r.Status[Cross] != Waived {
		t.Errorf("cross is %s, want waived", r.Status[Cross])
	}
	var active []string
	for _, w := range r.Active() {
		active = append(active, w.String())
	}
	want := `content/b.md:6:1: health/unknown-rule: health.ignore names "cross/one-tem", which is no health rule; did you mean "cross/one-team"?`
	if strings.Join(active, "\n") != want {
		t.Errorf("active warnings:\n%s\nwant:\n%s", strings.Join(active, "\n"), want)
	}
	waived := 0
	for _, w := range r.Warnings {
		if w.Waived {
			waived++
		}
	}
	if waived != 2 {
		t.Errorf("%d waived warnings, want 2", waived)
	}
}

func TestAmalgamatedOneTeam(t *testing.T) {
	src := strings.Replace(healthy, "    team: it\n", "    team: marketing\n", 1)
	src = strings.Replace(src, "approach: partnership", "approach: amalgamated", 1)
	if r := check(t, src); len(r.Warnings) > 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
}
