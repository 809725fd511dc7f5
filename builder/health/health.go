// Package health scores a brief on the three vital elements of a web
// project — clear goals, defined roles and governance, cross-functional
// leadership — and on the sanity of its dates and KPIs.
//
// Each finding is a Warning with a short rule name ("goals/unmeasured") and
// one sentence that says what to add and why. A brief may waive a rule with
// `health: {ignore: [rule]}`; a waived warning is kept and shown as waived.
package health

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// StaleAfter is how long an active brief may go without revision.
const StaleAfter = 180 * 24 * time.Hour

// Element is one of the three vital elements.
type Element string

// The three vital elements, and "other" for date and KPI sanity.
const (
	Goals Element = "goals"
	Roles Element = "roles"
	Cross Element = "cross"
	Other Element = "other"
)

// Elements are the three vital elements in order.
var Elements = []Element{Goals, Roles, Cross}

// Title names an element for readers.
func (e Element) Title() string {
	switch e {
	case Goals:
		return "Clear goals"
	case Roles:
		return "Roles and governance"
	case Cross:
		return "Cross-functional leadership"
	}
	return "Dates and KPIs"
}

// Rule is a health rule.
type Rule struct {
	Name    string // "goals/unmeasured"
	Element Element
	Doc     string // what it checks, for the README and --format json
}

// Rules lists every rule, in the order they are checked.
var Rules = []Rule{
	{"goals/no-summary", Goals, "The brief has a summary of at least five words that states its purpose."},
	{"goals/none", Goals, "The brief names at least one business goal."},
	{"goals/unmeasured", Goals, "Every goal is measured by at least one KPI."},
	{"goals/kpi-baseline", Goals, "Every KPI has a baseline: where it stood when the project started."},
	{"goals/kpi-target", Goals, "Every KPI has a target."},
	{"goals/kpi-owner", Goals, "Every KPI has an owner: the role that answers for it."},
	{"roles/none", Roles, "The brief names at least one role."},
	{"roles/incomplete", Roles, "Every role has a title, a team and at least one responsibility."},
	{"roles/no-single-top", Roles, "Reporting lines form one tree with a single role at the top."},
	{"roles/no-sponsor", Roles, "A sponsor is named: the role that owns the outcome."},
	{"cross/one-team", Cross, "Roles come from at least two teams (not required for amalgamated)."},
	{"cross/no-it", Cross, "A marketing-led brief includes an IT role."},
	{"cross/no-marketing", Cross, "An IT-led brief includes a marketing role."},
	{"cross/vendor-gap", Cross, "A vendor brief includes a vendor role and both a marketing and an IT role."},
	{"cross/unshared-kpis", Cross, "A partnership has KPIs owned by marketing and KPIs owned by IT."},
	{"dates/stale", Other, "An active brief was revised (its `date`) within the last 180 days."},
	{"dates/overdue", Other, "An active brief's `due` date has not passed."},
	{"kpis/overdue", Other, "An active brief's KPI `due` dates have not passed unmet."},
	{"kpis/percent-range", Other, "Values of a KPI measured in % lie between 0 and 100."},
	{"kpis/history-order", Other, "A KPI's history is in date order."},
	{"kpis/history-future", Other, "A KPI's history has no dates in the future."},
	{"kpis/flat-target", Other, "A KPI's target differs from its baseline."},
	{"brief/placeholder", Other, "The brief holds none of the placeholder text of `playbook new brief`'s template."},
	{"health/unknown-rule", Other, "`health.ignore` names only rules that exist."},
}

// RuleByName returns the rule of that name.
func RuleByName(name string) (Rule, bool) {
	for _, r := range Rules {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}

// Warning is one finding.
type Warning struct {
	Rule    string
	Path    string
	Pos     content.Pos
	Message string
	Waived  bool
}

func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", w.Path, w.Pos.Line, w.Pos.Col, w.Rule, w.Message)
}

// Status is how a brief stands on one element.
type Status string

// The statuses of an element.
const (
	Met    Status = "met"
	NotMet Status = "not met"
	Waived Status = "waived"
)

