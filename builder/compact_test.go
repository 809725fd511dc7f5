package builder

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestCompactLayouts checks that minifying the layouts once gives pages the
// minifier would not change further: for every page of the bundled site,
// minifying the page as written gives what minifying the page rendered
// from the layouts as written gives.
func TestCompactLayouts(t *testing.T) {
	opts := Options{Today: today, BaseURL: "https://playbook.example.com/"}
	compact := NewMemOutput()
	if _, err := Build(os.DirFS(".."), compact, opts); err != nil {
		t.Fatal(err)
	}
	opts.pageMinify = true
	paged := NewMemOutput()
	if _, err := Build(os.DirFS(".."), paged, opts); err != nil {
		t.Fatal(err)
	}
	m := newMinifier()
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
		again, err := minifyBytes(m, "text/html", data)
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
}
