package serve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/internal/memstat"
)

// BenchmarkRebuildAfterEdit measures what a writer waits for in
// `serve --watch`: one brief of a large site is edited, and the rebuilt
// site (with the new text) is swapped in. Watching and debouncing are not
// included; the debounce adds 30 ms. Like the watch loop after its first
// batch, it tells the builder which file changed.
func BenchmarkRebuildAfterEdit(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			if n > 1000 && testing.Short() {
				b.Skip("skipping 10,000 briefs in -short mode")
			}
			dir := b.TempDir()
			if err := corpus.Write(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			s := New(Config{Source: dir, Today: corpus.Reference}, "http://127.0.0.1:1313/")
			start := time.Now()
			if err := s.Build(nil); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds()), "cold-ms")
			var brief string
			matches, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
			for _, m := range matches {
				if filepath.Base(m) != "_index.md" {
					brief = m
					break
				}
			}
			if brief == "" {
				b.Fatal("no brief found in the corpus")
			}
			orig, _ := os.ReadFile(brief)
			rel, _ := filepath.Rel(dir, brief)
			// body: a sentence added to the text; front-matter: the summary,
			// which the home page, lists, /kpis/, /people/ and the data files
			// show, changed.
			edits := map[string]func(i int) []byte{
				"body": func(i int) []byte {
					return append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit number %d.\n", i)...)
				},
				"front-matter": func(i int) []byte {
					return bytes.Replace(orig, []byte("summary: "), []byte(fmt.Sprintf("summary: Edit %d ", i)), 1)
				},
			}
			for _, kind := range []string{"body", "front-matter"} {
				b.Run(kind, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						os.WriteFile(brief, edits[kind](i), 0o644)
						if err := s.build([]string{filepath.ToSlash(rel)}, true); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					b.ReportMetric(heldMB(s), "held-MB")
				})
			}
		})
	}
}

// heldMB is the memory the process holds once the server has given back
// what its builds are done with, as it does when the writer pauses: about
// its resident memory, in MB.
func heldMB(s *Server) float64 {
	s.settler.settle()
	held, _ := memstat.Read()
	return float64(held) / (1 << 20)
}
