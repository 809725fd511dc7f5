package builder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/output"
)

// build builds files as a site and returns the output or the error text.
func buildFiles(t *testing.T, files map[string]string) (map[string][]byte, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	out := new(output.Mem)
	_, err := Build(fsys, out, Options{Today: today})
	if err != nil {
		var list content.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if len(out.Names()) > 0 {
			t.Fatalf("a failed build wrote files")
		}
		return nil, err.Error()
	}
	return out.Files(), ""
}

// TestBadInput feeds the kinds of broken files people make: each is a
// positioned error or simply works, never a panic.
func TestBadInput(t *testing.T) {
	nested := strings.Repeat("> ", 10000) + "deep\n\n" + strings.Repeat("- ", 10000) + "deeper\n"
	big := "---\ntitle: Big\n---\n" + strings.Repeat("A long paragraph of text that goes on. ", 20<<20/40)
	tests := []struct {
		name, file, src string
		want            string // "" means the build succeeds
	}{
		{"empty file", "content/empty.md", "", ""},
		{"only a delimiter", "content/a.md", "---\n", "content/a.md:1:1: the front matter opened here is never closed: did you forget the closing `---`?"},
		{"tabs in YAML", "content/a.md", "---\ntitle: A\n\tstatus: active\n---\n", "content/a.md:3:1: a tab indents this line, and YAML allows only spaces: remove the indentation, as the line is at the top level"},
		{"BOM and CRLF", "content/a.md", "\ufeff---\r\ntitle: Windows\r\n---\r\nBody\r\n", ""},
		{"binary named .md", "content/a.md", "\x00\x01\x02PNG", "content/a.md:1:1: this looks like a binary file, not Markdown text (it contains a NUL byte)"},
		{"10,000-level nesting", "content/a.md", nested, ""},
		{"20 MB brief", "content/a.md", big, ""},
		{"number for a list", "content/a.md", "---\ntitle: A\ntags: 7\ngoals: []\n---\n", "content/a.md:3:7: tags must be a list, like [first, second] or one `- item` per line, not the number 7"},
		{"date in another format", "content/a.md", "---\ntitle: A\ndate: 2 March 2026\ngoals: []\n---\n", `content/a.md:3:7: date must be a date written YYYY-MM-DD (like 2026-03-02), not the text "2 March 2026"`},
		{"TOML syntax error", "content/a.md", "+++\ntitle = A\n+++\n", "content/a.md:2:9: invalid TOML: expected value but found \"A\" instead"},
		{"JSON syntax error", "content/a.md", "{\n\"title\": \"A\",\n}\n\nx", "content/a.md:3:1: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"name with spaces", "content/My Brief.md", "# x", ""},
		{"name with # and ?", "content/q3 #1 launch?.md", "# x", ""},
		{"unicode name", "content/Ärger über Öl.md", "# x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			files, errText := buildFiles(t, map[string]string{tt.file: tt.src})
			if tt.want == "" {
				if errText != "" {
					t.Fatalf("build failed: %s", errText)
				}
				if len(files) == 0 {
					t.Fatal("nothing written")
				}
			} else if errText != tt.want {
				t.Errorf("got  %s\nwant %s", errText, tt.want)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Logf("took %s", d) // reported, not asserted: speed is measured by benchmarks
			}
		})
	}
	files, _ := buildFiles(t, map[string]string{"content/q3 #1 launch?.md": "# x", "content/My Brief.md": "See [the launch](q3%20%231%20launch%3F.md)."})
	if _, ok := files["q3-1-launch/index.html"]; !ok {
		t.Error("q3 #1 launch?.md is not at /q3-1-launch/")
	}
	if !bytes.Contains(files["my-brief/index.html"], []byte(`href="/q3-1-launch/"`)) {
		t.Error("an escaped link to a file with # and ? in its name is not rewritten")
	}
}

