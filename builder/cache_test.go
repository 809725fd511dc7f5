package builder

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	cache := NewCache()
	opts := Options{Today: today, BaseURL: "http://127.0.0.1:1313/"}
	edit := func(rel, old, new string) {
		p := filepath.Join(root, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
		now := time.Now().Add(time.Second)
		os.Chtimes(p, now, now)
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"no change", func() {}},
		{"brief title", func() { edit("content/cms-migration.md", "title: Headless CMS migration", "title: Headless CMS move") }},
		{"KPI value", func() { edit("content/web/seo-refresh.md", "current: ", "current: 1") }},
		{"body text", func() { edit("content/digital-studio.md", "\n## ", "\nA new line of text.\n\n## ") }},
		{"status", func() { edit("content/product-reviews.md", "status: paused", "status: active") }},
		{"new brief", func() {
			os.WriteFile(filepath.Join(root, "content", "new.md"), []byte("---\ntitle: New one\nsummary: A brand new brief for the test run.\ntags: [fresh]\ngoals: [{id: g, title: G}]\n---\nSee [CMS](cms-migration.md).\n"), 0o644)
		}},
		{"deleted brief", func() { os.Remove(filepath.Join(root, "content", "new.md")) }},
		{"layout override", func() {
			os.MkdirAll(filepath.Join(root, "layouts", "partials"), 0o755)
			os.WriteFile(filepath.Join(root, "layouts", "partials", "card.html"), []byte(`<p class="c">{{.Title}}</p>`), 0o644)
		}},
		{"a layout that lists every brief", func() {
			os.WriteFile(filepath.Join(root, "layouts", "page.html"), []byte(`{{define "main"}}<ul>{{range .Site.Briefs}}<li>{{.Title}}</li>{{end}}</ul>{{end}}`), 0o644)
		}},
		{"a brief that layout lists", func() { edit("content/cms-migration.md", "title: Headless CMS move", "title: Headless CMS switch") }},
		{"theme override", func() {
			os.MkdirAll(filepath.Join(root, "theme"), 0o755)
			os.WriteFile(filepath.Join(root, "theme", "style.css"), []byte("body{color:red}"), 0o644)
		}},
	}
	for _, st := range steps {
		st.do()
		cached := NewMemOutput()
		o := opts
		o.Cache = cache
		if _, err := Build(os.DirFS(root), cached, o); err != nil {
			t.Fatalf("%s: cached build: %v", st.name, err)
		}
		fresh := NewMemOutput()
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
		if len(diff) > 0 {
			t.Errorf("%s: cached build differs in %s", st.name, strings.Join(diff, ", "))
		}
	}
}
