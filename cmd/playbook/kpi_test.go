package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// copyContent copies the bundled content/ into a new site folder.
func copyContent(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	err := filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(site, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(site, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

func TestKPIRecordErrors(t *testing.T) {
	site := copyContent(t)
	brief := filepath.Join(site, "content", "analytics-consolidation.md")
	before, _ := os.ReadFile(brief)
	os.Chmod(brief, 0o640)
	os.Symlink("analytics-consolidation.md", filepath.Join(site, "content", "link.md"))
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"content/analytics-consolidation.md", "nope", "3"}, 1, `content/analytics-consolidation.md:61:1: no KPI has the id "nope"; this brief's KPIs are tag-count, revenue-gap, consent-coverage`},
		{[]string{"content/analytics-consolidation.md", "tag-count", "12,5"}, 1, `content/analytics-consolidation.md:62:5: "12,5" is not a number (write decimals with a point, like 12.5, and no thousands separators), the value given for tag-count`},
		{[]string{"content/analytics-consolidation.md", "tag-count", "1e300"}, 1, `"1e300" is outside what a KPI may hold`},
		{[]string{"../outside.md", "tag-count", "3"}, 1, "../outside.md:1:1: not a brief of content/"},
		{[]string{"content/missing.md", "tag-count", "3"}, 1, "content/missing.md:1:1: no such file"},
		{[]string{"content/link.md", "tag-count", "3"}, 1, "content/link.md:1:1: a symbolic link: record the measurement in the file it leads to"},
		{[]string{"content/analytics-consolidation.md", "tag-count", "3", "--date", "2026-02-30"}, 2, `--date "2026-02-30": write the date as YYYY-MM-DD`},
		{[]string{"content/analytics-consolidation.md", "tag-count", "3", "--today", "soon"}, 2, `--today "soon": write the date as YYYY-MM-DD`},
		{[]string{"content/analytics-consolidation.md", "tag-count"}, 2, "usage:"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, append([]string{"kpi", "record", "--source", site}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
		if after, _ := os.ReadFile(brief); string(after) != string(before) {
			t.Fatalf("%v changed the brief", tt.args)
		}
	}
	// And one that works keeps the file's mode and leaves no file beside it.
	code, stdout, stderr := runCmd(t, "kpi", "record", "--source", site, "content/analytics-consolidation.md", "tag-count", "9", "--date", "2026-06-30")
	if code != 0 || stdout != "content/analytics-consolidation.md: recorded tag-count = 9 on 2026-06-30; current is 9 too\n" {
		t.Fatalf("exit %d: %q %q", code, stdout, stderr)
	}
	if fi, _ := os.Stat(brief); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Join(site, "content"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s beside the brief", e.Name())
		}
	}
	code, stdout, _ = runCmd(t, "kpi", "record", "--source", site, "content/analytics-consolidation.md", "tag-count", "10", "--date", "2026-06-30")
	if code != 0 || !strings.Contains(stdout, "replaced tag-count's measurement of 2026-06-30, 9, with 10; current is 10 too") {
		t.Errorf("replacing: exit %d, %q", code, stdout)
	}
}

// kpiValues reads every KPI's latest value and history from playbook.json.
func kpiValues(t *testing.T, dest string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, "playbook.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Briefs []struct {
			URL  string `json:"url"`
			KPIs []struct {
				ID      string          `json:"id"`
				Current json.RawMessage `json:"current"`
				History json.RawMessage `json:"history"`
			} `json:"kpis"`
		} `json:"briefs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, b := range doc.Briefs {
		for _, k := range b.KPIs {
			out[b.URL+"#"+k.ID] = string(k.Current) + " " + string(k.History)
		}
	}
	return out
}

// TestKPIImportRoundTrip: build the bundled site, type new numbers into
// the current column of the published kpis.csv, import it, build again:
// only the edited KPIs differ.
func TestKPIImportRoundTrip(t *testing.T) {
	site := copyContent(t)
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd(t, "build", "--source", site, "--dest", dest, "--today", "2026-11-25"); code != 0 {
		t.Fatal(stderr)
	}
	before := kpiValues(t, dest)
	f, _ := os.Open(filepath.Join(dest, "kpis.csv"))
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	edited := map[string]bool{}
	for _, i := range []int{1, 4, 7} {
		rows[i][col["current"]] = "4242"
		edited[rows[i][col["brief_url"]]+"#"+rows[i][col["kpi_id"]]] = true
	}
	csvPath := filepath.Join(t.TempDir(), "kpis.csv")
	write := func() {
		f, _ := os.Create(csvPath)
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		f.Close()
	}
	write()
	snapshot := func() map[string]string {
		m := map[string]string{}
		filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				m[p] = string(data)
			}
			return nil
		})
		return m
	}
	orig := snapshot()

	// Without --write: what it would do, and nothing changes.
	code, stdout, stderr := runCmd(t, "kpi", "import", csvPath, "--source", site, "--today", "2026-12-01")
	if code != 0 || !strings.Contains(stdout, "Would record 3 measurements") {
		t.Fatalf("dry run: exit %d\n%s%s", code, stdout, stderr)
	}
	// A bad row: every bad row is reported, nothing written.
	good := rows[2][col["current"]]
	rows[2][col["current"]] = "12,5"
	rows[5][col["kpi_id"]] = "no-such-kpi"
	write()
	code, _, stderr = runCmd(t, "kpi", "import", csvPath, "--source", site, "--today", "2026-12-01", "--write")
	if code != 1 || !strings.Contains(stderr, `kpis.csv:3:`) || !strings.Contains(stderr, `"12,5" is not a number`) || !strings.Contains(stderr, `kpis.csv:6:`) || !strings.Contains(stderr, `no KPI with the id "no-such-kpi"`) {
		t.Errorf("bad rows: exit %d\n%s", code, stderr)
	}
	for p, data := range snapshot() {
		if orig[p] != data {
			t.Fatalf("%s changed", p)
		}
	}
	rows[2][col["current"]] = good
	rows[5][col["kpi_id"]] = rows[5][col["kpi_id"]][:0] + strings.TrimSpace(rows[5][col["kpi_id"]])
	rows[5] = nil
	rows = append(rows[:5], rows[6:]...)
	write()
	code, stdout, stderr = runCmd(t, "kpi", "import", csvPath, "--source", site, "--today", "2026-12-01", "--write")
	if code != 0 || !strings.Contains(stdout, "Recorded 3 measurements") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "--source", site, "--dest", dest, "--today", "2026-12-01"); code != 0 {
		t.Fatal(stderr)
	}
	after := kpiValues(t, dest)
	for k, v := range after {
		switch {
		case edited[k] && (v == before[k] || !strings.HasPrefix(v, "4242 ")):
			t.Errorf("%s: %s, want current 4242", k, v)
		case !edited[k] && v != before[k]:
			t.Errorf("%s changed: %s, was %s", k, v, before[k])
		}
	}
}

// TestKPIImportRows: a dated row equal to the latest value is recorded;
// two values for one KPI on one date, a CSV syntax error and a bad value
// are all reported at once, and nothing is written.
func TestKPIImportRows(t *testing.T) {
	site := copyContent(t)
	brief := filepath.Join(site, "content", "web", "checkout-redesign.md")
	before, _ := os.ReadFile(brief)
	csvFile := func(body string) string {
		p := filepath.Join(t.TempDir(), "m.csv")
		os.WriteFile(p, []byte("brief,kpi,date,value\n"+body), 0o644)
		return p
	}
	bad := csvFile("content/web/checkout-redesign.md,abandonment,2026-12-01,63\n" +
		"/web/checkout-redesign/,abandonment,2026-12-01,64\n" +
		"content/web/checkout-redesign.md,abandonment,2026-12-02,6\"3\n" +
		"content/web/checkout-redesign.md,abandonment,2026-12-03,x\n")
	code, _, stderr := runCmd(t, "kpi", "import", bad, "--source", site, "--write")
	for _, want := range []string{"m.csv:3:", "line 2 gives abandonment of content/web/checkout-redesign.md another value on 2026-12-01", "m.csv:4:", "m.csv:5:", `"x" is not a number`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if after, _ := os.ReadFile(brief); code != 1 || string(after) != string(before) {
		t.Fatalf("exit %d; the brief changed: %v", code, string(after) != string(before))
	}
	// The latest value again, on a new date, is a new measurement.
	good := csvFile("content/web/checkout-redesign.md,payment-incidents,2026-12-31,1\n")
	code, stdout, stderr := runCmd(t, "kpi", "import", good, "--source", site, "--write")
	if code != 0 || !strings.Contains(stdout, "recorded payment-incidents = 1 on 2026-12-31") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
	// Again: recorded already, nothing to do.
	code, stdout, _ = runCmd(t, "kpi", "import", good, "--source", site, "--write")
	if code != 0 || !strings.Contains(stdout, "nothing to record") {
		t.Errorf("again: exit %d: %s", code, stdout)
	}
}

// TestKPIRecordPaths: ./content/… and an absolute path inside the site
// name the brief; the site settings are no brief; a bad --today is a
// usage error even with --date.
func TestKPIRecordPaths(t *testing.T) {
	site := copyContent(t)
	for i, name := range []string{"./content/cms-migration.md", filepath.Join(site, "content", "cms-migration.md")} {
		code, stdout, stderr := runCmd(t, "kpi", "record", "--source", site, name, "availability", strconv.Itoa(99+i), "--date", "2026-12-0"+strconv.Itoa(1+i))
		if code != 0 || !strings.HasPrefix(stdout, "content/cms-migration.md: recorded availability") {
			t.Errorf("%s: exit %d: %s%s", name, code, stdout, stderr)
		}
	}
	if code, _, stderr := runCmd(t, "kpi", "record", "--source", site, "content/_index.md", "x", "1"); code != 1 || !strings.Contains(stderr, "the site's settings, not a brief") {
		t.Errorf("_index.md: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "kpi", "record", "--source", site, "content/cms-migration.md", "availability", "1", "--date", "2026-12-05", "--today", "bogus"); code != 2 {
		t.Errorf("a bad --today with --date: exit %d, want 2", code)
	}
}