func TestSymlinkLoop(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "a"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "a", "x.md"), []byte("# x"), 0o644)
	if err := os.Symlink("..", filepath.Join(root, "content", "a", "loop")); err != nil {
		t.Skip(err)
	}
	res, err := Build(os.DirFS(root), new(output.Mem), Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	want := "content/a/loop:1:1: skipped: a symbolic link to a folder is not followed; copy or move the folder into content/ instead"
	if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// vanishingFS fails as if a file were deleted between listing and reading.
type vanishingFS struct{ fstest.MapFS }

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == "content/gone.md" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

func TestFileDeletedWhileReading(t *testing.T) {
	fsys := vanishingFS{fstest.MapFS{"content/a.md": {Data: []byte("# a")}, "content/gone.md": {Data: []byte("# gone")}}}
	_, err := Build(fsys, new(output.Mem), Options{Today: today})
	want := "content/gone.md:1:1: cannot read: file does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestHostileInput puts markup, script URLs and spreadsheet formulas in
// every field; they must come out as text wherever they appear.
func TestHostileInput(t *testing.T) {
	src := `---
title: "<script>alert('t')</script>"
summary: '"><img src=x onerror=alert(1)> and more words here'
status: active
approach: partnership
sponsor: r
date: 2026-11-01
tags: ["<b>tag</b>", "=cmd|' /C calc'!A0"]
goals: [{id: g, title: "<i>goal</i>", why: "</desc><script>x()</script>"}]
roles:
  - {id: r, title: "</text><script>alert(2)</script>", team: marketing, person: "@SUM(1+1)", responsibilities: ["<u>r</u>"]}
  - {id: s, title: "S", team: it, reports_to: r, responsibilities: [x]}
kpis:
  - {id: k, name: "=HYPERLINK(\"http://evil\",\"click\")", goal: g, owner: r, unit: "<%>", baseline: 1, target: 2, current: 1.5, history: [{date: 2026-01-01, value: 1}, {date: 2026-02-01, value: 1.5}]}
  - {id: k2, name: "+1-1", goal: g, owner: s, baseline: 1, target: 2}
---
[click](javascript:alert(3)) <script>alert(4)</script> <img src=x onerror=alert(5)>
`
	files, errText := buildFiles(t, map[string]string{"content/evil.md": src})
	if errText != "" {
		t.Fatal(errText)
	}
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".html"):
			if msg := hostileMarkup(data); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		case strings.HasSuffix(name, ".json"):
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", name)
			}
			if bytes.Contains(data, []byte("<script")) {
				t.Errorf("%s has an unescaped <script", name)
			}
		case strings.HasSuffix(name, ".xml"):
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
			if bytes.Contains(data, []byte("<script")) {
				t.Errorf("%s has an unescaped <script", name)
			}
		case strings.HasSuffix(name, ".svg"):
			if bytes.Contains(data, []byte("<script")) {
				t.Errorf("%s has a script", name)
			}
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files["kpis.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				if _, err := fmt.Sscan(cell, new(float64)); err == nil {
					continue // a number, like -5
				}
				t.Errorf("kpis.csv column %s starts a formula: %q", rows[0][i], cell)
			}
		}
	}
}

// TestPeoplePagesBounded gives one person 30 roles: /people/ lists a dozen
// and links to the rest.
func TestPeoplePagesBounded(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 30; i++ {
		files[fmt.Sprintf("content/b%02d.md", i)] = fmt.Sprintf("---\ntitle: Brief %d\nroles: [{id: r, title: Role %d, team: it, person: Dana Ruiz, responsibilities: [x]}]\n---\n", i, i)
	}
	out, errText := buildFiles(t, files)
	if errText != "" {
		t.Fatal(errText)
	}
	page := string(out["people/index.html"])
	if n := strings.Count(page, " on <a href="); n != 12 {
		t.Errorf("/people/ lists %d of Dana's roles, want 12", n)
	}
	if !strings.Contains(page, "… and 18 more roles") || !strings.Contains(page, "?q=Dana%20Ruiz") {
		t.Error("/people/ does not say how many roles are not listed, or link to them")
	}
}

