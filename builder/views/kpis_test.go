package views

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/playbook-dev/playbook/builder/content"
)

// TestSortKPIs checks the order of /kpis/ against the rule it implements
// (off-track first, then brief title, then KPI name, then brief order) on
// random briefs with many equal titles and names.
func TestSortKPIs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 50 {
		var briefs []*content.Page
		var rows []KPIRow
		for i := range r.IntN(40) {
			p := &content.Page{Title: "T" + strconv.Itoa(r.IntN(5)), URL: "/b" + strconv.Itoa(i) + "/"}
			briefs = append(briefs, p)
			for range r.IntN(4) {
				k := &content.KPI{Name: "K" + strconv.Itoa(r.IntN(3))}
				states := []string{content.StateOnTrack, content.StateOffTrack, content.StateMet, content.StateMissed, content.StateNotStarted, content.StatePaused}
				st := states[r.IntN(len(states))]
				rows = append(rows, KPIRow{KPI: k, Page: p, State: st, OnTrack: st == content.StateOnTrack || st == content.StateMet})
			}
		}
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(x, y KPIRow) int {
			if x.behind() != y.behind() {
				if x.behind() {
					return -1
				}
				return 1
			}
			if c := strings.Compare(x.Page.Title, y.Page.Title); c != 0 {
				return c
			}
			return strings.Compare(x.KPI.Name, y.KPI.Name)
		})
		order := titleOrder(briefs, nil, nil)
		rowsOf := map[*content.Page][]KPIRow{}
		for _, r := range rows {
			rowsOf[r.Page] = append(rowsOf[r.Page], r)
		}
		got, groups := sortKPIs(order, rowsOf, nil)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d rows, want %d", round, len(got), len(want))
		}
		for i := range want {
			if got[i].KPI != want[i].KPI {
				t.Fatalf("round %d: row %d is %s %s, want %s %s", round, i, got[i].Page.URL, got[i].KPI.Name, want[i].Page.URL, want[i].KPI.Name)
			}
		}

		// The next build: some briefs edited (new *Page, same URL), one
		// perhaps retitled. The last order is reused only when it holds.
		next := slices.Clone(briefs)
		for i := range next {
			if r.IntN(4) == 0 {
				p := *next[i]
				if r.IntN(3) == 0 {
					p.Title = "T" + strconv.Itoa(r.IntN(5))
				}
				next[i] = &p
			}
		}
		fresh := titleOrder(next, nil, nil)
		if reused := titleOrder(next, briefs, order); !slices.Equal(reused, fresh) {
			t.Fatalf("round %d: order after edits differs from a fresh sort", round)
		}
		// The KPIs of the titles whose briefs are all unchanged are taken
		// from the last sort; the result is that of a fresh one.
		nextRows := map[*content.Page][]KPIRow{}
		for i, p := range next {
			for _, r := range rowsOf[briefs[i]] {
				if p != briefs[i] && r.OnTrack && r.KPI.Name == "K0" {
					r.OnTrack, r.State = false, content.StateOffTrack // an edit put it off track
				}
				r.Page = p
				nextRows[p] = append(nextRows[p], r)
			}
		}
		want, _ = sortKPIs(fresh, nextRows, nil)
		if got, _ := sortKPIs(fresh, nextRows, groups); !slices.Equal(got, want) {
			t.Fatalf("round %d: KPIs sorted with the last groups differ from a fresh sort", round)
		}
	}
}
