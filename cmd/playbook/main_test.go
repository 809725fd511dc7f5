package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/playbook-dev/playbook/builder/health"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheckJSON(t *testing.T) {
	code, out, errOut := runCmd(t, "check", "--source", "testdata/checksite", "--format", "json", "--today", "2026-11-25")
	if code != 0 {
		t.Errorf("exit %d without --strict; stderr: %s", code, errOut)
	}
	golden := "testdata/check.json"
	if *update {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, _ := os.ReadFile(golden)
	if out != string(want) {
		t.Errorf("check --format json:\n%s\nwant:\n%s", out, want)
	}
}

func TestCheckText(t *testing.T) {
	code, out, errOut := runCmd(t, "check", "--source", "testdata/checksite", "--today", "2026-11-25")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	// Findings go to standard error, one a line, as build prints them.
	for _, want := range []string{
		"warning: content/one-team.md:5:1: cross/no-it: ",
		"\nwarning: content/one-team.md:11:5: goals/unmeasured: ",
		"\nwarning: content/one-team.md:13:1: cross/one-team: ",
		"\nnote: content/waived.md:17:5: goals/kpi-baseline: ",
		" (waived)\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("standard error lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.HasSuffix(out, "2 briefs checked, 1 meets all three vital elements; 0 errors, 3 warnings.\n") {
		t.Errorf("standard output:\n%s", out)
	}
}

// TestCheckBrokenAmongGood: one broken brief among good ones: every good
// one is checked, and the broken one's error is a build-style line.
func TestCheckBrokenAmongGood(t *testing.T) {
	files := map[string]string{"content/broken.md": "---\ntitle: Broken\nstatus: [\n---\n"}
	src, _ := os.ReadFile("testdata/checksite/content/waived.md")
	for i := range 6 {
		files[fmt.Sprintf("content/good-%d.md", i)] = string(src)
	}
	site := writeSite(t, t.TempDir(), files)
	code, out, errOut := runCmd(t, "check", "--source", site, "--today", "2026-11-25")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.HasPrefix(errOut, "content/broken.md:3:1: ") {
		t.Errorf("standard error:\n%s", errOut)
	}
	if !strings.Contains(out, "6 briefs checked, 6 meet all three vital elements; 1 error, 0 warnings.") {
		t.Errorf("standard output:\n%s", out)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"check", "--source", "testdata/checksite", "--today", "2026-11-25", "--strict"}, 1},
		{[]string{"check", "--source", "../..", "--today", "2026-11-25", "--strict"}, 0},
		{[]string{"check", "--format", "xml"}, 2},
		{[]string{"check", "--today", "25/11/2026"}, 2},
		{[]string{"build", "--nope"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{}, 2},
		{[]string{"new", "thing"}, 2},
		{[]string{"version"}, 0},
	}
	for _, tt := range tests {
		if code, _, stderr := runCmd(t, tt.args...); code != tt.want {
			t.Errorf("playbook %s: exit %d, want %d; stderr: %s", strings.Join(tt.args, " "), code, tt.want, stderr)
		}
	}
}

func TestBuildCommand(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	code, out, stderr := runCmd(t, "build", "--source", "../..", "--dest", dest, "--today", "2026-11-25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "Built ") || !strings.Contains(out, "pages") {
		t.Errorf("summary line: %q", out)
	}
	if !strings.Contains(stderr, "note: no base URL") || strings.Contains(stderr, "warning") {
		t.Errorf("stderr: %q", stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "cms-migration", "index.html")); err != nil {
		t.Error(err)
	}
	// A broken site fails with path:line:col errors and leaves dest alone.
	bad := filepath.Join(dir, "bad")
	os.MkdirAll(filepath.Join(bad, "content"), 0o755)
	os.WriteFile(filepath.Join(bad, "content", "x.md"), []byte("---\ntitle: X\ntype: brief\nstatus: soon\n---\n"), 0o644)
	code, _, stderr = runCmd(t, "build", "--source", bad, "--dest", dest)
	if code != 1 || !strings.Contains(stderr, "content/x.md:4:9: unknown status \"soon\"") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "cms-migration", "index.html")); err != nil {
		t.Errorf("the previous site is gone: %v", err)
	}
	// Dangerous destinations are refused.
	if code, _, stderr := runCmd(t, "build", "--source", bad, "--dest", filepath.Join(bad, "content")); code != 2 || !strings.Contains(stderr, "refusing") {
		t.Errorf("dest=content/: exit %d, %q", code, stderr)
	}
}