// TestUnminifiedWarningShowsNoContent: a theme file the minifier cannot
// parse is written as it is, and the warning says where, not what.
func TestUnminifiedWarningShowsNoContent(t *testing.T) {
	const secret = "TOKEN=hunter2-secret"
	fsys := fstest.MapFS{
		"content/a.md":  {Data: []byte("# A")},
		"theme/bad.js":  {Data: []byte("var x = {" + secret + " ;;; )")},
		"theme/bad.css": {Data: []byte("a{color:red}}} " + secret + " {{")},
	}
	res, err := Build(fsys, new(output.Mem), Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.Warnings {
		if strings.Contains(w.Error(), "hunter2") {
			t.Errorf("a warning shows the file's contents: %s", w)
		}
		if strings.HasPrefix(w.Error(), "theme/bad.js: written unminified: it could not be parsed at line 1, column ") {
			found = true
		}
	}
	if !found {
		t.Errorf("no positioned warning for theme/bad.js: %v", res.Warnings)
	}
}

// TestOwnIndexHTML: a file of the writer's that a page playbook makes would
// replace is an error naming both, however the clash arises.
func TestOwnIndexHTML(t *testing.T) {
	many := map[string]string{"content/web/page/2/index.html": "mine"}
	for i := range 60 {
		many[fmt.Sprintf("content/web/b%02d.md", i)] = "# B\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"section made up", map[string]string{"content/web/a.md": "# A", "content/web/index.html": "mine"},
			"content/web/index.html:1:1: content/web/index.html would replace the page playbook makes for the section content/web/ at /web/index.html: rename it (a section's text goes in content/web/_index.md)"},
		{"home made up", map[string]string{"content/a.md": "# A", "content/index.html": "mine"},
			"content/index.html:1:1: content/index.html would replace the home page playbook makes at /index.html: rename it (the home page's text goes in content/_index.md)"},
		{"section of a file", map[string]string{"content/web/_index.md": "# Web", "content/web/index.html": "mine"},
			"content/web/index.html:1:1: content/web/_index.md and content/web/index.html both map to /web/index.html: rename one of them"},
		{"brief", map[string]string{"content/seo.md": "# SEO", "content/seo/index.html": "mine"},
			"content/seo/index.html:1:1: content/seo.md and content/seo/index.html both map to /seo/index.html: rename one of them"},
		{"a list's second page", many,
			"content/web/page/2/index.html:1:1: content/web/page/2/index.html would replace /web/page/2/index.html, which playbook makes itself: rename it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errText := buildFiles(t, tt.files)
			if errText != tt.want {
				t.Errorf("got  %q\nwant %q", errText, tt.want)
			}
		})
	}
}

