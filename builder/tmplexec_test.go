package builder

import (
	"bytes"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
)

// TestTmplexec checks that pages executed by tmplexec are byte for byte
// those html/template makes, on the bundled site, a generated corpus and
// every test site, and that tmplexec leaves html/template no more than the
// first page of each layout and copy of the layouts.
func TestTmplexec(t *testing.T) {
	sites := everySite(t)
	// A layout with a script, whose escapers tmplexec leaves to
	// html/template: every page is html/template's.
	scripted := corpus.Generate(60, 1)
	footer, err := fs.ReadFile(os.DirFS("../layouts"), "partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	scripted["layouts/partials/footer.html"] = &fstest.MapFile{Data: append(footer, "<script>var title = {{.Title}};</script>\n"...)}
	sites = append(sites, testSite{"scripted", scripted, Options{Today: corpus.Reference}})
	for _, site := range sites {
		name := site.name
		t.Run(name, func(t *testing.T) {
			opts := site.opts
			quick := new(output.Mem)
			res, err := Build(site.src, quick, opts)
			if err != nil {
				t.Skipf("the site does not build: %v", err)
			}
			opts.HTMLTemplateOnly = true
			slow := new(output.Mem)
			if _, err := Build(site.src, slow, opts); err != nil {
				t.Fatal(err)
			}
			want := slow.Files()
			for file, data := range quick.Files() {
				if !bytes.Equal(data, want[file]) {
					t.Errorf("%s differs from html/template's:\n%s\nhtml/template:\n%s", file, data, want[file])
				}
			}
			if len(quick.Files()) != len(want) {
				t.Errorf("%d files, html/template %d", len(quick.Files()), len(want))
			}
			if name == "scripted" && res.Metrics.Slow < res.Pages {
				t.Errorf("html/template executed %d pages of %d", res.Metrics.Slow, res.Pages)
			}
			if name == "bundled" || name == "corpus" {
				if limit := 2*len(pageLayouts) + 2; res.Metrics.Slow > limit {
					t.Errorf("html/template executed %d pages and cards of %d; want at most %d", res.Metrics.Slow, res.Pages, limit)
				}
			}
			t.Logf("%d pages, %d by html/template", res.Pages, res.Metrics.Slow)
		})
	}
}
