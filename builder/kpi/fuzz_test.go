package kpi

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"golang.org/x/tools/txtar"
)

// FuzzRecord records random values on random dates into the briefs of
// testdata, and into mutations of them: a recorded file loads, holds the
// measurement, and every other value of every KPI is as it was. An edit
// that cannot be made so is refused, never written wrong.
func FuzzRecord(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for i, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if af.Name == "in.md" {
				f.Add(af.Data, uint8(i), int16(i*37), float64(i)*1.5)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8, days int16, value float64) {
		const path = "content/brief.md"
		pg, err := content.DecodeFile(path, src)
		if err != nil || pg.Brief == nil || len(pg.Brief.KPIs) == 0 {
			return
		}
		if math.IsNaN(value) || math.IsInf(value, 0) || math.Abs(value) > content.MaxValue || value != 0 && math.Abs(value) < content.MinValue {
			return
		}
		k := pg.Brief.KPIs[int(which)%len(pg.Brief.KPIs)]
		date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
		res, err := Record(path, src, k.ID, Measurement{date, value})
		if err != nil {
			return // refused: the file stays as it was
		}
		nu, err := content.DecodeFile(path, res.Data)
		if err != nil {
			t.Fatalf("the recorded file does not load: %v\n%s", err, res.Data)
		}
		for i, ko := range pg.Brief.KPIs {
			kn := nu.Brief.KPIs[i]
			if ko.ID != k.ID {
				if !slicesEqual(history(ko), history(kn)) || !samePtr(ko.Current, kn.Current) || !samePtr(ko.Baseline, kn.Baseline) {
					t.Fatalf("KPI %s changed", ko.ID)
				}
				continue
			}
			found := false
			for _, h := range kn.History {
				if h.Date.Equal(date) {
					if found || h.Value != value {
						t.Fatalf("the history holds %v on %s, want %v once", h.Value, date.Format("2006-01-02"), value)
					}
					found = true
				}
			}
			if !found {
				t.Fatalf("the measurement is not in the history:\n%s", res.Data)
			}
		}
	})
}

func slicesEqual(a, b []content.Measurement) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Date.Equal(b[i].Date) || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}