// TestExtremeNumbers: every number a KPI can hold renders as digits or is
// refused at its place with a sentence; no NaN or Inf reaches any output.
func TestExtremeNumbers(t *testing.T) {
	tests := []struct {
		name, kpi string
		want      string // "" means it builds; else the error
	}{
		{"huge, either way", "baseline: -1e308, target: 1e308, current: 5",
			"content/a.md:6:51: baseline -1e308 is too large: a KPI's numbers must lie between -1e15 and 1e15 (a million billion); write the value in a larger unit (thousands, millions)\n" +
				"content/a.md:6:67: target 1e308 is too large: a KPI's numbers must lie between -1e15 and 1e15 (a million billion); write the value in a larger unit (thousands, millions)"},
		{"huge history", "baseline: 0, target: 10, history: [{date: 2026-01-01, value: 1.8e307}]",
			"content/a.md:6:102: value 1.8e307 is too large: a KPI's numbers must lie between -1e15 and 1e15 (a million billion); write the value in a larger unit (thousands, millions)"},
		{"tiny", "baseline: 1e-320, target: 1, current: 0",
			"content/a.md:6:51: baseline 1e-320 is too small: a KPI's numbers other than 0 must be at least 1e-9 (a billionth) either way; write the value in a smaller unit"},
		{"the largest", "baseline: 1e15, target: -1e15, current: 999999999999999.5", ""},
		{"the smallest", "baseline: 1e-9, target: 2e-9, current: 1.5e-9", ""},
		{"lower is better", "baseline: 1e15, target: -1e15, history: [{date: 2026-01-01, value: -1e15}, {date: 2026-02-01, value: 1e15}]", ""},
		{"equal", "baseline: 5, target: 5, current: 5", ""},
		{"below a float's least", "baseline: 1e-400, target: 1, current: 0",
			"content/a.md:6:51: baseline 1e-400 is too small: a KPI's numbers other than 0 must be at least 1e-9 (a billionth) either way; write the value in a smaller unit"},
		{"minus zero", "baseline: -0, target: 10, current: -0.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: Numbers\ngoals: [{id: g, title: G}]\nroles: [{id: r, title: R, team: it, person: P}]\nkpis:\n  - {id: k, name: K, goal: g, owner: r, " + tt.kpi + "}\n---\n"
			files, errText := buildFiles(t, map[string]string{"content/a.md": src})
			if errText != tt.want {
				t.Fatalf("got  %s\nwant %s", errText, tt.want)
			}
			// NaN, infinities, and numbers in exponent form (1e+15), which
			// only JSON may hold.
			text := regexp.MustCompile(`\bNaN\b|\bInf\b|[^\w.]\d+(\.\d+)?[eE][+-]?\d+\b`)
			jsonText := regexp.MustCompile(`\bNaN\b|\bInf\b`)
			for name, data := range files {
				if strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".css") {
					continue
				}
				bad := text
				if strings.HasSuffix(name, ".json") {
					bad = jsonText
				}
				if loc := bad.FindIndex(data); loc != nil {
					t.Errorf("%s holds %s: …%s…", name, data[loc[0]:loc[1]], data[max(0, loc[0]-60):min(len(data), loc[1]+20)])
				}
			}
			if bytes.Contains(files["k/index.html"], []byte(">-0<")) || bytes.Contains(files["kpis.csv"], []byte(",-0,")) {
				t.Error("-0 is shown")
			}
			if tt.want == "" {
				var doc any
				if err := json.Unmarshal(files["playbook.json"], &doc); err != nil {
					t.Errorf("playbook.json: %v", err)
				}
			}
		})
	}
}

// TestNamesOfAnyScript: tags, teams, people and KPIs named in any script get
// working links and anchors that are unique on their page; Latin letters
// are still folded (Zoë and Zoe are one tag), but two people never share
// an anchor.
func TestNamesOfAnyScript(t *testing.T) {
	brief := `---
title: 市场计划
tags: [营销, CMS, cms, Zoë, Zoe, "🚀"]
goals: [{id: g, title: G}]
roles:
  - {id: a, title: A, team: 市场, person: 李雷, responsibilities: [x]}
  - {id: b, title: B, team: it, person: 韩梅梅, reports_to: a, responsibilities: [x]}
  - {id: c, title: C, team: it, person: Zoë, reports_to: a, responsibilities: [x]}
  - {id: d, title: D, team: it, person: Zoe, reports_to: a, responsibilities: [x]}
kpis:
  - {id: a.b, name: Dots, goal: g, owner: a, baseline: 0, target: 10, history: [{date: 2026-01-01, value: 1}, {date: 2026-02-01, value: 2}]}
  - {id: a-b, name: Dashes, goal: g, owner: a, baseline: 0, target: 10, history: [{date: 2026-01-01, value: 1}, {date: 2026-02-01, value: 3}]}
  - {id: A_B, name: Under, goal: g, owner: a, baseline: 0, target: 10, history: [{date: 2026-01-01, value: 1}, {date: 2026-02-01, value: 4}]}
---
正文。
`
	files, errText := buildFiles(t, map[string]string{"content/营销/市场计划.md": brief})
	if errText != "" {
		t.Fatal(errText)
	}
	for _, name := range []string{"营销/市场计划/index.html", "tags/营销/index.html", "teams/市场/index.html", "tags/zoe/index.html", "tags/cms/index.html", "tags/u+1f680/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s was not written", name)
		}
	}
	href := regexp.MustCompile(`href="([^"]*)"`)
	id := regexp.MustCompile(` id="([^"]*)"`)
	ids := map[string]map[string]bool{} // page → its ids
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		ids[name] = map[string]bool{}
		for _, m := range id.FindAllSubmatch(data, -1) {
			if ids[name][string(m[1])] {
				t.Errorf("%s: id %q is given twice", name, m[1])
			}
			ids[name][string(m[1])] = true
		}
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range href.FindAllSubmatch(data, -1) {
			link := html.UnescapeString(string(m[1]))
			if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
				continue
			}
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad link %q", name, link)
				continue
			}
			target := strings.TrimPrefix(u.Path, "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s links to %s: no such file %s", name, link, target)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
				t.Errorf("%s links to %s: %s has no id %q", name, link, target, u.Fragment)
			}
		}
	}
	people := string(files["people/index.html"])
	for _, want := range []string{`id="person-李雷"`, `id="person-韩梅梅"`, `id="person-zoe"`, `id="person-zoe-2"`} {
		if !strings.Contains(people, want) {
			t.Errorf("/people/ lacks %s", want)
		}
	}
}

