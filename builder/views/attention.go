package views

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
)

// attentionSize is how many briefs each list of Attention shows.
const attentionSize = 5

// Attention is what the home page shows above its grid: the briefs that
// need someone to act, worst first, and those revised last. Each list
// holds at most five; the counts say how many there are in all.
type Attention struct {
	OffTrack AttentionList   // active briefs with KPIs off track, the most first
	Overdue  AttentionList   // briefs not done whose due date has passed, the longest overdue first
	Stale    AttentionList   // active briefs not revised for 180 days, the oldest first
	Recent   []AttentionItem // the briefs revised last
}

// Any reports whether a brief needs attention.
func (a *Attention) Any() bool { return a.OffTrack.Count+a.Overdue.Count+a.Stale.Count > 0 }

// AttentionList is the first briefs of a list of Attention and how many
// the list has.
type AttentionList struct {
	Items []AttentionItem
	Count int
}

// More is the number of briefs of the list not in Items.
func (l AttentionList) More() int { return l.Count - len(l.Items) }

// AttentionItem is a brief and why it is listed, like "2 of 3 KPIs off
// track" or "due 31 Mar 2026".
type AttentionItem struct {
	Page *content.Page
	Note string
}

// NewAttention finds the briefs that need attention on the day today;
// briefs are newest first, as a site lists them.
func NewAttention(briefs []*content.Page, today time.Time) *Attention {
	// Each list is ranked first; only the briefs it shows get their note.
	type ranked struct {
		p    *content.Page
		rank int64 // larger first
	}
	var off, overdue, stale []ranked
	for _, p := range briefs {
		br := p.Brief
		if br.Status == "active" {
			n := 0
			for _, k := range br.KPIs {
				if k.State(today) == content.StateOffTrack {
					n++
				}
			}
			if n > 0 {
				off = append(off, ranked{p, int64(n)})
			}
			if br.DateSet && today.Sub(p.Date) > health.StaleAfter {
				stale = append(stale, ranked{p, -p.Date.Unix()})
			}
		}
		if br.Status != "done" && !br.Due.IsZero() && br.Due.Before(today) {
			overdue = append(overdue, ranked{p, -br.Due.Unix()})
		}
	}
	// The briefs come newest first: a stable sort keeps that order within
	// a rank.
	top := func(rs []ranked, note func(r ranked) string) AttentionList {
		slices.SortStableFunc(rs, func(x, y ranked) int { return cmp.Compare(y.rank, x.rank) })
		l := AttentionList{Count: len(rs)}
		for _, r := range rs[:min(len(rs), attentionSize)] {
			l.Items = append(l.Items, AttentionItem{r.p, note(r)})
		}
		return l
	}
	a := &Attention{
		OffTrack: top(off, func(r ranked) string {
			if total := len(r.p.Brief.KPIs); total > 1 {
				return fmt.Sprintf("%d of %d KPIs off track", r.rank, total)
			}
			return "its KPI is off track"
		}),
		Overdue: top(overdue, func(r ranked) string { return "was due " + r.p.Brief.Due.Format("2 Jan 2006") }),
		Stale:   top(stale, func(r ranked) string { return "last revised " + r.p.Date.Format("2 Jan 2006") }),
	}
	for _, p := range briefs {
		if len(a.Recent) == attentionSize {
			break
		}
		if !p.Date.IsZero() {
			a.Recent = append(a.Recent, AttentionItem{p, "revised " + p.Date.Format("2 Jan 2006")})
		}
	}
	return a
}
