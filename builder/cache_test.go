package builder

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
)

// copyTree copies the bundled site's content/ into a temp folder.
func copyContent(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	filepath.Walk("../content", func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel("..", p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, _ := os.ReadFile(p)
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	return root
}

// TestCacheMatchesFullBuild edits a site between cached builds and checks
// that every rebuild equals a fresh build, byte for byte.
func TestCacheMatchesFullBuild(t *testing.T) {
	root := copyContent(t)
	opts := Options{Today: today, BaseURL: "http://127.0.0.1:1313/"}
	edit := func(rel, old, new string) { editFile(t, filepath.Join(root, rel), old, new) }
	steps := []cacheStep{
		{"first build", func() {}, nil, false},
		{"no change", func() {}, nil, false},
		{"brief title", func() { edit("content/cms-migration.md", "title: Headless CMS migration", "title: Headless CMS move") }, nil, false},
		{"KPI value", func() { edit("content/web/seo-refresh.md", "current: ", "current: 1") }, nil, false},
		{"body text", func() { edit("content/digital-studio.md", "\n## ", "\nA new line of text.\n\n## ") }, nil, false},
		{"status", func() { edit("content/product-reviews.md", "status: paused", "status: active") }, nil, false},
		{"new brief", func() {
			os.WriteFile(filepath.Join(root, "content", "new.md"), []byte("---\ntitle: New one\nsummary: A brand new brief for the test run.\ntags: [fresh]\ngoals: [{id: g, title: G}]\n---\nSee [CMS](cms-migration.md).\n"), 0o644)
		}, nil, false},
		{"deleted brief", func() { os.Remove(filepath.Join(root, "content", "new.md")) }, nil, false},
		{"layout override", func() {
			os.MkdirAll(filepath.Join(root, "layouts", "partials"), 0o755)
			os.WriteFile(filepath.Join(root, "layouts", "partials", "card.html"), []byte(`<p class="c">{{.Title}}</p>`), 0o644)
		}, nil, false},
		{"a layout that lists every brief", func() {
			os.WriteFile(filepath.Join(root, "layouts", "page.html"), []byte(`{{define "main"}}<ul>{{range .Site.Briefs}}<li>{{.Title}}</li>{{end}}</ul>{{end}}`), 0o644)
		}, nil, false},
		{"a brief that layout lists", func() { edit("content/cms-migration.md", "title: Headless CMS move", "title: Headless CMS switch") }, nil, false},
		// The builds so far left the Markdown in its files; this layout
		// reads it, so every page must hold it again.
		{"a layout that shows the Markdown", func() {
			os.WriteFile(filepath.Join(root, "layouts", "page.html"), []byte(`{{define "main"}}<pre>{{printf "%s" .Page.Body}}</pre>{{end}}`), 0o644)
		}, nil, false},
		{"and lets it go again", func() { os.Remove(filepath.Join(root, "layouts", "page.html")) }, nil, false},
		{"theme override", func() {
			os.MkdirAll(filepath.Join(root, "theme"), 0o755)
			os.WriteFile(filepath.Join(root, "theme", "style.css"), []byte("body{color:red}"), 0o644)
		}, nil, false},
	}
	checkCacheSteps(t, root, opts, steps)
}

// cacheStep is a change to a site between two builds.
type cacheStep struct {
	name    string
	do      func()
	changed []string // the files changed, as a watcher reports them; nil: not known
	fails   bool     // the build fails
}

// checkCacheSteps runs the steps in order and after each builds the site
// with cache and without, and checks the two outputs are the same. It
// returns the output of each cached build.
func checkCacheSteps(t *testing.T, root string, opts Options, steps []cacheStep) []map[string][]byte {
	t.Helper()
	cache := NewCache()
	var outs []map[string][]byte
	for _, st := range steps {
		st.do()
		cached := new(output.Mem)
		o := opts
		o.Cache = cache
		o.Changed = st.changed
		_, err := Build(os.DirFS(root), cached, o)
		if st.fails {
			if err == nil {
				t.Fatalf("%s: the cached build did not fail", st.name)
			}
			outs = append(outs, nil)
			continue
		}
		if err != nil {
			t.Fatalf("%s: cached build: %v", st.name, err)
		}
		fresh := new(output.Mem)
		if _, err := Build(os.DirFS(root), fresh, opts); err != nil {
			t.Fatalf("%s: fresh build: %v", st.name, err)
		}
		got, want := cached.Files(), fresh.Files()
		if len(got) != len(want) {
			t.Errorf("%s: %d files cached, %d fresh", st.name, len(got), len(want))
		}
		var diff []string
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				diff = append(diff, name)
			}
		}
		sort.Strings(diff)
		if len(diff) > 0 {
			t.Errorf("%s: cached build differs in %s", st.name, strings.Join(diff, ", "))
		}
		outs = append(outs, got)
	}
	return outs
}