// TestTenThousandRoles: a brief of 10,000 roles, and no alias, builds.
func TestTenThousandRoles(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Big team\ngoals: [{id: g, title: Grow}]\nroles:\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "  - id: r%d\n    title: Role %d\n    team: it\n    person: Person %d\n    responsibilities: [Task %d]\n", i, i, i, i)
		if i > 0 {
			fmt.Fprintf(&b, "    reports_to: r%d\n", (i-1)/10)
		}
	}
	b.WriteString("kpis:\n  - {id: k, name: K, goal: g, owner: r0, baseline: 0, target: 1}\n---\nBody.\n")
	files, errText := buildFiles(t, map[string]string{"content/big.md": b.String()})
	if errText != "" {
		t.Fatal(errText)
	}
	if !bytes.Contains(files["big/index.html"], []byte("Person 9999")) {
		t.Error("the last role is not on the page")
	}
}

// TestCurrentFromHistory: a KPI with history and no current shows its last
// measurement as its value everywhere: the brief's card, /kpis/,
// playbook.json and kpis.csv.
func TestCurrentFromHistory(t *testing.T) {
	src := "---\ntitle: H\ngoals: [{id: g, title: G}]\nroles: [{id: r, title: R, team: it, person: P, responsibilities: [x]}]\n" +
		"kpis:\n  - {id: k, name: K, goal: g, owner: r, unit: leads, baseline: 100, target: 200, history: [{date: 2026-01-01, value: 120}, {date: 2026-02-01, value: 137}]}\n---\n"
	files, errText := buildFiles(t, map[string]string{"content/h.md": src})
	if errText != "" {
		t.Fatal(errText)
	}
	if !regexp.MustCompile(`<dt>Now</dt><dd>137 leads</dd>`).Match(files["h/index.html"]) {
		t.Error(`the brief's KPI card does not say "Now 137 leads"`)
	}
	if !bytes.Contains(files["kpis/index.html"], []byte(">137 leads<")) {
		t.Error("/kpis/ does not show 137 leads")
	}
	if !bytes.Contains(files["playbook.json"], []byte(`"current":137`)) {
		t.Error("playbook.json's current is not 137")
	}
	if !bytes.Contains(files["kpis.csv"], []byte(",100,200,137,")) {
		t.Error("kpis.csv's current is not 137")
	}
}

// TestTagsAsWritten: tags are shown as their writer wrote them, not as
// their URL form capitalised.
func TestTagsAsWritten(t *testing.T) {
	files, errText := buildFiles(t, map[string]string{
		"content/a.md": "---\ntitle: A\ntags: [CMS, SEO, product-pages]\ngoals: [{id: g, title: G}]\n---\n",
		"content/b.md": "---\ntitle: B\ntags: [cms]\ngoals: [{id: g, title: G}]\n---\n",
	})
	if errText != "" {
		t.Fatal(errText)
	}
	for _, want := range []string{">CMS<", ">SEO<", ">product-pages<"} {
		if !bytes.Contains(files["tags/index.html"], []byte(want)) {
			t.Errorf("/tags/ lacks %s", want)
		}
	}
	if !bytes.Contains(files["tags/cms/index.html"], []byte("<h1>CMS</h1>")) {
		t.Error("the page of the tag CMS is not titled CMS")
	}
	if bytes.Contains(files["tags/index.html"], []byte(">Cms<")) || bytes.Contains(files["tags/index.html"], []byte(">Seo<")) {
		t.Error("a tag is shown capitalised from its URL form")
	}
}