func TestNewBrief(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runCmd(t, "new", "brief", "Café Relaunch 2027", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := filepath.Join(dir, "content", "cafe-relaunch-2027.md")
	if !strings.Contains(out, p) {
		t.Errorf("output %q does not name %s", out, p)
	}
	// The untouched template fails check --strict on its placeholders, and
	// passes once they are replaced.
	code, _, out = runCmd(t, "check", "--source", dir, "--strict")
	if code != 1 || strings.Count(out, ": brief/placeholder: ") != 5 || !strings.Contains(out, `The role "Chief Marketing Officer" is held by the template's placeholder "Name Surname"`) {
		t.Errorf("check --strict of an untouched new brief: exit %d\n%s", code, out)
	}
	data, _ := os.ReadFile(p)
	filled := strings.NewReplacer(
		health.PlaceholderSummary, "Relaunch the café's website so that online orders double by spring.",
		health.PlaceholderGoal, "Double online orders",
		health.PlaceholderWhy, "Orders on the site cost half what phone orders do.",
		"person: "+health.PlaceholderPerson+"\n    responsibilities: [Owns", "person: Ana Lima\n    responsibilities: [Owns",
		health.PlaceholderPerson, "Bo Chen",
	).Replace(string(data))
	os.WriteFile(p, []byte(filled), 0o644)
	if code, out, _ := runCmd(t, "check", "--source", dir, "--strict"); code != 0 {
		t.Errorf("check --strict of a filled-in new brief: exit %d\n%s", code, out)
	}
	before, _ := os.ReadFile(p)
	code, _, stderr = runCmd(t, "new", "brief", "Cafe relaunch 2027", "--source", dir)
	if code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second new brief: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Error("the existing brief was overwritten")
	}
}

// TestREADMEListsEveryRule keeps the README's health section complete.
func TestREADMEListsEveryRule(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range health.Rules {
		if !strings.Contains(string(readme), "| `"+r.Name+"` |") {
			t.Errorf("README.md has no row for the rule %s", r.Name)
		}
	}
}

// TestREADMEFirstScreen: the first screen of README.md tells a writer how
// to start a playbook, write a brief, preview it and publish it, and why a
// double-clicked public/index.html looks broken; the benchmarks live in a
// document of their own.
func TestREADMEFirstScreen(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	first := strings.Join(lines[:min(50, len(lines))], "\n")
	for _, want := range []string{"playbook new site", "playbook new brief", "playbook serve --watch", "playbook build", "Netlify", "public/index.html", "#brief-front-matter", "docs/performance.md"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first 50 lines of README.md lack %q", want)
		}
	}
	if strings.Contains(string(data), "\n## Performance") {
		t.Error("README.md still holds the performance figures")
	}
	if _, err := os.Stat("../../docs/performance.md"); err != nil {
		t.Error(err)
	}
}

// TestBuildMetrics checks that --metrics prints each stage with its time
// and memory, figures a reader can believe: every stage's peak is more
// than nothing and no less than the heap live at its end.
func TestBuildMetrics(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	code, out, stderr := runCmd(t, "build", "--source", "../..", "--dest", dest, "--today", "2026-11-25", "--metrics")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "wall time  peak memory   live heap") {
		t.Fatalf("no stage table with memory in:\n%s", out)
	}
	for _, stage := range []string{"load", "markdown", "templates (parse)", "health, aggregates", "render and write"} {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), stage+" ") {
				line = l
				break
			}
		}
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), stage))
		if len(f) != 6 || f[1] != "ms" || f[3] != "MB" || f[5] != "MB" {
			t.Errorf("stage %q: line %q, want its time, peak memory and live heap", stage, line)
			continue
		}
		peak, err1 := strconv.Atoi(f[2])
		live, err2 := strconv.Atoi(f[4])
		if err1 != nil || err2 != nil || peak <= 0 || live > peak {
			t.Errorf("stage %q: peak %q MB, live %q MB", stage, f[2], f[4])
		}
	}
}
