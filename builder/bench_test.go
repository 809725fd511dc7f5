package builder

// Benchmarks of whole builds and of each stage, on generated sites (package
// corpus) of 100, 1,000 and 10,000 briefs; the 10,000-brief ones are
// skipped under -short. On a machine with two cores:
//
//	go test ./builder/ -run '^$' -bench . -benchtime 3x -short
//	go test ./builder/ -run '^$' -bench /10000 -benchtime 1x
//
// Stage benchmarks run on every core like the build does; -cpu 1 gives the
// cost on one. BenchmarkFloor is the bare "parse YAML, convert Markdown,
// write a file" a generator cannot go below, to compare the build with.

import (
	"bytes"
	"fmt"
	"github.com/playbook-dev/playbook/builder/internal/minifier"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/search"
	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"
)

// benchSizes are the corpus sizes of the benchmarks, in briefs.
var benchSizes = []int{100, 1000, 10000}

// diskSizes are the corpus sizes of the builds from disk to disk. The
// 100,000-brief build (1.1 GB of Markdown, 6 GB of site) is the scale
// benchmark of docs/performance.md; with TMPDIR on tmpfs it needs about
// 10 GB of memory for the two.
var diskSizes = []int{1000, 10000, 100000}

// stageSizes are the corpus sizes of the per-stage benchmarks.
var stageSizes = []int{1000, 10000}

// benchSeed is the seed of every benchmark corpus.
const benchSeed = 1

// benchCorpora caches the generated sites by size, so that benchmarks of one run
// generate each only once.
var benchCorpora struct {
	sync.Mutex
	m map[int]fstest.MapFS
}

// benchCorpus returns the site of n briefs, generated on first use. It
// skips the benchmark for 10,000 briefs and more under -short.
func benchCorpus(b *testing.B, n int) fstest.MapFS {
	b.Helper()
	if n >= 10000 && testing.Short() {
		b.Skipf("%d briefs: skipped under -short", n)
	}
	benchCorpora.Lock()
	defer benchCorpora.Unlock()
	if benchCorpora.m == nil {
		benchCorpora.m = map[int]fstest.MapFS{}
	}
	if fsys, ok := benchCorpora.m[n]; ok {
		return fsys
	}
	fsys := corpus.Generate(n, benchSeed)
	benchCorpora.m[n] = fsys
	return fsys
}

// benchOptions are the options of every benchmark build: the corpus's
// reference day, so the health rules see the dates it was made for.
func benchOptions() Options { return Options{Today: corpus.Reference} }

// benchDiscard is an Output that drops what it is given.
type benchDiscard struct{}

func (benchDiscard) WriteFile(string, []byte) error { return nil }

// benchReportBriefs reports the briefs built per second of the timed loop.
func benchReportBriefs(b *testing.B, n int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/s, "briefs/s")
	}
}

// benchHeap samples the heap while a benchmark runs and reports its peak
// above where it stood before, in MB ("peak-heap-MB"). It counts garbage not
// yet collected, so it is close to what the build adds to the process's
// memory.
type benchHeap struct {
	base, peak atomic.Uint64
	stop       chan struct{}
	done       sync.WaitGroup
}

var benchHeapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func benchReadHeap(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startBenchHeap() *benchHeap {
	runtime.GC()
	h := &benchHeap{stop: make(chan struct{})}
	h.base.Store(benchReadHeap(benchHeapSample))
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		s := []metrics.Sample{{Name: benchHeapSample[0].Name}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if v := benchReadHeap(s); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *benchHeap) report(b *testing.B) {
	close(h.stop)
	h.done.Wait()
	if p, base := h.peak.Load(), h.base.Load(); p > base {
		b.ReportMetric(float64(p-base)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkBuild builds a whole site into memory, minified, as the dev
// server does; BenchmarkBuild/1000-disk and /10000-disk read the site from
// disk and write it to disk through an output.Dir, streaming, as playbook
// build does.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			b.ReportAllocs()
			h := startBenchHeap()
			for b.Loop() {
				if _, err := Build(src, new(output.Mem), benchOptions()); err != nil {
					b.Fatal(err)
				}
			}
			h.report(b)
			benchReportBriefs(b, n)
		})
	}
	for _, n := range diskSizes {
		b.Run(strconv.Itoa(n)+"-disk", func(b *testing.B) { benchBuildDisk(b, n) })
	}
}

// benchBuildDisk builds a site of n briefs from disk to disk, as playbook
// build does.
func benchBuildDisk(b *testing.B, n int) {
	if n >= 10000 && testing.Short() {
		b.Skipf("%d briefs: skipped under -short", n)
	}
	dir := b.TempDir()
	site := filepath.Join(dir, "site")
	if err := corpus.Write(site, n, benchSeed); err != nil {
		b.Fatal(err)
	}
	src := os.DirFS(site)
	dest := filepath.Join(dir, "public")
	opts := benchOptions()
	opts.Stream = true
	b.ReportAllocs()
	h := startBenchHeap()
	for b.Loop() {
		out, err := output.OpenDir(dest, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(src, out, opts); err != nil {
			out.Abort()
			b.Fatal(err)
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	h.report(b)
	benchReportBriefs(b, n)
}

// BenchmarkLoad measures content.Load: reading, splitting and decoding
// every file, and resolving the ids.
func BenchmarkLoad(b *testing.B) {
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := content.Load(src, content.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			benchReportBriefs(b, n)
		})
	}
}

// benchSite loads the corpus of n briefs.
func benchSite(b *testing.B, n int) *content.Site {
	b.Helper()
	site, err := content.Load(benchCorpus(b, n), content.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return site
}

// benchParallel runs job(i) for i in [0, n) on every core.
func benchParallel(n int, job func(i int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var first error
	var mu sync.Mutex
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if err := job(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// benchResolver resolves relative links the way a build does, without a
// base URL.
func benchResolver(site *content.Site, p *content.Page) func(string) (string, error) {
	dir := path.Dir(p.Source)
	return func(dest string) (string, error) {
		target := path.Join(dir, dest)
		v := site.Lookup(target)
		if v == nil && strings.HasSuffix(dest, "/") {
			v = site.Lookup(path.Join(target, "_index.md"))
		}
		if v == nil && path.Ext(target) == "" {
			v = site.Lookup(target + ".md")
		}
		switch v := v.(type) {
		case *content.Page:
			return v.URL, nil
		case *content.File:
			return v.URL, nil
		}
		return "", fmt.Errorf("the link %q points nowhere", dest)
	}
}

// BenchmarkMarkdown converts the body of every page, with one converter
// and relative links resolved, as a build does.
func BenchmarkMarkdown(b *testing.B) {
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			site := benchSite(b, n)
			pages := site.Pages
			var size int64
			for _, p := range pages {
				size += int64(len(p.Body))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				md := markdown.New(markdown.Options{Unsafe: site.UnsafeHTML})
				err := benchParallel(len(pages), func(i int) error {
					p := pages[i]
					res, err := md.Convert(p.Body, markdown.Context{
						FootnotePrefix: strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", "-") + "-",
						Resolve:        benchResolver(site, p),
					})
					if err == nil && len(res.Errors) > 0 {
						err = fmt.Errorf("%s:%d:%d: %s", p.Source, res.Errors[0].Line, res.Errors[0].Col, res.Errors[0].Msg)
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			benchReportBriefs(b, n)
		})
	}
}

// BenchmarkSearchTerms adds the search document of every converted page
// to a search.Stream, on one core, as the page jobs of a build do, and
// encodes the index: the part of it that grows with the text of the site.
func BenchmarkSearchTerms(b *testing.B) {
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			site := benchSite(b, n)
			md := markdown.New(markdown.Options{Unsafe: site.UnsafeHTML})
			var bodies []string
			var size int64
			for _, p := range site.Pages {
				res, err := md.Convert(p.Body, markdown.Context{Resolve: benchResolver(site, p)})
				if err != nil {
					b.Fatal(err)
				}
				bodies = append(bodies, res.HTML)
				size += int64(len(res.HTML))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				s := search.NewStream(len(bodies), func(string, []byte) error { return nil })
				for i, p := range site.Pages {
					s.Add(i, p, p.URL, bodies[i])
				}
				if err := s.Finish(); err != nil {
					b.Fatal(err)
				}
			}
			benchReportBriefs(b, n)
		})
	}
}

// BenchmarkRender builds a whole site without minifying and drops the
// output: load, Markdown, health, aggregates and templates. Less
// BenchmarkLoad and BenchmarkMarkdown, it is what the templates cost.
func BenchmarkRender(b *testing.B) {
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			opts := benchOptions()
			opts.NoMinify = true
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(src, benchDiscard{}, opts); err != nil {
					b.Fatal(err)
				}
			}
			benchReportBriefs(b, n)
		})
	}
}