// TestKPIStates: a proposed brief's KPIs have not started, a paused one's
// are paused, a done one's are met or missed; the brief's page, its card
// and /kpis/ say so in the same words, and none counts as off track.
func TestKPIStates(t *testing.T) {
	brief := func(title, status, kpis string) string {
		return "---\ntitle: " + title + "\nstatus: " + status + "\ngoals: [{id: g, title: G}]\nroles: [{id: r, title: R, team: it, person: P, responsibilities: [x]}]\nkpis:\n" + kpis + "---\n"
	}
	low := "  - {id: a, name: Alpha, goal: g, owner: r, baseline: 0, target: 10, current: 0}\n"
	met := "  - {id: b, name: Beta, goal: g, owner: r, baseline: 0, target: 10, current: 10}\n"
	files, errText := buildFiles(t, map[string]string{
		"content/proposed.md": brief("Proposed", "proposed", low+low[:0]+strings.Replace(low, "id: a, name: Alpha", "id: c, name: Gamma", 1)),
		"content/paused.md":   brief("Paused", "paused", low),
		"content/done.md":     brief("Done", "done", low+met),
		"content/active.md":   brief("Active", "active", low+met),
	})
	if errText != "" {
		t.Fatal(errText)
	}
	for page, want := range map[string][]string{
		"proposed/index.html": {`<span class="chip state-not-started">Not started</span>`},
		"paused/index.html":   {`<span class="chip state-paused">Paused</span>`},
		"done/index.html":     {`<span class="chip state-missed">Missed</span>`, `<span class="chip state-met">Target met</span>`},
		"active/index.html":   {`<span class="chip state-off-track">Off track</span>`, `<span class="chip state-met">Target met</span>`},
		"index.html": {
			"<strong>2</strong> KPIs, not started", "<strong>1</strong> KPI, paused", "<strong>1 of 2</strong> KPIs met", "<strong>1 of 2</strong> KPIs on track",
			`<span class="kpi-mini-state">Not started</span>`, `<span class="kpi-mini-state">Paused</span>`, `<span class="kpi-mini-state">Missed</span>`, `<span class="kpi-mini-state">Off track</span>`,
		},
		"kpis/index.html": {`<span class="chip state-not-started">Not started</span>`, `<span class="chip state-paused">Paused</span>`, `<span class="chip state-missed">Missed</span>`},
	} {
		for _, w := range want {
			if !bytes.Contains(files[page], []byte(w)) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}
	for _, page := range []string{"proposed/index.html", "paused/index.html", "done/index.html"} {
		if bytes.Contains(files[page], []byte("Off track")) {
			t.Errorf("%s says Off track", page)
		}
	}
	if bytes.Contains(files["index.html"], []byte("0 of 2</strong> KPIs on track")) {
		t.Error("the proposed brief's card counts its KPIs as not on track")
	}
}

// TestStatusIndexColours: /status/ shows each status as the chip of its
// colour, as brief pages and cards do.
func TestStatusIndexColours(t *testing.T) {
	files, errText := buildFiles(t, map[string]string{
		"content/a.md": "---\ntitle: A\nstatus: active\ngoals: [{id: g, title: G}]\n---\n",
		"content/b.md": "---\ntitle: B\nstatus: paused\ngoals: [{id: g, title: G}]\n---\n",
	})
	if errText != "" {
		t.Fatal(errText)
	}
	for _, want := range []string{`class="chip status status-active">Active<`, `class="chip status status-paused">Paused<`} {
		if !bytes.Contains(files["status/index.html"], []byte(want)) {
			t.Errorf("/status/ lacks %s", want)
		}
	}
}
