package builder

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/playbook-dev/playbook/builder/content"
)

// The shape of a brief in playbook.json, as encoding/json writes it: the
// oracle of TestJSONBrief.
type (
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
		State    string     `json:"state"`
		History  []jsonMeas `json:"history"`
	}
	jsonMeas struct {
		Date  string  `json:"date"`
		Value float64 `json:"value"`
	}
)

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// jsonBriefOf is one brief as encoding/json writes it into playbook.json.
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
			Due: isoDate(k.Due), OnTrack: k.OnTrack(b.opts.Today), State: k.State(b.opts.Today), History: []jsonMeas{}}
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

// checkJSONBrief compares appendJSONBrief with encoding/json for p.
func checkJSONBrief(t *testing.T, b *build, p *content.Page) {
	t.Helper()
	got, err := b.appendJSONBrief([]byte("x"), p)
	want, werr := json.Marshal(b.jsonBriefOf(p))
	if (err != nil) != (werr != nil) {
		t.Fatalf("%s: error %v, encoding/json's %v", p.Source, err, werr)
	}
	if err != nil {
		if want := "encoding playbook.json: " + werr.Error(); err.Error() != want {
			t.Errorf("%s: error %q, want %q", p.Source, err, want)
		}
		return
	}
	if string(got) != "x"+string(want) {
		t.Errorf("%s:\n got %s\nwant x%s", p.Source, got, want)
	}
}

// TestJSONBrief checks that appendJSONBrief writes each brief of
// playbook.json as encoding/json writes the same members: on generated
// briefs, the bundled site and every test site, and with numbers of every
// range.
func TestJSONBrief(t *testing.T) {
	var some *content.Page
	for _, s := range everySite(t) {
		loaded, err := content.Load(s.src, content.Options{BaseURL: s.opts.BaseURL, Drafts: s.opts.Drafts})
		if err != nil {
			continue // a site with errors: no playbook.json
		}
		b := &build{site: loaded, opts: s.opts}
		for _, p := range loaded.Briefs {
			checkJSONBrief(t, b, p)
			if some == nil && len(p.Brief.KPIs) > 0 {
				some = p
			}
		}
	}
	if some == nil {
		t.Fatal("no brief with a KPI")
	}
	b := &build{site: &content.Site{}, opts: Options{Today: today}}
	k := some.Brief.KPIs[0]
	for _, v := range []float64{0, math.Copysign(0, -1), 1e-7, 1.5e-6, 1e-6, 1e20, 1e21, 1.25e22, -3e-9, 123456789.125, 5e-324, math.MaxFloat64, -1e300, math.NaN(), math.Inf(-1)} {
		v := v
		k.Baseline, k.Current = &v, &v
		checkJSONBrief(t, b, some)
	}
	// Every member that may be left out, left out.
	br := some.Brief
	k.Unit, k.Goal, k.Owner, k.Baseline, k.Target, k.Current, k.History = "", nil, nil, nil, nil, nil, nil
	br.Sponsor, br.Approach, br.Tags = nil, "", nil
	for _, g := range br.Goals {
		g.Why, g.KPIs = "", nil
	}
	for _, r := range br.Roles {
		r.Team, r.Person, r.ReportsTo, r.Responsibilities, r.Requirements = "", "", nil, nil, nil
	}
	checkJSONBrief(t, b, some)
	some.Title, some.Summary = "Tabs\tand <tags> & \"quotes\" \u2028 \xff é 東京", "\\"
	checkJSONBrief(t, b, some)
}