// benchFile is a rendered file and its media type.
type benchFile struct {
	mediaType string
	data      []byte
}

// BenchmarkMinify minifies every page and generated file of a site built
// without minifying (HTML, XML, JSON; the theme is left out), with one
// minifier, as a build does.
func BenchmarkMinify(b *testing.B) {
	types := map[string]string{".html": "text/html", ".xml": "application/xml", ".json": "application/json", ".svg": "image/svg+xml"}
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			out := new(output.Mem)
			opts := benchOptions()
			opts.NoMinify = true
			if _, err := Build(src, out, opts); err != nil {
				b.Fatal(err)
			}
			var files []benchFile
			var size int64
			for name, data := range out.Files() {
				if mt, ok := types[path.Ext(name)]; ok && !strings.HasPrefix(name, "assets/") {
					files = append(files, benchFile{mt, data})
					size += int64(len(data))
				}
			}
			out = nil
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				m := minifier.New()
				err := benchParallel(len(files), func(i int) error {
					_, err := minifier.Bytes(m, files[i].mediaType, files[i].data)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			benchReportBriefs(b, n)
		})
	}
}

// BenchmarkWrite writes every file of a built site to disk through
// an output.Dir, on every core, and commits it in place of the previous one.
func BenchmarkWrite(b *testing.B) {
	for _, n := range stageSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			mem := new(output.Mem)
			if _, err := Build(src, mem, benchOptions()); err != nil {
				b.Fatal(err)
			}
			files := mem.Files()
			names := mem.Names()
			var size int64
			for _, data := range files {
				size += int64(len(data))
			}
			dest := filepath.Join(b.TempDir(), "public")
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				out, err := output.OpenDir(dest, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := benchParallel(len(names), func(i int) error { return out.WriteFile(names[i], files[names[i]]) }); err != nil {
					b.Fatal(err)
				}
				if err := out.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(names)), "files")
			benchReportBriefs(b, n)
		})
	}
}

// BenchmarkFloor is the least any generator does with a site, the floor of
// issue 6: for every Markdown file, on two workers, split off the front
// matter, unmarshal its YAML into a map, convert the body with goldmark's
// defaults and write the HTML to <path>/index.html. Nothing is validated,
// linked, templated, aggregated or minified.
func BenchmarkFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src := benchCorpus(b, n)
			var names []string
			if err := fs.WalkDir(src, "content", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
					names = append(names, p)
				}
				return err
			}); err != nil {
				b.Fatal(err)
			}
			root := b.TempDir()
			md := goldmark.New()
			b.ReportAllocs()
			iter := 0
			for b.Loop() {
				iter++
				dir := filepath.Join(root, strconv.Itoa(iter))
				var next atomic.Int64
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for w := range errs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var buf bytes.Buffer
						for i := int(next.Add(1) - 1); i < len(names) && errs[w] == nil; i = int(next.Add(1) - 1) {
							errs[w] = benchFloorPage(src, md, &buf, names[i], dir)
						}
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				os.RemoveAll(dir)
				b.StartTimer()
			}
			benchReportBriefs(b, n)
		})
	}
}

// benchFloorPage does the floor's work for one file.
func benchFloorPage(src fs.FS, md goldmark.Markdown, buf *bytes.Buffer, name, dir string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return fmt.Errorf("%s: no front matter", name)
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return fmt.Errorf("%s: no closing ---", name)
	}
	var meta map[string]any
	if err := yaml.Unmarshal(front, &meta); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	buf.Reset()
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	out := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(strings.TrimPrefix(name, "content/"), ".md")), "index.html")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
