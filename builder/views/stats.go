package views

import (
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
)

// KPISummary counts a brief's KPIs: all of them, those met or on track,
// and those met. Status is the brief's, which says what the counts mean:
// nothing is on track in a proposed brief, it has not started.
type KPISummary struct {
	OnTrack, Met, Total int
	Status              string
}

// SummaryOf counts the KPIs of brief page p on the day today.
func SummaryOf(p *content.Page, today time.Time) KPISummary {
	var s KPISummary
	if p == nil || p.Brief == nil {
		return s
	}
	s.Status = p.Brief.Status
	for _, k := range p.Brief.KPIs {
		s.Total++
		switch k.State(today) {
		case content.StateMet:
			s.Met++
			s.OnTrack++
		case content.StateOnTrack:
			s.OnTrack++
		}
	}
	return s
}

// KPIState is a KPI's state as pages show it: Key names its CSS class
// ("state-off-track"), Label is the words ("Off track").
type KPIState struct{ Key, Label string }

// stateLabels are the words of each state, the same on every page.
var stateLabels = map[string]string{
	content.StateMet: "Target met", content.StateOnTrack: "On track", content.StateOffTrack: "Off track",
	content.StateNotStarted: "Not started", content.StatePaused: "Paused", content.StateMissed: "Missed",
}

// StateOf is the state of KPI k on the day today.
func StateOf(k *content.KPI, today time.Time) KPIState {
	st := k.State(today)
	return KPIState{Key: st, Label: stateLabels[st]}
}

// Stats are the playbook's numbers at a glance, for the home page. Of the
// KPIs, Tracked are those of briefs under way or done: a proposed or paused
// brief's KPIs are neither on track nor off it.
type Stats struct {
	Briefs, Active, Healthy, KPIs, Tracked, OnTrack, People int
}

// StatsOf counts the briefs and the views of s, with each brief's health
// report.
func StatsOf(briefs []*content.Page, s *Set, reports map[*content.Page]*health.Report) Stats {
	st := Stats{Briefs: len(briefs), KPIs: len(s.KPIs), People: len(s.People)}
	for _, p := range briefs {
		if p.Brief.Status == "active" {
			st.Active++
		}
		if r := reports[p]; r != nil && r.Healthy() {
			st.Healthy++
		}
	}
	for _, k := range s.KPIs {
		if k.OnTrack {
			st.OnTrack++
		}
		if k.State != content.StateNotStarted && k.State != content.StatePaused {
			st.Tracked++
		}
	}
	return st
}
