package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// playbook.json is one object:
//
//	{"title", "description"?, "base_url"?, "language", "briefs": [brief, …]}
//
// and each brief:
//
//	{"title", "url", "source", "summary"?, "status", "approach"?, "sponsor"?,
//	 "date"?, "start"?, "due"?, "tags": [],
//	 "goals": [{"id", "title", "why"?, "kpis": [ids]}],
//	 "roles": [{"id", "title", "team"?, "person"?, "reports_to"?,
//	            "responsibilities": [], "requirements": []}],
//	 "kpis": [{"id", "name", "goal"?, "owner"?, "unit"?, "baseline", "target",
//	           "current", "due"?, "progress", "on_track", "state",
//	           "history": [{"date", "value"}]}]}
//
// Members marked ? are left out when empty; numbers that are not known are
// null; lists are [] when empty.
type (
	jsonSite struct {
		Title       string            `json:"title"`
		Description string            `json:"description,omitempty"`
		BaseURL     string            `json:"base_url,omitempty"`
		Language    string            `json:"language"`
		Briefs      []json.RawMessage `json:"briefs"`
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
		State    string     `json:"state"`
		History  []jsonMeas `json:"history"`
	}
	jsonMeas struct {
		Date  string  `json:"date"`
		Value float64 `json:"value"`
	}
)

// Site is what playbook.json says of the site itself.
type Site struct {
	Title, Description, BaseURL, Language string
}

// JSON returns playbook.json in pieces, each brief one piece as JSONBrief
// made it, so that a large file is not joined into one more copy; indent
// writes it indented instead, in one piece.
func JSON(s Site, briefs [][]byte, indent bool) ([][]byte, error) {
	// The head is the object with no brief, cut before "]}".
	head, err := json.Marshal(jsonSite{Title: s.Title, Description: s.Description, BaseURL: s.BaseURL, Language: s.Language, Briefs: []json.RawMessage{}})
	if err != nil {
		return nil, fmt.Errorf("encoding playbook.json: %w", err)
	}
	head = head[:len(head)-2]
	chunks := make([][]byte, 0, 2*len(briefs)+2)
	chunks = append(chunks, head)
	for i, data := range briefs {
		if i > 0 {
			chunks = append(chunks, comma)
		}
		chunks = append(chunks, data)
	}
	chunks = append(chunks, []byte("]}\n"))
	if indent {
		var ind bytes.Buffer
		if err := json.Indent(&ind, bytes.Join(chunks, nil), "", "  "); err != nil {
			return nil, fmt.Errorf("encoding playbook.json: %w", err)
		}
		return [][]byte{ind.Bytes()}, nil
	}
	return chunks, nil
}

var comma = []byte{','}

// JSONBrief returns the brief of page p as playbook.json shows it, with
// url its absolute URL and KPI states as of today.
func JSONBrief(p *content.Page, url string, today time.Time) ([]byte, error) {
	data, err := json.Marshal(jsonBriefOf(p, url, today))
	if err != nil {
		return nil, fmt.Errorf("encoding playbook.json: %s: %w", p.Source, err)
	}
	return data, nil
}

func jsonBriefOf(p *content.Page, url string, today time.Time) jsonBrief {
	br := p.Brief
	jb := jsonBrief{
		Title: p.Title, URL: url, Source: p.Source, Summary: p.Summary,
		Status: br.Status, Approach: br.Approach, Date: Date(p.Date), Start: Date(br.Start), Due: Date(br.Due),
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
			Due: Date(k.Due), OnTrack: k.OnTrack(today), State: k.State(today), History: []jsonMeas{}}
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
			jk.History = append(jk.History, jsonMeas{Date: Date(m.Date), Value: m.Value})
		}
		jb.KPIs = append(jb.KPIs, jk)
	}
	return jb
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
