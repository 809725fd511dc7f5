package search

import (
	"fmt"
	"hash/fnv"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/playbook-dev/playbook/builder/content"
)

// testPages returns n pages with bodies: enough text for several shards
// when n is in the hundreds.
func testPages(n int) ([]*content.Page, []string) {
	pages := make([]*content.Page, n)
	bodies := make([]string, n)
	for i := range pages {
		pages[i] = &content.Page{Kind: content.PlainPage, URL: fmt.Sprintf("/p%d/", i), Title: fmt.Sprintf("Page %d", i)}
		var b strings.Builder
		for w := range 200 {
			fmt.Fprintf(&b, "w%dx%d ", (i*7+w*13)%5000, w%3)
		}
		bodies[i] = "<p>" + b.String() + "</p>"
	}
	return pages, bodies
}

func testDocs(pages []*content.Page, bodies []string) []Doc {
	docs := make([]Doc, len(pages))
	for i, p := range pages {
		docs[i] = NewDoc(p, p.URL, bodies[i])
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%s\x00%s", p.URL, p.Title, bodies[i])
		docs[i].Key = h.Sum64()
	}
	return docs
}

func equalFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("%s: the files differ (%d files, want %d)", what, len(got), len(want))
	}
}

// TestIndexUpdate checks that an index updated with changed documents
// writes what a new one does, and that a Stream writes the same.
func TestIndexUpdate(t *testing.T) {
	pages, bodies := testPages(300)
	var x Index
	files := x.Update(testDocs(pages, bodies))
	if len(files) < 4 || files["search/shard-1.json"] == nil {
		t.Fatalf("%d files: the test wants several shards", len(files))
	}

	streamed := map[string][]byte{}
	var mu sync.Mutex
	s := NewStream(len(pages), func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if streamed[name] != nil {
			t.Errorf("%s written twice", name)
		}
		streamed[name] = data
		return nil
	})
	// Out of order, from two goroutines, and one document never added.
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := len(pages) - 1 - g; i >= 1; i -= 2 {
				s.Add(i, pages[i], pages[i].URL, bodies[i])
			}
		})
	}
	wg.Wait()
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	withoutFirst := testDocs(pages, bodies)
	withoutFirst[0] = Doc{}
	equalFiles(t, "Stream", streamed, new(Index).Update(withoutFirst))

	// Edit two pages: one body, one title.
	bodies[3] = "<p>an entirely new body, with words like zeppelin</p>"
	pages[200].Title = "A retitled page"
	docs := testDocs(pages, bodies)
	equalFiles(t, "updated", x.Update(docs), new(Index).Update(docs))

	// Remove a page: ids move.
	docs = testDocs(pages[1:], bodies[1:])
	equalFiles(t, "after a removal", x.Update(docs), new(Index).Update(docs))
}