// Report is the health of one brief.
type Report struct {
	Page     *content.Page
	Status   map[Element]Status
	Warnings []Warning // all findings, waived ones included, in source order
}

// Healthy reports whether all three elements are met or waived.
func (r *Report) Healthy() bool {
	for _, e := range Elements {
		if r.Status[e] == NotMet {
			return false
		}
	}
	return true
}

// Of returns the findings of one element.
func (r *Report) Of(e Element) []Warning {
	var out []Warning
	for _, w := range r.Warnings {
		if rule, _ := RuleByName(w.Rule); rule.Element == e {
			out = append(out, w)
		}
	}
	return out
}

// Active returns the findings that are not waived.
func (r *Report) Active() []Warning {
	var out []Warning
	for _, w := range r.Warnings {
		if !w.Waived {
			out = append(out, w)
		}
	}
	return out
}

// Check scores a brief. today is the date for the date rules.
func Check(p *content.Page, today time.Time) *Report {
	c := &checker{p: p, b: p.Brief, today: today}
	c.goals()
	c.roles()
	c.cross()
	c.sanity()
	c.placeholders()
	r := &Report{Page: p, Status: map[Element]Status{}}
	ignore := map[string]bool{}
	for _, name := range c.b.Ignore {
		ignore[name] = true
	}
	for i := range c.out {
		if ignore[c.out[i].Rule] {
			c.out[i].Waived = true
		}
	}
	for _, name := range c.b.Ignore {
		if _, ok := RuleByName(name); !ok {
			pos := c.key("health")
			msg := fmt.Sprintf("health.ignore names %q, which is no health rule", name)
			var names []string
			for _, r := range Rules {
				names = append(names, r.Name)
			}
			if s := content.Suggest(name, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			c.out = append(c.out, Warning{Rule: "health/unknown-rule", Path: p.Source, Pos: pos, Message: msg})
		}
	}
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i].Pos, c.out[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	r.Warnings = c.out
	for _, e := range Elements {
		r.Status[e] = Met
		for _, w := range r.Of(e) {
			if !w.Waived {
				r.Status[e] = NotMet
				break
			}
			r.Status[e] = Waived
		}
	}
	return r
}

type checker struct {
	p     *content.Page
	b     *content.Brief
	today time.Time
	out   []Warning
}

func (c *checker) warn(rule string, pos content.Pos, format string, args ...any) {
	if !pos.IsValid() {
		pos = c.key("title")
	}
	c.out = append(c.out, Warning{Rule: rule, Path: c.p.Source, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// key returns where a top-level key is written, or line 1.
func (c *checker) key(name string) content.Pos {
	if p, ok := c.p.KeyPos.Lookup(name); ok {
		return p
	}
	if p, ok := c.p.KeyPos.Lookup("title"); ok {
		return p
	}
	return content.Pos{Line: 1, Col: 1}
}

func itemKey(m content.KeyPositions, key string, item content.Pos) content.Pos {
	if p, ok := m.Lookup(key); ok {
		return p
	}
	return item
}

func (c *checker) goals() {
	if n := len(strings.Fields(c.p.Summary)); n == 0 {
		c.warn("goals/no-summary", c.key("title"), "Add a `summary:` of one sentence that says what this project will change and for whom, so anyone can tell in ten seconds why it exists.")
	} else if n < 5 {
		c.warn("goals/no-summary", c.key("summary"), "The summary is only %d words: say in one full sentence what this project will change and for whom.", n)
	}
	if len(c.b.Goals) == 0 {
		c.warn("goals/none", c.key("goals"), "Add at least one goal under `goals:`: the business result this project is for, so Marketing and IT pull toward the same thing.")
	}
	for _, g := range c.b.Goals {
		if len(g.KPIs) == 0 {
			c.warn("goals/unmeasured", g.Pos, "No KPI measures the goal %q: add a KPI with `goal: %s`, so everyone can see whether it is being reached.", g.Title, g.ID)
		}
	}
	for _, k := range c.b.KPIs {
		if k.Baseline == nil {
			c.warn("goals/kpi-baseline", k.Pos, "The KPI %q has no baseline: add `baseline:` with where it stood at the start, so progress can be shown.", k.Name)
		}
		if k.Target == nil {
			c.warn("goals/kpi-target", k.Pos, "The KPI %q has no target: add `target:` so everyone knows what success looks like.", k.Name)
		}
		if k.Owner == nil {
			c.warn("goals/kpi-owner", k.Pos, "The KPI %q has no owner: add `owner:` with the id of the role that answers for it; a number nobody owns does not move.", k.Name)
		}
	}
}

func (c *checker) roles() {
	if len(c.b.Roles) == 0 {
		c.warn("roles/none", c.key("roles"), "Add the people on this project under `roles:`, each with a title and a team, so everyone knows who does what.")
		return
	}
	for _, r := range c.b.Roles {
		var missing []string
		if r.Title == "" {
			missing = append(missing, "a `title`")
		}
		if r.Team == "" {
			missing = append(missing, "a `team`")
		}
		if len(r.Responsibilities) == 0 {
			missing = append(missing, "at least one of its `responsibilities`")
		}
		if len(missing) > 0 {
			name := r.Title
			if name == "" {
				name = r.ID
			}
			c.warn("roles/incomplete", r.Pos, "The role %q needs %s, so it is clear which team it sits in and what it owns.", name, joinAnd(missing))
		}
	}
	var tops []string
	for _, r := range c.b.Roles {
		if r.ReportsTo == nil {
			tops = append(tops, r.ID)
		}
	}
	if len(tops) > 1 {
		c.warn("roles/no-single-top", c.key("roles"), "%d roles report to no one (%s): add `reports_to:` so the reporting lines meet at one person who settles disagreements.", len(tops), strings.Join(tops, ", "))
	}
	if c.b.Sponsor == nil {
		c.warn("roles/no-sponsor", c.key("sponsor"), "Name a sponsor with `sponsor:` and the id of the role that owns the outcome, so decisions have an owner.")
	}
}

func (c *checker) cross() {
	teams := map[string]bool{}
	for _, r := range c.b.Roles {
		if r.Team != "" {
			teams[r.Team] = true
		}
	}
	pos := c.key("approach")
	if pos == c.key("title") {
		pos = c.key("roles")
	}
	if len(teams) < 2 && c.b.Approach != "amalgamated" && len(c.b.Roles) > 0 {
		c.warn("cross/one-team", c.key("roles"), "Every role is on one team: add the other side (for most web projects, Marketing or IT), or the project will stall where the two meet.")
	}
	switch c.b.Approach {
	case "marketing-led":
		if !teams["it"] {
			c.warn("cross/no-it", pos, "A marketing-led project still needs IT: add a role with `team: it` for security, hosting and integration.")
		}
	case "it-led":
		if !teams["marketing"] {
			c.warn("cross/no-marketing", pos, "An IT-led project still needs Marketing: add a role with `team: marketing` to speak for customers and the brand.")
		}
	case "vendor":
		var missing []string
		for _, t := range []string{"vendor", "marketing", "it"} {
			if !teams[t] {
				missing = append(missing, "`team: "+t+"`")
			}
		}
		if len(missing) > 0 {
			c.warn("cross/vendor-gap", pos, "A vendor bridges Marketing and IT only when all three are on the brief: add a role with %s.", joinAnd(missing))
		}
	case "partnership":
		owners := map[string]bool{}
		for _, k := range c.b.KPIs {
			if k.Owner != nil {
				owners[k.Owner.Team] = true
			}
		}
		if !owners["marketing"] || !owners["it"] {
			c.warn("cross/unshared-kpis", c.key("kpis"), "A partnership shares its KPIs: give Marketing and IT each at least one KPI to own, so incentives stay aligned.")
		}
	}
}

func (c *checker) sanity() {
	active := c.b.Status == "active"
	if active && c.b.DateSet && c.today.Sub(c.p.Date) > StaleAfter {
		c.warn("dates/stale", c.key("date"), "This active brief was last revised on %s, over 180 days ago: review the plan and KPIs, then update `date:`; a brief nobody adjusts is a project in a holding pattern.", c.p.Date.Format("2 Jan 2006"))
	}
	if active && !c.b.Due.IsZero() && c.b.Due.Before(c.today) {
		c.warn("dates/overdue", c.key("due"), "The brief was due on %s and is still active: set a new `due:` date or change `status:` to done or paused.", c.b.Due.Format("2 Jan 2006"))
	}
	for _, k := range c.b.KPIs {
		if active && !k.Due.IsZero() && k.Due.Before(c.today) && !k.Met() {
			c.warn("kpis/overdue", itemKey(k.KeyPos, "due", k.Pos), "The KPI %q was due on %s without reaching its target: set a new `due:` date or revise the target.", k.Name, k.Due.Format("2 Jan 2006"))
		}
		if k.Unit == "%" {
			check := func(key string, v *float64, pos content.Pos) {
				if v != nil && (*v < 0 || *v > 100) {
					c.warn("kpis/percent-range", pos, "The KPI %q is in %% but its %s is %s: a percentage lies between 0 and 100.", k.Name, key, trim(*v))
				}
			}
			check("baseline", k.Baseline, itemKey(k.KeyPos, "baseline", k.Pos))
			check("target", k.Target, itemKey(k.KeyPos, "target", k.Pos))
			check("current value", k.Current, itemKey(k.KeyPos, "current", k.Pos))
			for _, m := range k.History {
				v := m.Value
				check("history value", &v, m.Pos)
			}
		}
		for i, m := range k.History {
			if i > 0 && !m.Date.After(k.History[i-1].Date) {
				c.warn("kpis/history-order", m.Pos, "The history of %q is out of order at %s: list measurements oldest first, one per date.", k.Name, m.Date.Format("2006-01-02"))
			}
			if m.Date.After(c.today) {
				c.warn("kpis/history-future", m.Pos, "The history of %q has a measurement dated %s, which is in the future: fix the date.", k.Name, m.Date.Format("2006-01-02"))
			}
		}
		if k.Baseline != nil && k.Target != nil && *k.Baseline == *k.Target {
			c.warn("kpis/flat-target", itemKey(k.KeyPos, "target", k.Pos), "The KPI %q has its target equal to its baseline (%s): set the target you want to reach.", k.Name, trim(*k.Target))
		}
	}
}

func trim(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%g", f)
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// The placeholder text of the template `playbook new brief` writes, which
// a brief should not keep: a summary, a goal and people that say nothing.
const (
	PlaceholderSummary = "Say in one sentence what this project changes and why it matters."
	PlaceholderGoal    = "Describe the business goal in a few words"
	PlaceholderWhy     = "Why it matters to the company."
	PlaceholderPerson  = "Name Surname"
)

// placeholders finds the template's placeholder text left in the brief.
func (c *checker) placeholders() {
	const rule = "brief/placeholder"
	if strings.TrimSpace(c.p.Summary) == PlaceholderSummary {
		c.warn(rule, c.key("summary"), "The summary is still the template's placeholder: say in one sentence what this project changes and why it matters.")
	}
	for _, g := range c.b.Goals {
		if g.Title == PlaceholderGoal {
			c.warn(rule, itemKey(g.KeyPos, "title", g.Pos), "The goal %q still has the template's placeholder title: write the business goal in a few words.", g.ID)
		}
		if g.Why == PlaceholderWhy {
			c.warn(rule, itemKey(g.KeyPos, "why", g.Pos), "The goal %q still says the template's %q: say why it matters to the company, or remove `why`.", g.ID, PlaceholderWhy)
		}
	}
	for _, r := range c.b.Roles {
		if r.Person == PlaceholderPerson {
			c.warn(rule, itemKey(r.KeyPos, "person", r.Pos), "The role %q is held by the template's placeholder %q: write the name of the person who holds it.", r.Title, PlaceholderPerson)
		}
	}
}
