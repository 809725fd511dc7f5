package views

import (
	"slices"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// KPIRow is one KPI on /kpis/.
type KPIRow struct {
	KPI     *content.KPI
	Page    *content.Page // its brief
	OnTrack bool          // met or on track (State is StateMet or StateOnTrack)
	State   string        // KPI.State on the day of the build
}

// behind reports whether the row's KPI is off track or missed: /kpis/ lists
// those first.
func (r KPIRow) behind() bool {
	return r.State == content.StateOffTrack || r.State == content.StateMissed
}

// kpiRows makes each brief's rows on the day today; those of a brief in
// last, made on the same day, are kept (the same *Page has the same KPIs).
func kpiRows(briefs []*content.Page, today time.Time, last map[*content.Page][]KPIRow) map[*content.Page][]KPIRow {
	out := make(map[*content.Page][]KPIRow, len(briefs))
	for _, p := range briefs {
		rows, ok := last[p]
		if !ok {
			rows = make([]KPIRow, len(p.Brief.KPIs))
			for i, k := range p.Brief.KPIs {
				st := k.State(today)
				rows[i] = KPIRow{KPI: k, Page: p, State: st, OnTrack: st == content.StateMet || st == content.StateOnTrack}
			}
		}
		out[p] = rows
	}
	return out
}

// kpiGroup holds the KPI rows of the briefs of one title in the order of
// sortKPIs: the off-track ones and the on-track ones.
type kpiGroup struct {
	briefs  []*content.Page
	off, on []KPIRow
}

// sortKPIs lists the KPI rows of every brief (rowsOf) off-track first, then
// by brief title, then by KPI name; ties keep the order of the briefs. With
// the briefs already in title order (titleOrder), it sorts only the KPIs of
// each title, not every KPI of the site; and not even those when the last
// build had the same briefs for the title (last, as sortKPIs returned it,
// for the same day: the same *Page has the same rows). It returns the rows
// and the groups to pass to the next call.
func sortKPIs(byTitle []*content.Page, rowsOf map[*content.Page][]KPIRow, last map[*content.Page]kpiGroup) ([]KPIRow, map[*content.Page]kpiGroup) {
	n, nOff := 0, 0
	for _, p := range byTitle {
		n += len(rowsOf[p])
		for _, r := range rowsOf[p] {
			if r.behind() {
				nOff++
			}
		}
	}
	// The off-track rows fill out from the start, the on-track ones from
	// nOff on.
	type span struct{ first, off0, off1, on0, on1 int }
	out := make([]KPIRow, n)
	off, on := out[:0:nOff], out[nOff:nOff]
	var spans []span
	groups := map[*content.Page]kpiGroup{}
	for i := 0; i < len(byTitle); {
		j := i + 1
		for j < len(byTitle) && byTitle[j].Title == byTitle[i].Title {
			j++
		}
		briefs := byTitle[i:j:j]
		sp := span{first: i, off0: len(off), on0: len(on)}
		if g, ok := last[briefs[0]]; ok && slices.Equal(g.briefs, briefs) {
			off = append(off, g.off...)
			on = append(on, g.on...)
		} else {
			for _, p := range briefs {
				for _, r := range rowsOf[p] {
					if r.behind() {
						off = append(off, r)
					} else {
						on = append(on, r)
					}
				}
			}
			// Stable: the KPIs of one name keep the order of the briefs. A
			// title many briefs share makes a large group.
			byName := func(x, y KPIRow) int { return strings.Compare(x.KPI.Name, y.KPI.Name) }
			slices.SortStableFunc(off[sp.off0:], byName)
			slices.SortStableFunc(on[sp.on0:], byName)
		}
		sp.off1, sp.on1 = len(off), len(on)
		spans = append(spans, sp)
		groups[briefs[0]] = kpiGroup{briefs: briefs}
		i = j
	}
	k := nOff
	for _, sp := range spans {
		first := byTitle[sp.first]
		g := groups[first]
		g.off = out[sp.off0:sp.off1:sp.off1]
		g.on = out[k+sp.on0 : k+sp.on1 : k+sp.on1]
		groups[first] = g
	}
	return out, groups
}

// titleOrder returns the briefs sorted by title, then by position. When
// they are the briefs of the last build, lastBriefs, at the same positions
// with the same URLs and titles (an edit changed other front matter), the
// last order, lastOrder, holds for them and no sort is needed.
func titleOrder(briefs, lastBriefs, lastOrder []*content.Page) []*content.Page {
	if out, ok := lastTitleOrder(briefs, lastBriefs, lastOrder); ok {
		return out
	}
	order := make([]int, len(briefs)) // brief positions by title, then position
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := strings.Compare(briefs[i].Title, briefs[j].Title); c != 0 {
			return c
		}
		return i - j
	})
	out := make([]*content.Page, len(briefs))
	for i, k := range order {
		out[i] = briefs[k]
	}
	return out
}

// lastTitleOrder is the last order of titleOrder applied to briefs, if it
// holds for them.
func lastTitleOrder(briefs, lastBriefs, lastOrder []*content.Page) ([]*content.Page, bool) {
	if len(lastOrder) != len(briefs) || len(lastBriefs) != len(briefs) {
		return nil, false
	}
	at := make(map[*content.Page]int, len(lastBriefs)) // last brief → position
	for i, p := range briefs {
		q := lastBriefs[i]
		if p != q && (p.URL != q.URL || p.Title != q.Title) {
			return nil, false
		}
		at[q] = i
	}
	out := make([]*content.Page, len(lastOrder))
	for i, q := range lastOrder {
		j, ok := at[q]
		if !ok {
			return nil, false
		}
		out[i] = briefs[j]
	}
	return out, true
}