// editFile replaces the first old in the file at p by new, and moves its
// modification time on.
func editFile(t *testing.T, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s lacks %q", p, old)
	}
	os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
	now := time.Now().Add(time.Second)
	os.Chtimes(p, now, now)
}

// TestCacheLargeSite edits a generated site of a few hundred briefs, whose
// search index has many shards, and checks every rebuild against a fresh
// build; an edit to one brief's text leaves most of the index's files as
// they were.
func TestCacheLargeSite(t *testing.T) {
	root := t.TempDir()
	if err := corpus.Write(root, 300, 7); err != nil {
		t.Fatal(err)
	}
	var briefs []string
	filepath.Walk(filepath.Join(root, "content"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && strings.HasSuffix(p, ".md") && fi.Name() != "_index.md" && strings.Count(p[len(root):], string(filepath.Separator)) >= 3 {
			briefs = append(briefs, p)
		}
		return nil
	})
	sort.Strings(briefs)
	if len(briefs) < 10 {
		t.Fatalf("only %d briefs in sections", len(briefs))
	}
	appendText := func(p, text string) func() {
		return func() {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, append(data, text...), 0o644)
			now := time.Now().Add(time.Second)
			os.Chtimes(p, now, now)
		}
	}
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	newBrief := filepath.Join(root, "content", "zz-new.md")
	var many []string
	for i := 0; i < len(briefs); i += 9 {
		many = append(many, briefs[i])
	}
	steps := []cacheStep{
		{"first build", func() {}, nil, false},
		{"a new word in one body", appendText(briefs[3], "\nZyzzogeton quixotry.\n"), []string{rel(briefs[3])}, false},
		{"the same word in another", appendText(briefs[7], "\nAnother zyzzogeton.\n"), []string{rel(briefs[7])}, false},
		{"the word taken out again", func() { editFile(t, briefs[3], "Zyzzogeton quixotry.", "Nothing more.") }, []string{rel(briefs[3])}, false},
		{"a title", func() { editFile(t, briefs[5], "title: ", "title: Renamed ") }, []string{rel(briefs[5])}, false},
		{"a summary", func() { editFile(t, briefs[6], "summary: ", "summary: Now ") }, []string{rel(briefs[6])}, false},
		// Edits that keep or change what /people/, the taxonomies and
		// /kpis/ are made of (the last build's are patched or made anew).
		{"a role's title", func() { editFile(t, briefs[6], "    title: ", "    title: Acting ") }, []string{rel(briefs[6])}, false},
		{"a role's person", func() { editFile(t, briefs[6], "    person: ", "    person: Dr ") }, []string{rel(briefs[6])}, false},
		{"a role's team", func() { editFile(t, briefs[4], "    team: ", "    team: shared-") }, []string{rel(briefs[4])}, false},
		{"a tag", func() { editFile(t, briefs[4], "tags: [", "tags: [zz-new-tag, ") }, []string{rel(briefs[4])}, false},
		{"the status", func() { editFile(t, briefs[9], "status: ", "status: paused\n# was: ") }, []string{rel(briefs[9])}, false},
		{"a KPI's target", func() { editFile(t, briefs[9], "    target: ", "    target: 1") }, []string{rel(briefs[9])}, false},
		{"a KPI's name", func() { editFile(t, briefs[9], "    name: ", "    name: A ") }, []string{rel(briefs[9])}, false},
		{"a new brief", appendText(newBrief, "---\ntitle: A new brief\nsummary: Fresh.\ngoals: [{id: g, title: Grow}]\n---\nWords words.\n"), []string{rel(newBrief)}, false},
		{"the new brief deleted", func() { os.Remove(newBrief) }, []string{rel(newBrief)}, false},
		{"many bodies", func() {
			for i, p := range many {
				appendText(p, fmt.Sprintf("\nEdit %d of many.\n", i))()
			}
		}, func() (r []string) {
			for _, p := range many {
				r = append(r, rel(p))
			}
			return r
		}(), false},
		{"an editor's backup file", appendText(briefs[2]+"~", "junk"), []string{rel(briefs[2]) + "~"}, false},
		{"a layout", func() {
			os.MkdirAll(filepath.Join(root, "layouts"), 0o755)
			os.WriteFile(filepath.Join(root, "layouts", "404.html"), []byte(`{{define "main"}}<p>Gone.</p>{{end}}`), 0o644)
		}, []string{"layouts/404.html"}, false},
		{"a layout that fails on one brief", func() {
			os.WriteFile(filepath.Join(root, "layouts", "brief.html"), []byte(`{{define "main"}}{{if eq .Title "A"}}{{.Nope}}{{end}}{{.Content}}{{end}}`), 0o644)
			editFile(t, briefs[1], "title: ", "title: A\n# ")
		}, []string{"layouts/brief.html", rel(briefs[1])}, true},
		{"that brief fixed, its body edited", func() {
			editFile(t, briefs[1], "title: A\n# ", "title: ")
			appendText(briefs[1], "\nMore text.\n")()
		}, []string{rel(briefs[1])}, false},
		{"another body", appendText(briefs[8], "\nAnd more.\n"), []string{rel(briefs[8])}, false},
	}
	opts := Options{Today: corpus.Reference}
	outs := checkCacheSteps(t, root, opts, steps)
	shards, same := 0, 0
	for name, data := range outs[1] {
		if strings.HasPrefix(name, "search/shard-") {
			shards++
			if bytes.Equal(outs[0][name], data) {
				same++
			}
		}
	}
	if shards < 4 {
		t.Fatalf("the index has %d shards; the test wants a site with more", shards)
	}
	if same < shards/2 {
		t.Errorf("a word added to one brief changed %d of %d index shards", shards-same, shards)
	}
	t.Logf("one new word: %d of %d shards unchanged", same, shards)
}

