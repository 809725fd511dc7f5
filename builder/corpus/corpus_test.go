package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
)

// TestBuild builds a generated corpus and checks that it loads without
// errors and has the shape the package promises.
func TestBuild(t *testing.T) {
	const n = 400
	fsys := corpus.Generate(n, 1)
	res, err := builder.Build(fsys, new(output.Mem), builder.Options{Today: corpus.Reference})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	// The loaded site, with the bodies a build without a Cache lets go.
	site, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}

	drafts := 0
	for name, f := range fsys {
		if strings.HasSuffix(name, ".md") && bytes.Contains(f.Data, []byte("\ndraft: true\n")) {
			drafts++
		}
	}
	if got := len(site.Briefs); got != n-drafts || drafts > n/20 {
		t.Errorf("%d briefs built, %d drafts; want %d briefs in all", got, drafts, n)
	}

	statuses := map[string]int{}
	approaches := map[string]int{}
	teams := map[string]int{}
	var percent, lower, history, sectioned int
	for _, p := range site.Briefs {
		b := p.Brief
		statuses[b.Status]++
		approaches[b.Approach]++
		if p.Section != site.Home {
			sectioned++
		}
		if size := len(p.Body); size < corpus.MinBody || size > corpus.MaxBody {
			t.Errorf("%s: body of %d bytes, want %d–%d", p.Source, size, corpus.MinBody, corpus.MaxBody)
		}
		if g := len(b.Goals); g < 2 || g > 5 {
			t.Errorf("%s: %d goals, want 2–5", p.Source, g)
		}
		if r := len(b.Roles); r < 3 || r > 8 {
			t.Errorf("%s: %d roles, want 3–8", p.Source, r)
		}
		if k := len(b.KPIs); k < 2 || k > 6 {
			t.Errorf("%s: %d KPIs, want 2–6", p.Source, k)
		}
		if b.Sponsor == nil {
			t.Errorf("%s: no sponsor", p.Source)
		}
		tops := 0
		for _, r := range b.Roles {
			teams[r.Team]++
			if r.ReportsTo == nil {
				tops++
			}
		}
		if tops != 1 {
			t.Errorf("%s: %d roles at the top of the chart, want 1", p.Source, tops)
		}
		if len(b.Tags) == 0 {
			t.Errorf("%s: no tags", p.Source)
		}
		for _, k := range b.KPIs {
			if k.Goal == nil || k.Owner == nil || k.Baseline == nil || k.Target == nil {
				t.Errorf("%s: KPI %s lacks a goal, owner, baseline or target", p.Source, k.ID)
			}
			if k.Unit == "%" {
				percent++
			}
			if k.LowerIsBetter() {
				lower++
			}
			if len(k.History) > 0 {
				history++
			}
			for i := 1; i < len(k.History); i++ {
				if !k.History[i].Date.After(k.History[i-1].Date) {
					t.Errorf("%s: KPI %s: history out of order", p.Source, k.ID)
				}
			}
		}
	}
	for _, s := range []string{"proposed", "active", "paused", "done"} {
		if statuses[s] == 0 {
			t.Errorf("no brief is %s", s)
		}
	}
	for _, a := range []string{"marketing-led", "it-led", "partnership", "amalgamated", "vendor"} {
		if approaches[a] == 0 {
			t.Errorf("no brief is %s", a)
		}
	}
	for _, team := range []string{"marketing", "it", "vendor", "leadership"} {
		if teams[team] == 0 {
			t.Errorf("no role is on team %s", team)
		}
	}
	if percent == 0 || lower == 0 || history == 0 {
		t.Errorf("KPIs: %d in %%, %d lower-is-better, %d with history; want some of each", percent, lower, history)
	}
	if sectioned < n/2 || sectioned == len(site.Briefs) {
		t.Errorf("%d of %d briefs in sections; want most, not all", sectioned, len(site.Briefs))
	}

	// Warnings: a few stale briefs, a few unmeasured goals, nothing else.
	rules := map[string]int{}
	for _, w := range res.Warnings {
		rule, _, _ := strings.Cut(w.Msg, ":")
		rules[rule]++
	}
	for rule, count := range rules {
		switch rule {
		case "dates/stale", "goals/unmeasured":
			if count > n/10 {
				t.Errorf("%d warnings %s, want a few", count, rule)
			}
		default:
			t.Errorf("%d unexpected warnings %s, like %v", count, rule, firstWarning(res.Warnings, rule))
		}
	}
	t.Logf("%d briefs, %d pages, %d files; statuses %v; approaches %v; warnings %v", len(site.Briefs), res.Pages, res.Files, statuses, approaches, rules)
}

func firstWarning(list content.ErrorList, rule string) error {
	for _, w := range list {
		if strings.HasPrefix(w.Msg, rule+":") {
			return w
		}
	}
	return nil
}

// TestDeterministic checks that a seed always gives the same files and
// another seed different ones.
func TestDeterministic(t *testing.T) {
	a, b := corpus.Files(200, 7), corpus.Files(200, 7)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	c := corpus.Files(200, 8)
	same := 0
	for name, data := range a {
		if bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same > len(a)/10 {
		t.Errorf("%d of %d files are the same for seeds 7 and 8", same, len(a))
	}
}

// TestSmall checks that tiny corpora build too.
func TestSmall(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5} {
		if _, err := builder.Build(corpus.Generate(n, 3), new(output.Mem), builder.Options{Today: corpus.Reference}); err != nil {
			t.Errorf("%d briefs: %v", n, err)
		}
	}
}

// TestWrite checks that Write writes what Generate returns and refuses a
// folder that is not empty.
func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Write(dir, 50, 2); err != nil {
		t.Fatal(err)
	}
	want := corpus.Files(50, 2)
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		got = append(got, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(data, want[rel]) {
			t.Errorf("%s differs from Files", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		sort.Strings(got)
		t.Errorf("wrote %d files, want %d", len(got), len(want))
	}
	if err := corpus.Write(dir, 50, 2); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("writing into a non-empty folder: %v, want an error", err)
	}
}
