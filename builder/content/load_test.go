package content

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// brief is a valid brief used as the base of many cases.
const brief = `---
title: CMS migration
summary: Move the site.
status: active
approach: partnership
sponsor: cmo
date: 2026-03-02
goals:
  - id: leads
    title: Grow leads
roles:
  - id: cmo
    title: CMO
    team: marketing
    responsibilities: [Owns leads]
  - id: web
    title: Web lead
    team: it
    reports_to: cmo
    responsibilities: [Hosting]
kpis:
  - id: mql
    name: MQLs
    goal: leads
    owner: cmo
    baseline: 100
    target: 200
---
Body.
`

func load(t *testing.T, files map[string]string) (*Site, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return Load(fsys, Options{})
}

// TestErrors checks the exact message and position of every error kind.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unparsable YAML", map[string]string{"content/a.md": "---\ntitle: [unclosed\ngoals: []\n---\n"},
			[]string{"content/a.md:2:1: invalid YAML: did not find expected ',' or ']'"}},
		{"unclosed YAML", map[string]string{"content/a.md": "---\ntitle: A\n\nBody\n"},
			[]string{"content/a.md:1:1: the front matter opened here is never closed: did you forget the closing `---`?"}},
		{"unclosed TOML", map[string]string{"content/a.md": "\n+++\ntitle = 'A'\n"},
			[]string{"content/a.md:2:1: the front matter opened here is never closed: did you forget the closing `+++`?"}},
		{"unknown key with suggestion", map[string]string{"content/a.md": strings.Replace(brief, "summary:", "sumary:", 1)},
			[]string{`content/a.md:3:1: unknown key "sumary" in the front matter; did you mean "summary"?`}},
		{"unknown key in a role", map[string]string{"content/a.md": strings.Replace(brief, "    reports_to: cmo", "    report_to: cmo", 1)},
			[]string{`content/a.md:19:5: unknown key "report_to" in role 2; did you mean "reports_to"?`}},
		{"wrong type: number for a list", map[string]string{"content/a.md": strings.Replace(brief, "responsibilities: [Hosting]", "responsibilities: 3", 1)},
			[]string{"content/a.md:20:23: responsibilities must be a list, like [first, second] or one `- item` per line, not the number 3"}},
		{"wrong type: text for a number", map[string]string{"content/a.md": strings.Replace(brief, "baseline: 100", "baseline: 100 leads", 1)},
			[]string{`content/a.md:26:15: baseline must be a number, not the text "100 leads"; write the number alone (put the unit in ` + "`unit`" + `)`}},
		{"bad date", map[string]string{"content/a.md": strings.Replace(brief, "date: 2026-03-02", "date: 03/02/2026", 1)},
			[]string{"content/a.md:7:7: date must be a date written YYYY-MM-DD (like 2026-03-02), not the text \"03/02/2026\""}},
		{"unknown status", map[string]string{"content/a.md": strings.Replace(brief, "status: active", "status: activ", 1)},
			[]string{`content/a.md:4:9: unknown status "activ"; did you mean "active"? (one of proposed, active, paused, done)`}},
		{"unknown approach", map[string]string{"content/a.md": strings.Replace(brief, "approach: partnership", "approach: joint", 1)},
			[]string{`content/a.md:5:11: unknown approach "joint": use one of marketing-led, it-led, partnership, amalgamated, vendor`}},
		{"duplicate ids", map[string]string{"content/a.md": strings.Replace(brief, "  - id: web", "  - id: cmo", 1)},
			[]string{`content/a.md:16:9: duplicate role id "cmo": ids must be unique within a brief`}},
		{"goal names nothing", map[string]string{"content/a.md": strings.Replace(brief, "goal: leads", "goal: lead", 1)},
			[]string{`content/a.md:24:11: goal "lead" names no goal of this brief; did you mean "leads"?`}},
		{"owner names nothing", map[string]string{"content/a.md": strings.Replace(brief, "owner: cmo", "owner: ceo", 1)},
			[]string{`content/a.md:25:12: owner "ceo" names no role of this brief; did you mean "cmo"?`}},
		{"sponsor names nothing", map[string]string{"content/a.md": strings.Replace(brief, "sponsor: cmo", "sponsor: board", 1)},
			[]string{`content/a.md:6:10: sponsor "board" names no role of this brief (its roles: cmo, web)`}},
		{"reports_to names nothing", map[string]string{"content/a.md": strings.Replace(brief, "reports_to: cmo", "reports_to: cfo", 1)},
			[]string{`content/a.md:19:17: reports_to "cfo" names no role of this brief; did you mean "cmo"?`}},
		{"reporting cycle", map[string]string{"content/a.md": strings.Replace(brief, "    team: marketing\n", "    team: marketing\n    reports_to: web\n", 1)},
			[]string{"content/a.md:15:17: reporting lines go round in a circle: cmo → web → cmo; someone must be at the top, with no reports_to"}},
		{"a file where a page is written", map[string]string{"content/foo.md": "# Foo", "content/foo/index.html": "<p>Foo</p>"},
			[]string{"content/foo/index.html:1:1: content/foo.md and content/foo/index.html both map to /foo/index.html: rename one of them"}},
		{"slug collision", map[string]string{"content/Foo.md": "# Foo", "content/föo.md": "# föo"},
			[]string{"content/föo.md:1:1: content/Foo.md and content/föo.md both map to /foo/: rename one of them"}},
		{"reserved URL", map[string]string{"content/kpis.md": "# KPIs"},
			[]string{"content/kpis.md:1:1: the URL /kpis/ is taken by the page playbook makes for /kpis/: rename the file or its folder"}},
		{"tabs in YAML", map[string]string{"content/a.md": "---\ntitle: A\ngoals:\n\t- id: x\n---\n"},
			[]string{"content/a.md:4:1: a tab indents this line, and YAML allows only spaces: indent it with 2 spaces"}},
		{"every tab line at once", map[string]string{"content/a.md": "---\ntitle: Tabs\ngoals:\n\t- id: g\n\t\ttitle: G\nroles:\n\t- id: r\n\t  title: R\n---\n"},
			[]string{
				"content/a.md:4:1: a tab indents this line, and YAML allows only spaces: indent it with 2 spaces",
				"content/a.md:5:1: a tab indents this line, and YAML allows only spaces: indent it with 4 spaces",
				"content/a.md:7:1: a tab indents this line, and YAML allows only spaces: indent it with 2 spaces",
				"content/a.md:8:1: a tab indents this line, and YAML allows only spaces: indent it with 4 spaces",
			}},
		{"TOML syntax error", map[string]string{"content/a.md": "+++\ntitle = 'A'\nstatus = \n+++\n"},
			[]string{"content/a.md:3:10: invalid TOML: expected value but found '\\n' instead"}},
		{"JSON syntax error", map[string]string{"content/a.md": "{\n  \"title\": \"A\",\n  \"status\" \"active\"\n}\n\nBody\n"},
			[]string{"content/a.md:3:12: invalid JSON: invalid character '\"' after object key"}},
		{"missing title", map[string]string{"content/a.md": "---\ngoals: []\n---\n"},
			[]string{"content/a.md:1:1: a brief needs a title: add `title: …` to its front matter"}},
		{"binary file", map[string]string{"content/a.md": "\x89PNG\r\n\x00\x00"},
			[]string{"content/a.md:2:1: this looks like a binary file, not Markdown text (it contains a NUL byte)"}},
		{"invalid UTF-8", map[string]string{"content/a.md": "---\ntitle: caf\xe9\n---\n"},
			[]string{"content/a.md:2:11: the file is not valid UTF-8 text; save it as UTF-8"}},
		{"alias bomb", map[string]string{"content/a.md": "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n"},
			[]string{"content/a.md:6:1: the front matter's aliases (*name) expand to more than 100,000 values, the most playbook reads: write the values out instead"}},
		{"nested too deep", map[string]string{"content/a.md": "---\na: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n---\n"},
			[]string{"content/a.md:2:68: the front matter is nested more than 64 levels deep, the most playbook reads: write it flatter"}},
		{"nested too deep, JSON", map[string]string{"content/a.md": "{\n\"a\": " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n}\n"},
			[]string{"content/a.md:2:70: the front matter is nested more than 64 levels deep, the most playbook reads: write it flatter"}},
		{"several errors in one run", map[string]string{
			"content/a.md": strings.Replace(brief, "status: active", "status: activ", 1),
			"content/b.md": "---\ntitle: B\nkpis: 3\n---\n",
		}, []string{
			`content/a.md:4:9: unknown status "activ"; did you mean "active"? (one of proposed, active, paused, done)`,
			"content/b.md:3:7: kpis must be a list (one `- id: …` entry per item), not the number 3",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.files)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load: got %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestFormats checks that the same brief in YAML, TOML and JSON (two ways)
// loads alike.
func TestFormats(t *testing.T) {
	yaml := "---\ntitle: A\nstatus: active\ndate: 2026-01-02\ntags: [x, y]\nsponsor: r\ngoals:\n  - {id: g, title: G}\nroles:\n  - {id: r, title: R, team: it, responsibilities: [Do]}\nkpis:\n  - id: k\n    name: K\n    goal: g\n    owner: r\n    baseline: 1\n    target: 2.5\n    history:\n      - {date: 2026-01-01, value: 1}\n---\nBody\n"
	toml := "+++\ntitle = \"A\"\nstatus = \"active\"\ndate = 2026-01-02\ntags = [\"x\", \"y\"]\nsponsor = \"r\"\n\n[[goals]]\nid = \"g\"\ntitle = \"G\"\n\n[[roles]]\nid = \"r\"\ntitle = \"R\"\nteam = \"it\"\nresponsibilities = [\"Do\"]\n\n[[kpis]]\nid = \"k\"\nname = \"K\"\ngoal = \"g\"\nowner = \"r\"\nbaseline = 1\ntarget = 2.5\nhistory = [{date = 2026-01-01, value = 1}]\n+++\nBody\n"
	json := "{\n\"title\": \"A\", \"status\": \"active\", \"date\": \"2026-01-02\", \"tags\": [\"x\", \"y\"], \"sponsor\": \"r\",\n\"goals\": [{\"id\": \"g\", \"title\": \"G\"}],\n\"roles\": [{\"id\": \"r\", \"title\": \"R\", \"team\": \"it\", \"responsibilities\": [\"Do\"]}],\n\"kpis\": [{\"id\": \"k\", \"name\": \"K\", \"goal\": \"g\", \"owner\": \"r\", \"baseline\": 1, \"target\": 2.5, \"history\": [{\"date\": \"2026-01-01\", \"value\": 1}]}]\n}\n\nBody\n"
	// As Hugo writes it: indented, nested objects closed on lines of their
	// own, the body right after the closing brace.
	hugo := "{\n  \"date\": \"2026-01-02\",\n  \"goals\": [\n    {\n      \"id\": \"g\",\n      \"title\": \"G\"\n    }\n  ],\n  \"kpis\": [\n    {\n      \"baseline\": 1,\n      \"goal\": \"g\",\n      \"history\": [\n        {\n          \"date\": \"2026-01-01\",\n          \"value\": 1\n        }\n      ],\n      \"id\": \"k\",\n      \"name\": \"K\",\n      \"owner\": \"r\",\n      \"target\": 2.5\n    }\n  ],\n  \"roles\": [\n    {\n      \"id\": \"r\",\n      \"responsibilities\": [\n        \"Do\"\n      ],\n      \"team\": \"it\",\n      \"title\": \"R\"\n    }\n  ],\n  \"sponsor\": \"r\",\n  \"status\": \"active\",\n  \"tags\": [\n    \"x\",\n    \"y\"\n  ],\n  \"title\": \"A\"\n}\nBody\n"
	var summaries []string
	for _, src := range []string{yaml, toml, json, hugo} {
		site, err := load(t, map[string]string{"content/a.md": src})
		if err != nil {
			t.Fatalf("Load: %v\n%s", err, src)
		}
		p := site.Briefs[0]
		b := p.Brief
		k := b.KPIs[0]
		s := strings.Join([]string{p.Title, b.Status, p.Date.Format("2006-01-02"), strings.Join(b.Tags, ","), b.Sponsor.ID,
			b.Goals[0].Title, b.Roles[0].Team, k.Goal.ID, k.Owner.ID, ftoa(*k.Baseline), ftoa(*k.Target),
			k.History[0].Date.Format("2006-01-02"), ftoa(k.History[0].Value), strings.TrimSpace(string(p.Body))}, "|")
		summaries = append(summaries, s)
	}
	if summaries[0] != summaries[1] || summaries[0] != summaries[2] || summaries[0] != summaries[3] {
		t.Errorf("formats differ:\nYAML %s\nTOML %s\nJSON %s\nHugo's JSON %s", summaries[0], summaries[1], summaries[2], summaries[3])
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// TestPositionsTOML checks that TOML errors point at the key's line.
func TestPositionsTOML(t *testing.T) {
	src := "+++\ntitle = \"A\"\n\n[[roles]]\nid = \"r\"\nteam = \"it\"\n\n[[kpis]]\nid = \"k\"\nname = \"K\"\nowner = \"nobody\"\n+++\n"
	_, err := load(t, map[string]string{"content/a.md": src})
	want := `content/a.md:11:1: owner "nobody" names no role of this brief (its roles: r)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestSlugPath(t *testing.T) {
	tests := map[string]string{
		"Web/SEO Refresh.md":        "/web/seo-refresh/",
		"_index.md":                 "/",
		"web/_index.md":             "/web/",
		"web/seo/index.md":          "/web/seo/",
		"Ärger über Öl.md":          "/arger-uber-ol/",
		"straße.md":                 "/strasse/",
		"C++ & Go -- plan!.md":      "/c-go-plan/",
		"q3 #1 launch?.md":          "/q3-1-launch/",
		"  spaced  .md":             "/spaced/",
		"日本.md":                     "/%E6%97%A5%E6%9C%AC/",
		"营销/市场 计划.md":               "/%E8%90%A5%E9%94%80/%E5%B8%82%E5%9C%BA-%E8%AE%A1%E5%88%92/",
		"🚀.md":                      "",
		"Crème brûlée/Ørsted.md":    "/creme-brulee/orsted/",
		"2026-03 Roadmap (v2).md":   "/2026-03-roadmap-v2/",
		"under_score and-dash.md":   "/under-score-and-dash/",
		"MiXeD/CaSe/File.Name.md":   "/mixed/case/file-name/",
		"a/b/c/d.md":                "/a/b/c/d/",
		"émoji 🚀 launch.md":         "/emoji-launch/",
		"UPPER.MD":                  "/upper/",
		"web/diagram notes.md":      "/web/diagram-notes/",
		"ﬁnance.md":                 "/finance/",
		"Łódź office.md":            "/lodz-office/",
		"Æsir & Ðóttir.md":          "/aesir-dottir/",
		"-leading-and-trailing-.md": "/leading-and-trailing/",
	}
	for in, want := range tests {
		if got := SlugPath(in); got != want {
			t.Errorf("SlugPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSectionsAndDrafts(t *testing.T) {
	files := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: Site\npage_size: 10\n---\nHello")},
		"content/web/seo.md":         {Data: []byte("---\ntitle: SEO\n---\n")},
		"content/web/deep/thing.md":  {Data: []byte("---\ntitle: Thing\n---\n")},
		"content/web/diagram.png":    {Data: []byte("png")},
		"content/draft.md":           {Data: []byte("---\ntitle: D\ndraft: true\n---\n")},
		"content/.hidden.md":         {Data: []byte("not read")},
		"content/notes.md~":          {Data: []byte("backup")},
		"content/guide/_index.md":    {Data: []byte("---\ntitle: The guide\n---\n")},
		"content/guide/how.md":       {Data: []byte("# How")},
		"content/guide/.#how.md":     {Data: []byte("lock")},
		"content/guide/sub/index.md": {Data: []byte("---\ntitle: Bundle\n---\n")},
	}
	site, err := Load(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, p := range site.Pages {
		urls = append(urls, p.Kind.String()+" "+p.URL+" "+p.Title)
	}
	want := []string{"home / Site", "section /guide/ The guide", "page /guide/how/ How", "page /guide/sub/ Bundle", "section /web/ Web", "section /web/deep/ Deep", "page /web/deep/thing/ Thing", "page /web/seo/ SEO"}
	if strings.Join(urls, "\n") != strings.Join(want, "\n") {
		t.Errorf("pages:\n%s\nwant:\n%s", strings.Join(urls, "\n"), strings.Join(want, "\n"))
	}
	if site.PageSize != 10 || site.Title != "Site" {
		t.Errorf("settings: %+v", site)
	}
	if len(site.Files) != 1 || site.Files[0].URL != "/web/diagram.png" {
		t.Errorf("files: %+v", site.Files)
	}
	if site.Lookup("content/web/deep/thing.md").(*Page).Section.URL != "/web/deep/" {
		t.Error("thing.md is not in /web/deep/")
	}
	if !IsDraft(site.Lookup("content/draft.md")) {
		t.Error("draft not marked")
	}
	site, err = Load(files, Options{Drafts: true})
	if err != nil || site.Lookup("content/draft.md") == nil {
		t.Errorf("with Drafts the draft is missing: %v", err)
	}
}

func TestNoIndex(t *testing.T) {
	site, err := Load(fstest.MapFS{"content/x.md": {Data: []byte("Hello")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if site.Title != "Playbook" || site.Home.URL != "/" || len(site.Pages) != 2 {
		t.Errorf("site without _index.md: title %q, %d pages", site.Title, len(site.Pages))
	}
	if _, err := Load(fstest.MapFS{}, Options{}); err == nil || !strings.Contains(err.Error(), "no content/ folder") {
		t.Errorf("missing content/: %v", err)
	}
}

// failFS fails to read one file.
type failFS struct {
	fstest.MapFS
	bad string
}

func (f failFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("input/output error")}
	}
	return f.MapFS.Open(name)
}

func TestUnreadable(t *testing.T) {
	fsys := failFS{fstest.MapFS{"content/a.md": {Data: []byte("x")}, "content/b.md": {Data: []byte("y")}}, "content/b.md"}
	_, err := Load(fsys, Options{})
	want := "content/b.md:1:1: cannot read: input/output error"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestCRLFAndBOM(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: Windows\r\nstatus: active\r\ngoals:\r\n  - id: g\r\n    title: G\r\n---\r\nBody\r\n"
	site, err := load(t, map[string]string{"content/a.md": src})
	if err != nil {
		t.Fatal(err)
	}
	p := site.Briefs[0]
	if p.Title != "Windows" || p.Brief.Goals[0].Title != "G" || p.BodyLine != 8 {
		t.Errorf("got title %q goal %q body line %d", p.Title, p.Brief.Goals[0].Title, p.BodyLine)
	}
}

func TestDraftSection(t *testing.T) {
	files := fstest.MapFS{
		"content/sec/_index.md": {Data: []byte("---\ntitle: Sec\ndraft: true\n---\n")},
		"content/sec/a.md":      {Data: []byte("---\ntitle: A\n---\n")},
		"content/b.md":          {Data: []byte("---\ntitle: B\n---\n")},
	}
	site, err := Load(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range site.Pages {
		if strings.HasPrefix(p.URL, "/sec/") {
			t.Errorf("%s of a draft section is built", p.URL)
		}
	}
	site, err = Load(files, Options{Drafts: true})
	if err != nil || site.Lookup("content/sec/a.md") == nil {
		t.Errorf("with drafts: %v", err)
	}
}

// countingFS records the files opened and the folders listed. Load opens
// files from several goroutines, so the record is guarded.
type countingFS struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opened = append(c.opened, name)
	c.mu.Unlock()
	return c.FS.Open(name)
}

// TestChangedFiles checks that a load told which files changed reads only
// those, and that a change the last listing does not hold (a new or a
// removed file) has content/ listed again.
func TestChangedFiles(t *testing.T) {
	now := time.Now()
	m := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: Site\n---\n"), ModTime: now}}
	for i := range 20 {
		m["content/b"+strconv.Itoa(i)+".md"] = &fstest.MapFile{Data: []byte(brief + "Body " + strconv.Itoa(i) + "\n"), ModTime: now}
	}
	fsys := &countingFS{FS: m}
	cache := NewDocCache()
	load := func(changed ...string) *Site {
		t.Helper()
		fsys.opened = nil
		site, err := Load(fsys, Options{Cache: cache, Changed: changed})
		if err != nil {
			t.Fatal(err)
		}
		return site
	}
	body := func(s *Site, source string) string {
		if p, ok := s.Lookup(source).(*Page); ok {
			return string(p.Body)
		}
		return ""
	}
	load()
	if len(fsys.opened) < 21 {
		t.Fatalf("first load opened %d files and folders, want every one", len(fsys.opened))
	}

	m["content/b3.md"] = &fstest.MapFile{Data: []byte(brief + "New body\n"), ModTime: now.Add(time.Second)}
	s := load("content/b3.md", "layouts/brief.html")
	if got := body(s, "content/b3.md"); !strings.HasSuffix(got, "New body\n") {
		t.Errorf("the changed file's body is %q", got)
	}
	for _, name := range fsys.opened {
		if name != "content/b3.md" {
			t.Errorf("opened %s, which did not change", name)
		}
	}

	m["content/new.md"] = &fstest.MapFile{Data: []byte(brief), ModTime: now}
	if s := load("content/new.md"); s.Lookup("content/new.md") == nil {
		t.Error("a new file is not loaded")
	}
	delete(m, "content/b4.md")
	if s := load("content/b4.md"); s.Lookup("content/b4.md") != nil {
		t.Error("a removed file is still loaded")
	}
	if s := load(); !strings.HasSuffix(body(s, "content/b3.md"), "New body\n") || len(s.Briefs) != 20 {
		t.Errorf("a full load after: b3 %q, %d briefs", body(s, "content/b3.md"), len(s.Briefs))
	}
}

// TestLeaveBodies checks that a load that leaves bodies reads each again,
// the same bytes, and that a file changed since the load is an error.
func TestLeaveBodies(t *testing.T) {
	brief := "\ufeff---\r\ntitle: A\r\ngoals: [{id: g, title: Grow}]\r\n---\r\nThe *body*.\r\n"
	fsys := fstest.MapFS{
		"content/a.md":     {Data: []byte(brief)},
		"content/plain.md": {Data: []byte("No front matter.\n")},
	}
	kept, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	left, err := Load(fsys, Options{LeaveBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range left.Pages {
		want := kept.Pages[i].Body
		if p.Kind == BriefPage && p.Body != nil {
			t.Errorf("%s: body kept", p.Source)
		}
		got, err := p.ReadBody(fsys, nil)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: ReadBody = %q, %v; want %q", p.Source, got, err, want)
		}
	}
	fsys["content/a.md"].Data = []byte(brief + "More.\n")
	for _, p := range left.Pages {
		if p.Source != "content/a.md" {
			continue
		}
		_, err := p.ReadBody(fsys, nil)
		if err == nil || !strings.Contains(err.Error(), "content/a.md:1:1: the file changed while the site was being built") {
			t.Errorf("ReadBody of a changed file: %v", err)
		}
	}
}

// TestKeyPositions checks that every key front matter knows is recorded
// and found again with its place.
func TestKeyPositions(t *testing.T) {
	for _, keys := range [][]string{siteKeys, sectionKeys, pageKeys, briefKeys, goalKeys, roleKeys, kpiKeys, measureKeys, healthKeys} {
		var ps KeyPositions
		for i, k := range keys {
			ps = append(ps, keyPosition(k, Pos{Line: i + 2, Col: 5}))
		}
		for i, k := range keys {
			if p, ok := ps.Lookup(k); !ok || p != (Pos{Line: i + 2, Col: 5}) || ps[i].Key() != k {
				t.Errorf("key %q: Lookup gives %v, %v and Key %q", k, p, ok, ps[i].Key())
			}
		}
		if _, ok := ps.Lookup("nope"); ok {
			t.Errorf("Lookup found a key that is not there")
		}
	}
}

// TestSortReusing checks that sorting from the last load's order gives
// the order of a plain sort, whatever the pages' ranks say: pages edited
// (new, with or without their old ranks), moved by a new date, added and
// removed between loads.
func TestSortReusing(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rank := func(p *Page) *int { return &p.childRank }
	page := func(i int) *Page {
		return &Page{
			URL:    fmt.Sprintf("/p%d/", i),
			Title:  fmt.Sprintf("T%d", r.IntN(4)),
			Date:   time.Date(2026, 1, 1+r.IntN(5), 0, 0, 0, 0, time.UTC),
			Weight: r.IntN(2),
			Kind:   []Kind{BriefPage, SectionPage, PlainPage}[r.IntN(3)],
		}
	}
	for round := range 200 {
		var pages []*Page
		for i := range r.IntN(60) {
			pages = append(pages, page(i))
		}
		for load := range 5 {
			for i, p := range pages {
				switch r.IntN(10) {
				case 0: // edited: a new page, perhaps with a new date
					q := *p
					if r.IntN(2) == 0 {
						q.Date = q.Date.AddDate(0, 0, r.IntN(7)-3)
					}
					if r.IntN(2) == 0 {
						q.childRank = 0
					}
					pages[i] = &q
				case 1: // a stale rank
					p.childRank = r.IntN(len(pages) + 2)
				}
			}
			if r.IntN(3) == 0 {
				pages = append(pages, page(1000+round*10+load))
			}
			if len(pages) > 0 && r.IntN(3) == 0 {
				pages = slices.Delete(pages, 0, 1)
			}
			r.Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
			want := slices.Clone(pages)
			slices.SortFunc(want, comparePages)
			sortReusing(pages, rank, comparePages)
			if !slices.Equal(pages, want) {
				t.Fatalf("round %d, load %d: sortReusing differs from a plain sort", round, load)
			}
		}
	}
}

// TestTabAdvice: indenting each line a tab error names with the spaces it
// says gives front matter that loads.
func TestTabAdvice(t *testing.T) {
	src := "---\ntitle: Tabs\ngoals:\n\t- id: g\n\t\ttitle: G\nroles:\n\t- id: r\n\t  title: R\n\t  team: it\nkpis:\n  - id: k\n\t  name: K\n---\n"
	_, err := ParseDocument("content/a.md", []byte(src))
	list, ok := err.(ErrorList)
	if !ok || len(list) != 6 {
		t.Fatalf("got %v, want an error for each of the 6 tab lines", err)
	}
	lines := strings.Split(src, "\n")
	spaces := regexp.MustCompile(`indent it with (\d+) space`)
	for _, e := range list {
		n := 0
		if m := spaces.FindStringSubmatch(e.Msg); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		l := lines[e.Pos.Line-1]
		lines[e.Pos.Line-1] = strings.Repeat(" ", n) + strings.TrimLeft(l, " \t")
	}
	if _, err := ParseDocument("content/a.md", []byte(strings.Join(lines, "\n"))); err != nil {
		t.Errorf("after the advice: %v\n%s", err, strings.Join(lines, "\n"))
	}
}

// TestReferenceHints: a goal, owner, sponsor or reports_to that names no id
// gets a "did you mean" for a near miss, and, when it is a goal's or role's
// title (or a role's person), says to write the id.
func TestReferenceHints(t *testing.T) {
	head := "---\ntitle: A\ngoals: [{id: leads, title: Grow qualified leads}]\nroles:\n  - {id: cmo, title: Chief Marketing Officer, team: marketing, person: Dana Ruiz}\n  - {id: web-lead, title: Web lead, team: it, person: Sam Okafor, reports_to: %s}\n"
	tests := []struct{ extra, reportsTo, want string }{
		{"sponsor: Chief Marketing Officer\n", "cmo", `sponsor "Chief Marketing Officer" names no role of this brief (its roles: cmo, web-lead); "Chief Marketing Officer" names the role "cmo": write its id instead, ` + "`sponsor: cmo`"},
		{"kpis: [{id: k, name: K, goal: leads, owner: Dana Ruiz}]\n", "cmo", `owner "Dana Ruiz" names no role of this brief (its roles: cmo, web-lead); "Dana Ruiz" names the role "cmo": write its id instead, ` + "`owner: cmo`"},
		{"kpis: [{id: k, name: K, goal: Grow qualified leads, owner: cmo}]\n", "cmo", `goal "Grow qualified leads" names no goal of this brief (its goals: leads); "Grow qualified leads" names the goal "leads": write its id instead, ` + "`goal: leads`"},
		{"kpis: [{id: k, name: K, goal: lead, owner: cmo}]\n", "cmo", `goal "lead" names no goal of this brief; did you mean "leads"?`},
		{"", "cm0", `reports_to "cm0" names no role of this brief; did you mean "cmo"?`},
	}
	for _, tt := range tests {
		src := fmt.Sprintf(head, tt.reportsTo) + tt.extra + "---\n"
		_, err := Load(fstest.MapFS{"content/a.md": {Data: []byte(src)}}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v\nwant … %s", err, tt.want)
		}
	}
}

// TestTabAdviceEveryLine: in the example brief of a new site, each
// indented line of the front matter in turn is indented with one tab, or
// two, in place of its spaces; the spaces the error asks for give the
// front matter back.
func TestTabAdviceEveryLine(t *testing.T) {
	data, err := os.ReadFile("../../starter/site/content/website-redesign.md")
	if err != nil {
		t.Fatal(err)
	}
	src := regexp.MustCompile(`@date[-+][0-9]+@`).ReplaceAllString(string(data), "2026-11-02")
	lines := strings.Split(src, "\n")
	end := 1
	for end < len(lines) && lines[end] != "---" {
		end++
	}
	spaces := regexp.MustCompile(`indent it with (\d+) space`)
	above := 0 // the indentation of the line above
	for i := 1; i < end; i++ {
		l := lines[i]
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		wasAbove := above
		above = indent
		// A line that goes back out of a block is not told from one that
		// goes on at the level of the line above (see tabErrors).
		if indent == 0 || indent < wasAbove-2 || indent < wasAbove && !strings.HasPrefix(strings.TrimSpace(l), "- ") {
			continue
		}
		for _, tabs := range []string{"\t", "\t\t"} {
			broken := slices.Clone(lines)
			broken[i] = tabs + l[indent:]
			_, err := ParseDocument("content/a.md", []byte(strings.Join(broken, "\n")))
			list, ok := err.(ErrorList)
			if !ok || len(list) != 1 {
				t.Errorf("line %d with %q: got %v, want one tab error", i+1, tabs, err)
				continue
			}
			n := 0
			if m := spaces.FindStringSubmatch(list[0].Msg); m != nil {
				n, _ = strconv.Atoi(m[1])
			}
			if n != indent {
				t.Errorf("line %d %q with %q: the error asks for %d spaces, the line had %d", i+1, strings.TrimSpace(l), tabs, n, indent)
			}
		}
	}
}