// TestCacheSiteLayouts: a site's own layout that reaches other briefs'
// fields every way the template language allows (a variable, with, range,
// a partial, a chain through the home page, a function) is rendered again
// when one of those fields changes: the cached build equals a fresh one.
func TestCacheSiteLayouts(t *testing.T) {
	// Each case is a site's own layouts; page.html renders /about/.
	cases := map[string]map[string]string{
		"variable":      {"page.html": `{{$s := .Site}}{{range $s.Briefs}}<i>{{.Title}}</i>{{end}}`},
		"with":          {"page.html": `{{with .Site}}{{range .Briefs}}<i>{{.Title}}</i>{{end}}{{end}}`},
		"partial":       {"page.html": `{{template "partials/titles.html" .Site}}`},
		"home children": {"page.html": `{{range .Site.Home.Children}}<i>{{.Title}}</i>{{end}}`},
		"pages var":     {"page.html": `{{$p := .Site.Pages}}{{range $p}}<i>{{.Title}}</i>{{end}}`},
		"section":       {"page.html": `{{with .Page}}{{with .Section}}{{range .Children}}<i>{{.Summary}}</i>{{end}}{{end}}{{end}}`},
		"function":      {"page.html": `{{range terms "tags"}}<i>{{.Name}} {{.Count}}</i>{{end}}`},
		"term briefs":   {"page.html": `{{range terms "tags"}}{{range .Briefs}}<i>{{.Title}}</i>{{end}}{{end}}`},
		"stats":         {"page.html": `{{with stats}}<i>{{.Briefs}} {{.Active}} {{.KPIs}}</i>{{end}}`},
		"lookup":        {"page.html": `{{with .Site.Lookup "content/a.md"}}<i>{{.Title}}</i>{{end}}`},
		"nav summary":   {"page.html": `{{range .Sections}}<i>{{.Summary}}</i>{{end}}`},
		"other body":    {"page.html": `{{range .Site.Briefs}}<i>{{printf "%s" .Body}}</i>{{end}}`},
		"body by var":   {"page.html": `{{$b := index .Site.Briefs 0}}<i>{{len $b.Body}}</i>`},
		"card siblings": {
			"page.html":          `{{range .Site.Briefs}}{{card .}}{{end}}`,
			"partials/card.html": `<i>{{.Title}}:{{with .Section}}{{range .Children}} {{.Title}}{{end}}{{end}}</i>`,
		},
		"card on list": {
			"section.html":       `{{define "main"}}{{range .List}}{{card .}}{{end}}{{end}}`,
			"partials/card.html": `<i>{{.Title}}:{{range .Section.Children}} {{.Summary}}{{end}}</i>`,
		},
		"list term":    {"list.html": `{{define "main"}}{{range .Term.Briefs}}<i>{{.Title}} {{.Section.Summary}}</i>{{end}}{{end}}`},
		"people roles": {"people.html": `{{define "main"}}{{range .People}}{{range .Roles}}<i>{{.Brief.Page.Title}}</i>{{end}}{{end}}{{end}}`},
		"person link":  {"page.html": `<i>{{personURL "Dana Ruiz"}}</i>{{range peopleIndex}}{{.URL}}{{end}}`},
		"attention":    {"page.html": `{{with attention}}{{range .Recent}}<i>{{.Page.Title}} {{.Note}}</i>{{end}}{{end}}`},
		"repeated":     {"page.html": `{{range .Site.Briefs}}{{if repeated .}}<i>{{.Title}}</i>{{end}}{{end}}`},
		"kpi owner":    {"kpis.html": `{{define "main"}}{{range .KPIs}}<i>{{.Page.Title}} {{.Page.Section.Summary}}</i>{{end}}{{end}}`},
	}
	for name, layouts := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{
				"content/a.md":                 "---\ntitle: Alpha\nsummary: First one here.\ntags: [x]\nroles: [{id: r, title: Lead, person: Dana Ruiz, team: marketing}]\ngoals: [{id: g, title: G}]\n---\nA.\n",
				"content/b.md":                 "---\ntitle: Beta\nsummary: Second one here.\ntags: [x]\ngoals: [{id: g, title: G}]\n---\nB.\n",
				"content/web/_index.md":        "---\ntitle: Web\nsummary: The web section.\n---\n",
				"content/web/c.md":             "---\ntitle: Gamma\nsummary: Third one here.\ntags: [x]\ngoals: [{id: g, title: G}]\n---\nC.\n",
				"content/web/d.md":             "---\ntitle: Delta\nsummary: Fourth one here.\ngoals: [{id: g, title: G}]\n---\nD.\n",
				"content/about.md":             "---\ntitle: About\n---\nText.\n",
				"layouts/partials/titles.html": `{{range .Briefs}}<i>{{.Title}}</i>{{end}}`,
			}
			for name, text := range layouts {
				if name == "page.html" {
					text = `{{define "main"}}` + text + `{{end}}`
				}
				files["layouts/"+name] = text
			}
			for p, data := range files {
				os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
				os.WriteFile(filepath.Join(root, p), []byte(data), 0o644)
			}
			a := filepath.Join(root, "content", "a.md")
			c := filepath.Join(root, "content", "web", "c.md")
			web := filepath.Join(root, "content", "web", "_index.md")
			checkCacheSteps(t, root, Options{Today: today}, []cacheStep{
				{"first build", func() {}, nil, false},
				{"a title", func() { editFile(t, a, "title: Alpha", "title: Alpha renamed") }, []string{"content/a.md"}, false},
				{"a summary", func() { editFile(t, a, "summary: First", "summary: Very first") }, []string{"content/a.md"}, false},
				{"a tag", func() { editFile(t, a, "tags: [x]", "tags: [x, y]") }, []string{"content/a.md"}, false},
				{"a body", func() { editFile(t, a, "\nA.\n", "\nA, longer now.\n") }, []string{"content/a.md"}, false},
				{"a status", func() { editFile(t, a, "title: Alpha", "status: done\ntitle: Alpha") }, []string{"content/a.md"}, false},
				{"c title", func() { editFile(t, c, "title: Gamma", "title: Gamma renamed") }, []string{"content/web/c.md"}, false},
				{"c summary", func() { editFile(t, c, "summary: Third", "summary: The third") }, []string{"content/web/c.md"}, false},
				{"web summary", func() { editFile(t, web, "summary: The web", "summary: All of the web") }, []string{"content/web/_index.md"}, false},
				{"a person", func() { editFile(t, a, "person: Dana Ruiz", "person: Ada Ruiz") }, []string{"content/a.md"}, false},
				{"c title as b's", func() { editFile(t, c, "title: Gamma renamed", "title: Beta") }, []string{"content/web/c.md"}, false},
			})
		})
	}
}

