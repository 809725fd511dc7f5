package builder

import (
	"bytes"
	"github.com/playbook-dev/playbook/builder/internal/minifier"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-dev/playbook/builder/output"
)

// TestCompactLayouts checks that minifying the layouts once gives pages the
// minifier would not change further: for every page of the bundled site,
// minifying the page as written gives what minifying the page rendered
// from the layouts as written gives.
func TestCompactLayouts(t *testing.T) {
	opts := Options{Today: today, BaseURL: "https://playbook.example.com/"}
	compact := new(output.Mem)
	if _, err := Build(os.DirFS(".."), compact, opts); err != nil {
		t.Fatal(err)
	}
	opts.pageMinify = true
	paged := new(output.Mem)
	if _, err := Build(os.DirFS(".."), paged, opts); err != nil {
		t.Fatal(err)
	}
	m := minifier.New()
	want := paged.Files()
	var n, grown int
	var size, wantSize int
	for name, data := range compact.Files() {
		if !strings.HasSuffix(name, ".html") {
			if !bytes.Equal(data, want[name]) {
				t.Errorf("%s differs", name)
			}
			continue
		}
		n++
		again, err := minifier.Bytes(m, "text/html", data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(again, want[name]) {
			t.Errorf("%s: minified again, it differs from the page minified as a whole", name)
		}
		size += len(data)
		wantSize += len(want[name])
		if len(data) > len(want[name])*21/20 {
			grown++
			t.Errorf("%s: %d bytes, %d minified as a whole", name, len(data), len(want[name]))
		}
	}
	if n == 0 {
		t.Fatal("no pages")
	}
	t.Logf("%d pages: %d bytes, %d when each page is minified", n, size, wantSize)
	if size > wantSize*101/100 {
		t.Errorf("the pages are %d bytes, more than 1%% over the %d tdewolff/minify makes of them", size, wantSize)
	}
}

// TestCompactKeepsWhatUsersWrote: compacting a site's own layouts leaves
// attribute values and the text of <script> and <style> as written, in
// every branch of the template.
func TestCompactKeepsWhatUsersWrote(t *testing.T) {
	layout := `{{define "main"}}<div   class="x"
   title="x    y"   data-x='a   b'>  <p>keep   one</p>
<script type="application/json">{"s": "a    b"}</script>
{{if .Page}}<span title="{{.Title}}   z">  t  </span>{{else}}<span title="e   f">u</span>{{end}}
<style>.a   .b { color : red }</style><!-- gone -->
</div>{{end}}`
	fsys := fstest.MapFS{
		"content/a.md":      {Data: []byte("---\ntitle: A\n---\nBody.\n")},
		"layouts/page.html": {Data: []byte(layout)},
	}
	out := new(output.Mem)
	if _, err := Build(fsys, out, Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	page := string(out.Files()["a/index.html"])
	for _, want := range []string{`title="x    y"`, `data-x='a   b'`, `{"s": "a    b"}`, `title="A   z"`, `.a   .b { color : red }`, `<p>keep one</p>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, "gone") {
		t.Error("a comment was kept")
	}
}
