package builder

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/sites")

// today pins the date for every test.
var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// siteCase is one txtar file of testdata/sites: the comment holds options,
// one per line ("base-url URL", "drafts", "no-minify"); files under want/
// are expected output files; "errors" is the expected error output; "files"
// lists every output file.
type siteCase struct {
	name    string
	archive *txtar.Archive
	src     fstest.MapFS
	opts    Options
}

// testSite is a whole site a test builds.
type testSite struct {
	name string
	src  fs.FS
	opts Options
}

// everySite lists the bundled site, a generated corpus of 300 briefs and
// every test site, for tests that hold a fast path to the slow one.
func everySite(t testing.TB) []testSite {
	sites := []testSite{
		{"bundled", os.DirFS(".."), Options{Today: today, BaseURL: "https://playbook.example.com/"}},
		{"corpus", corpus.Generate(300, 1), Options{Today: corpus.Reference}},
	}
	for _, c := range readCases(t) {
		sites = append(sites, testSite{c.name, c.src, c.opts})
	}
	return sites
}

func readCases(t testing.TB) []*siteCase {
	paths, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test sites: %v", err)
	}
	var cases []*siteCase
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &siteCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), archive: a, src: fstest.MapFS{}, opts: Options{Today: today}}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) == 0 || strings.HasPrefix(f[0], "#"):
			case f[0] == "base-url" && len(f) == 2:
				c.opts.BaseURL = f[1]
			case f[0] == "drafts":
				c.opts.Drafts = true
			case f[0] == "no-minify":
				c.opts.NoMinify = true
			default:
				t.Fatalf("%s: unknown option %q", p, line)
			}
		}
		for _, f := range a.Files {
			if strings.HasPrefix(f.Name, "content/") || strings.HasPrefix(f.Name, "layouts/") || strings.HasPrefix(f.Name, "theme/") {
				c.src[f.Name] = &fstest.MapFile{Data: f.Data}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// TestSites builds each small site of testdata/sites and compares the
// output with the golden files in the same archive. Run with -update to
// rewrite them.
func TestSites(t *testing.T) {
	for _, c := range readCases(t) {
		t.Run(c.name, func(t *testing.T) {
			out := new(output.Mem)
			_, err := Build(c.src, out, c.opts)
			files := out.Files()
			got := map[string][]byte{}
			if err != nil {
				got["errors"] = []byte(err.Error() + "\n")
				if len(files) > 0 {
					t.Errorf("a failed build wrote %d files", len(files))
				}
			} else {
				got["files"] = []byte(strings.Join(out.Names(), "\n") + "\n")
			}
			changed := false
			for i, f := range c.archive.Files {
				var g []byte
				var ok bool
				switch {
				case strings.HasPrefix(f.Name, "want/"):
					g, ok = files[strings.TrimPrefix(f.Name, "want/")]
				case f.Name == "errors" || f.Name == "files":
					g, ok = got[f.Name]
				default:
					continue
				}
				if !ok {
					t.Errorf("%s: not produced (build error: %v)", f.Name, err)
					continue
				}
				if !bytes.HasSuffix(g, []byte("\n")) {
					g = append(g[:len(g):len(g)], '\n') // txtar ends every file with a newline
				}
				if !bytes.Equal(g, f.Data) {
					if *update {
						c.archive.Files[i].Data = g
						changed = true
						continue
					}
					t.Errorf("%s differs:\n--- got ---\n%s\n--- want ---\n%s", f.Name, g, f.Data)
				}
			}
			if changed {
				if err := os.WriteFile(filepath.Join("testdata/sites", c.name+".txtar"), txtar.Format(c.archive), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestDeterministic builds the bundled content twice and compares every byte.
func TestDeterministic(t *testing.T) {
	src := os.DirFS("..")
	var outs [2]map[string][]byte
	for i := range outs {
		out := new(output.Mem)
		if _, err := Build(src, out, Options{Today: today, BaseURL: "https://playbook.example.com/"}); err != nil {
			t.Fatal(err)
		}
		outs[i] = out.Files()
	}
	if len(outs[0]) != len(outs[1]) {
		t.Fatalf("%d files, then %d", len(outs[0]), len(outs[1]))
	}
	for name, data := range outs[0] {
		if !bytes.Equal(data, outs[1][name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestBundledContent builds the project's own content/: no errors, no
// warnings, and every page the spec lists.
func TestBundledContent(t *testing.T) {
	out := new(output.Mem)
	res, err := Build(os.DirFS(".."), out, Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	files := out.Files()
	for _, name := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "_headers", "playbook.json", "kpis.csv",
		"kpis/index.html", "people/index.html", "search/index.html", "approach/index.html", "status/index.html", "teams/index.html", "tags/index.html",
		"web/index.html", "guide/index.html", "web/launch-checklist.txt"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s not written", name)
		}
	}
	approaches := map[string]bool{}
	for _, p := range res.Site.Briefs {
		approaches[p.Brief.Approach] = true
	}
	for _, a := range []string{"marketing-led", "it-led", "partnership", "amalgamated", "vendor"} {
		if !approaches[a] {
			t.Errorf("no bundled brief has approach %s", a)
		}
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") && bytes.Contains(data, []byte("EventSource")) {
			t.Errorf("%s: build output carries the live-reload script", name)
		}
	}
}

// failOutput fails on the nth write. WriteFile is called from several
// goroutines at once, so the count is atomic.
type failOutput struct {
	n     int64
	count atomic.Int64
}

func (f *failOutput) WriteFile(name string, data []byte) error {
	if f.count.Add(1) == f.n {
		return fmt.Errorf("writing %s: no space left on device", name)
	}
	return nil
}

func TestFailingOutput(t *testing.T) {
	out := &failOutput{n: 5}
	_, err := Build(os.DirFS(".."), out, Options{Today: today})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("got %v, want the write error", err)
	}
}

// TestAtomic checks that a build that fails leaves the previous site in
// place, and one that succeeds replaces it whole. The builds stream, as
// playbook build's do, so some fail after files are written: a link to
// nowhere in a brief is found as the brief renders, a layout that fails to
// execute as it runs.
func TestAtomic(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	good := fstest.MapFS{"content/a.md": {Data: []byte("---\ntitle: A\n---\nfirst")}}
	build := func(src fs.FS) error {
		out, err := output.OpenDir(dest, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Build(src, out, Options{Today: today, Stream: true}); err != nil {
			out.Abort()
			return err
		}
		return out.Commit()
	}
	if err := build(good); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)
	brief := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: B\ngoals: [{id: g, title: Grow}]\n---\n" + body)}
	}
	for name, bad := range map[string]fstest.MapFS{
		"front matter": {"content/a.md": {Data: []byte("---\ntitle: A\nstatus: [\n---\n")}, "content/b.md": {Data: []byte("new")}},
		"link":         {"content/a.md": good["content/a.md"], "content/b.md": brief("See [gone](gone.md).\n"), "content/c.txt": {Data: []byte("c")}},
		"layout":       {"content/a.md": good["content/a.md"], "content/b.md": brief("Text.\n"), "layouts/brief.html": {Data: []byte(`{{define "main"}}{{index .Site.Briefs 99}}{{end}}`)}},
	} {
		if err := build(bad); err == nil {
			t.Fatalf("%s: bad build succeeded", name)
		}
		if after := readTree(t, dest); after != before {
			t.Errorf("%s: a failed build changed %s", name, dest)
		}
	}
	// (A build killed half-way: see output.TestKilledBuild.)
	good2 := fstest.MapFS{"content/b.md": {Data: []byte("---\ntitle: B\n---\nsecond")}}
	if err := build(good2); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a/index.html of the previous build is still there")
	}
	if _, err := os.Stat(filepath.Join(dest, "b", "index.html")); err != nil {
		t.Errorf("b/index.html missing: %v", err)
	}
	// Beside public/ is the previous site, kept as the next build's spare.
	if entries, _ := os.ReadDir(dir); len(entries) != 3 || entries[1].Name() != ".public.playbook-spare" {
		t.Errorf("the swap left %v beside public/, want its lock and spare only", entries)
	}
}

// TestContentErrorsWriteNothing checks that a build that does not stream
// finds the errors of the content before it writes a file, whatever the
// Output: a link to nowhere in a brief or a plain page, a layout that does
// not parse, a file of content/ where playbook writes a page.
func TestContentErrorsWriteNothing(t *testing.T) {
	brief := &fstest.MapFile{Data: []byte("---\ntitle: B\ngoals: [{id: g, title: Grow}]\n---\nText.\n")}
	for name, bad := range map[string]fstest.MapFS{
		"link in a brief":       {"content/b.md": {Data: []byte("---\ntitle: B\ngoals: [{id: g, title: Grow}]\n---\nSee [gone](gone.md).\n")}},
		"link in a page":        {"content/b.md": brief, "content/about.md": {Data: []byte("---\ntitle: About\n---\nSee [gone](gone.md).\n")}},
		"layout":                {"content/b.md": brief, "layouts/brief.html": {Data: []byte(`{{define "main"}}{{if}}{{end}}`)}},
		"two files for a page":  {"content/b.md": brief, "content/b/index.html": {Data: []byte("mine")}},
		"a page playbook makes": {"content/b.md": brief, "content/kpis/index.html": {Data: []byte("mine")}},
	} {
		out := new(output.Mem)
		if _, err := Build(bad, out, Options{Today: today}); err == nil {
			t.Errorf("%s: the build succeeded", name)
		} else if names := out.Names(); len(names) > 0 {
			t.Errorf("%s: the failed build (%v) wrote %d files: %q", name, err, len(names), names)
		}
	}
}

// buildInto builds src into the folder dest, as playbook build does.
func buildInto(t *testing.T, src fs.FS, dest string) {
	t.Helper()
	out, err := output.OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(src, out, Options{Today: today}); err != nil {
		out.Abort()
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestSpare checks that a build into the spare (the site before the
// current one) makes the site a build into a new folder makes: the files
// of the old site it does not make are gone, a file where it makes a folder
// and a folder where it makes a file give way, a symbolic link is not
// written through, and a file whose bytes are unchanged is left as it is.
func TestSpare(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build := func(src fs.FS, dest string) { t.Helper(); buildInto(t, src, dest) }
	page := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText of " + title + ".\n")}
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	old := fstest.MapFS{
		"content/a.md":             page("A"),
		"content/gone.md":          page("Gone"),
		"content/files/report":     file("a file"),
		"content/files/data/x.txt": file("in a folder"),
		"content/files/same.txt":   file("unchanged"),
		"content/files/link.txt":   file("old"),
	}
	newer := fstest.MapFS{
		"content/a.md":                  page("A, edited"),
		"content/b.md":                  page("B"),
		"content/files/report/data.txt": file("a folder now"),
		"content/files/data":            file("a file now"),
		"content/files/same.txt":        file("unchanged"),
		"content/files/link.txt":        file("new"),
	}
	build(old, dest)
	build(newer, dest) // old is now the spare
	spare := filepath.Join(dir, ".public.playbook-spare")
	long := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // before any build
	if err := os.Chtimes(filepath.Join(spare, "files", "same.txt"), long, long); err != nil {
		t.Fatalf("no spare: %v", err)
	}
	outside := filepath.Join(dir, "outside.txt")
	os.WriteFile(outside, []byte("not the site's"), 0o644)
	link := filepath.Join(spare, "files", "link.txt")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}

	build(newer, dest) // into the spare
	fresh := filepath.Join(t.TempDir(), "public")
	build(newer, fresh)
	got, want := readTree(t, dest), readTree(t, fresh)
	if got = strings.ReplaceAll(got, dest, ""); got != strings.ReplaceAll(want, fresh, "") {
		t.Errorf("built into the spare:\n%s\n\nbuilt into a new folder:\n%s", got, strings.ReplaceAll(want, fresh, ""))
	}
	if data, _ := os.ReadFile(outside); string(data) != "not the site's" {
		t.Errorf("a symbolic link in the spare was written through: %q", data)
	}
	if fi, err := os.Lstat(filepath.Join(dest, "files", "link.txt")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("files/link.txt is not a plain file: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(dest, "files", "same.txt")); err != nil || !fi.ModTime().Equal(long) {
		t.Errorf("files/same.txt, unchanged, was written again")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 { // public, its lock and spare, outside.txt
		t.Errorf("%d entries beside public/, want public, its lock and spare and outside.txt", len(entries))
	}
}

func readTree(t *testing.T, dir string) string {
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			lines = append(lines, fmt.Sprintf("%s %x", p, data))
		}
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestKPIValue: the template function kpiValue writes a KPI's value of
// any type a layout hands it (package format has the cases of units and
// numbers), and a missing value as a dash.
func TestKPIValue(t *testing.T) {
	v := 1234.5
	k := &content.KPI{Unit: "days"}
	for _, c := range []struct {
		v    any
		want string
	}{
		{1.0, "1 day"},
		{&v, "1,234.5 days"},
		{3, "3 days"},
		{(*float64)(nil), "—"},
		{"12", "—"},
		{nil, "—"},
	} {
		if got := kpiValue(k, c.v); got != c.want {
			t.Errorf("kpiValue(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestSpareKeepsHardLinkedSnapshot: a snapshot of the site made with hard
// links (cp -al public snap, rsync --link-dest) keeps what it held through
// the builds that follow, though they write into the spare that shares its
// files.
func TestSpareKeepsHardLinkedSnapshot(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build := func(title string) {
		t.Helper()
		src := fstest.MapFS{
			"content/a.md":     {Data: []byte("---\ntitle: " + title + "\n---\nText of " + title + ".\n")},
			"content/data.txt": {Data: []byte("data of " + title)},
		}
		buildInto(t, src, dest)
	}
	build("First")
	build("Second") // the first site is now the spare
	snap := filepath.Join(dir, "snap")
	// cp -al public snap
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(snap, rel), 0o755)
		}
		return os.Link(p, filepath.Join(snap, rel))
	})
	if err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	before := readTree(t, snap)
	build("Third")  // into the first site's spare
	build("Fourth") // into the second site's, which snap shares
	if after := readTree(t, snap); after != before {
		t.Errorf("the snapshot changed with the builds after it:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "data.txt")); string(data) != "data of Fourth" {
		t.Errorf("public/data.txt = %q, want the newest build's", data)
	}
}

// pickyOutput fails the writes of the files it names, each with its own
// error. (It holds its Mem in a field: embedded, the Mem's KeepFile would
// make it an output.Keeper, which the build would write through instead.)
type pickyOutput struct {
	mem  *output.Mem
	fail map[string]error
}

func (p pickyOutput) WriteFile(name string, data []byte) error {
	if err := p.fail[name]; err != nil {
		return err
	}
	return p.mem.WriteFile(name, data)
}

// TestEveryWriteErrorReported: a build whose copies of files fail in
// different ways reports every failure, not the first.
func TestEveryWriteErrorReported(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":    {Data: []byte("# A")},
		"content/one.txt": {Data: []byte("1")},
		"content/two.txt": {Data: []byte("2")},
	}
	out := pickyOutput{new(output.Mem), map[string]error{
		"one.txt": errors.New("writing one.txt: no space left on device"),
		"two.txt": errors.New("writing two.txt: permission denied"),
	}}
	_, err := Build(fsys, out, Options{Today: today})
	list := content.Flatten(err)
	if len(list) != 2 || !strings.Contains(list[0].Msg, "no space left") || !strings.Contains(list[1].Msg, "permission denied") {
		t.Errorf("got %v, want both write errors", list)
	}
}