// TestCacheSharesPackedPages checks that the dev server holds one packed
// copy of a page: a rebuild with nothing changed hands its Mem the bytes
// the first build packed, and those unpack to the page a fresh build
// writes.
func TestCacheSharesPackedPages(t *testing.T) {
	root := copyContent(t)
	opts := Options{Today: today, BaseURL: "http://127.0.0.1:1313/", Cache: NewCache()}
	var first, second output.Mem
	if _, err := Build(os.DirFS(root), &first, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(os.DirFS(root), &second, opts); err != nil {
		t.Fatal(err)
	}
	a, _ := first.Parts()
	b, _ := second.Parts()
	const name = "cms-migration/index.html"
	pa, pb := a[name].Packed(), b[name].Packed()
	if len(pa) == 0 || len(pb) == 0 || &pa[0] != &pb[0] {
		t.Fatalf("%s: the rebuild's page is not the bytes the first build packed", name)
	}
	if len(pa) >= a[name].Len()/2 {
		t.Errorf("%s is held in %d bytes for %d: not packed", name, len(pa), a[name].Len())
	}
	fresh := new(output.Mem)
	if _, err := Build(os.DirFS(root), fresh, Options{Today: today, BaseURL: opts.BaseURL}); err != nil {
		t.Fatal(err)
	}
	if got, want := second.Files()[name], fresh.Files()[name]; !bytes.Equal(got, want) {
		t.Errorf("%s unpacks to %d bytes that differ from a fresh build's %d", name, len(got), len(want))
	}
}

// TestCacheWithStream checks that Options.Stream, which is for builds
// without a Cache, changes nothing in one with a Cache: its builds equal
// fresh streaming ones, search index included.
func TestCacheWithStream(t *testing.T) {
	root := copyContent(t)
	checkCacheSteps(t, root, Options{Today: today, Stream: true}, []cacheStep{
		{"first build", func() {}, nil, false},
		{"body text", func() {
			editFile(t, filepath.Join(root, "content", "digital-studio.md"), "\n## ", "\nA new line of text.\n\n## ")
		}, nil, false},
	})
}

// TestCacheKeepsLayouts checks that the dev server's Cache keeps the
// parsed layouts, with a copy for each core, through a build that fails
// on its content, and parses them again when a layout file changes.
func TestCacheKeepsLayouts(t *testing.T) {
	root := copyContent(t)
	cache := NewCache()
	opts := Options{Today: today, Cache: cache}
	build := func() error { _, err := Build(os.DirFS(root), new(output.Mem), opts); return err }
	if err := build(); err != nil {
		t.Fatal(err)
	}
	first := cache.lay
	if first == nil || cap(first.sets) != runtime.GOMAXPROCS(0) || len(first.sets) != cap(first.sets) {
		t.Fatalf("after a build the Cache holds %v, want the layouts with a copy for each of %d cores, all handed back", first, runtime.GOMAXPROCS(0))
	}
	brief := filepath.Join(root, "content", "product-reviews.md")
	editFile(t, brief, "status: paused", "status: soon")
	if err := build(); err == nil {
		t.Fatal("a brief with an unknown status built")
	}
	if cache.lay != first {
		t.Errorf("a build that failed on its content dropped the layouts")
	}
	editFile(t, brief, "status: soon", "status: paused")
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if cache.lay != first || first.ref.b != nil {
		t.Errorf("the rebuild did not take the same layouts back, or they still hold the build")
	}
	os.MkdirAll(filepath.Join(root, "layouts", "partials"), 0o755)
	os.WriteFile(filepath.Join(root, "layouts", "partials", "footer.html"), []byte(`<footer>own</footer>`), 0o644)
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if cache.lay == first {
		t.Errorf("a layout file changed and the old layouts were used")
	}
}
