package builder

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
)

// TestStreamingBuild checks that a build with Options.Stream into an
// output.Dir (Markdown converted as pages render, search terms merged as
// they come, every card read back from the temporary file) writes the
// same bytes as a build into memory, which does not stream, and fails
// with the same errors.
func TestStreamingBuild(t *testing.T) {
	type site struct {
		src  fs.FS
		opts Options
	}
	sites := map[string]site{
		"corpus":  {corpus.Generate(120, 3), Options{Today: corpus.Reference}},
		"bundled": {os.DirFS(".."), Options{Today: today, BaseURL: "https://playbook.example.com/"}},
	}
	for _, c := range readCases(t) {
		sites[c.name] = site{c.src, c.opts}
	}
	sites["broken link"] = site{fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\ngoals: [{id: g, title: Grow}]\n---\nSee [b](b.md) and [gone](gone.md).\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\n---\nSee [nothing](nothing.md).\n")},
	}, Options{Today: today}}

	sites["BOM, CRLF, no front matter"] = site{fstest.MapFS{
		"content/bom.md":   {Data: []byte("\ufeff---\r\ntitle: Windows\r\ngoals: [{id: g, title: Grow}]\r\n---\r\nBody with *emphasis*\r\n\r\n- one\r\n- two\r\n")},
		"content/plain.md": {Data: []byte("# Just Markdown\n\nNo front matter at all.\n")},
		"content/empty.md": {Data: []byte("---\ntitle: Empty\ngoals: [{id: g, title: Grow}]\n---\n")},
	}, Options{Today: today}}

	brokenBrief := []byte("---\ntitle: A\ngoals: [{id: g, title: Grow}]\n---\nSee [gone](gone.md).\n")
	sites["broken links in a section, a brief and a page"] = site{fstest.MapFS{
		"content/web/_index.md": {Data: []byte("---\ntitle: Web\n---\nSee [lost](lost.md).\n")},
		"content/web/a.md":      {Data: brokenBrief},
		"content/about-us.md":   {Data: []byte("---\ntitle: About us\n---\nSee [nowhere](nowhere.md).\n")},
	}, Options{Today: today}}
	sites["a broken link and a layout that does not parse"] = site{fstest.MapFS{
		"content/a.md":     {Data: brokenBrief},
		"layouts/404.html": {Data: []byte(`{{define "main"}}{{if}}{{end}}`)},
	}, Options{Today: today}}
	sites["a broken link and a layout that fails"] = site{fstest.MapFS{
		"content/a.md":     {Data: brokenBrief},
		"layouts/404.html": {Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)},
	}, Options{Today: today}}

	bodySite := fstest.MapFS{
		"content/about.md":  {Data: []byte("---\ntitle: About\n---\nThe *raw* text.\n")},
		"layouts/page.html": {Data: []byte(`{{define "main"}}<pre>{{printf "%s" .Page.Body}}</pre>{{.Content}}{{end}}`)},
	}
	sites["a layout that reads .Page.Body"] = site{bodySite, Options{Today: today}}

	for name, s := range sites {
		t.Run(name, func(t *testing.T) {
			mem := new(output.Mem)
			_, memErr := Build(s.src, mem, s.opts)

			dest := filepath.Join(t.TempDir(), "public")
			dir, err := output.OpenDir(dest, nil)
			if err != nil {
				t.Fatal(err)
			}
			opts := s.opts
			opts.Stream = true
			opts.cardBudget = 1
			_, dirErr := Build(s.src, dir, opts)
			if (memErr == nil) != (dirErr == nil) || memErr != nil && memErr.Error() != dirErr.Error() {
				t.Fatalf("errors differ:\nin memory: %v\nstreamed:  %v", memErr, dirErr)
			}
			if dirErr != nil {
				dir.Abort()
				if _, err := os.Stat(dest); !os.IsNotExist(err) {
					t.Errorf("a failed build left %s: %v", dest, err)
				}
				return
			}
			if err := dir.Commit(); err != nil {
				t.Fatal(err)
			}
			want := mem.Files()
			got := map[string][]byte{}
			err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				rel, _ := filepath.Rel(dest, p)
				got[filepath.ToSlash(rel)] = data
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range want {
				if g, ok := got[name]; !ok {
					t.Errorf("%s: not written", name)
				} else if string(g) != string(data) {
					t.Errorf("%s: differs from the build in memory", name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s: written, but not by the build in memory", name)
				}
			}
			if name == "a layout that reads .Page.Body" && !strings.Contains(string(got["about/index.html"]), "The *raw* text.") {
				t.Errorf("about/index.html does not show the Markdown its layout reads:\n%s", got["about/index.html"])
			}
		})
	}
}
