package builder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/internal/browsertest"
	"github.com/playbook-dev/playbook/builder/output"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// screenshotDir is where browser tests leave screenshots for people to
// look at.
const screenshotDir = "../test-output/screenshots"

// serveBundled builds the project's own content/ into a temp folder and
// serves it on 127.0.0.1 until the test ends, like a static host would.
func serveBundled(t *testing.T) (string, *builder.Result) {
	t.Helper()
	return serveSite(t, os.DirFS(".."), today)
}

// serveSite is serveBundled for the site src, built on the day on.
func serveSite(t *testing.T, src fs.FS, on time.Time) (string, *builder.Result) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://%s/", ln.Addr())
	dest := filepath.Join(t.TempDir(), "public")
	out, err := output.OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := builder.Build(src, out, builder.Options{BaseURL: base, Today: on})
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: staticHandler(dest)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return base, res
}

// staticHandler serves a built site the way Netlify does: pretty URLs and
// 404.html for misses.
func staticHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if strings.HasSuffix(r.URL.Path, "/") {
			p = filepath.Join(p, "index.html")
		}
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(data)
			return
		}
		http.ServeFile(w, r, p)
	})
}

// pageProblems records console errors and failed requests of a tab.
type pageProblems struct {
	mu       sync.Mutex
	problems []string
}

func (p *pageProblems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, s)
}

func (p *pageProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.problems
	p.problems = nil
	return out
}

func listen(ctx context.Context, expect404 *string) *pageProblems {
	pp := &pageProblems{}
	chromedp.ListenTarget(ctx, func(ev interface{}) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				pp.add(fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			pp.add("exception: " + ev.ExceptionDetails.Text)
		case *network.EventLoadingFailed:
			pp.add("request failed: " + ev.ErrorText)
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && ev.Response.URL != *expect404 {
				pp.add(fmt.Sprintf("HTTP %d for %s", int(ev.Response.Status), ev.Response.URL))
			}
		}
	})
	return pp
}

// TestPagesInBrowser loads every kind of page at phone and desktop widths:
// no console errors, no failed requests; screenshots are written for
// people to look at.
func TestPagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	pages := map[string]string{
		"home":     "",
		"brief":    "cms-migration/",
		"vendor":   "web/checkout-redesign/",
		"page":     "guide/how-to-write-a-brief/",
		"section":  "web/",
		"kpis":     "kpis/",
		"people":   "people/",
		"terms":    "approach/",
		"term":     "approach/partnership/",
		"teams":    "teams/it/",
		"search":   "search/",
		"notfound": "no-such-page/",
	}
	expect404 := base + pages["notfound"]
	pp := listen(ctx, &expect404)
	if err := chromedp.Run(ctx, network.Enable()); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(screenshotDir, 0o755)
	for name, path := range pages {
		for _, width := range []int64{375, 1280} {
			var shot []byte
			var h1s int
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(base+path),
				chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Sleep(150*time.Millisecond),
				chromedp.Evaluate(`document.querySelectorAll("h1").length`, &h1s),
				chromedp.FullScreenshot(&shot, 80),
			)
			if err != nil {
				t.Fatalf("%s at %d px: %v", name, width, err)
			}
			if h1s != 1 {
				t.Errorf("%s: %d h1 elements, want 1", name, h1s)
			}
			os.WriteFile(filepath.Join(screenshotDir, fmt.Sprintf("%s-%d.jpg", name, width)), shot, 0o644)
			for _, p := range pp.take() {
				t.Errorf("%s at %d px: %s", name, width, p)
			}
			var overflow string
			chromedp.Run(ctx, chromedp.Evaluate(`(() => {
				if (document.documentElement.scrollWidth <= window.innerWidth + 1) return "";
				const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1);
				const e = wide[wide.length - 1];
				return e.tagName + "." + e.className + " (" + Math.round(e.getBoundingClientRect().right) + " px)";
			})()`, &overflow))
			if overflow != "" {
				t.Errorf("%s at %d px: the page scrolls sideways: %s", name, width, overflow)
			}
		}
	}
}

// TestOrgChart checks that a brief's org chart has one node per role and
// one line per reporting line.
func TestOrgChart(t *testing.T) {
	ctx := browsertest.New(t)
	base, res := serveBundled(t)
	for _, p := range res.Site.Briefs {
		roles, lines := len(p.Brief.Roles), 0
		for _, r := range p.Brief.Roles {
			if r.ReportsTo != nil {
				lines++
			}
		}
		var nodes, edges int
		var texts []string
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+strings.TrimPrefix(p.URL, "/")),
			chromedp.Evaluate(`document.querySelectorAll("svg.org-chart .org-node").length`, &nodes),
			chromedp.Evaluate(`document.querySelectorAll("svg.org-chart .org-edge").length`, &edges),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("svg.org-chart .org-title")).map(e => e.textContent)`, &texts),
		)
		if err != nil {
			t.Fatal(err)
		}
		if nodes != roles || edges != lines {
			t.Errorf("%s: %d nodes and %d lines, want %d and %d", p.URL, nodes, edges, roles, lines)
		}
		for i, r := range p.Brief.Roles {
			found := false
			for _, tx := range texts {
				if strings.HasPrefix(r.Title, strings.TrimSuffix(tx, "…")) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: role %d %q has no node", p.URL, i, r.Title)
			}
		}
	}
}

// TestAccessibility runs axe-core (from npm, see package.json) on the main
// pages: no serious or critical violations.
func TestAccessibility(t *testing.T) {
	axe := browsertest.Axe(t, "..")
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	for _, path := range []string{"", "cms-migration/", "kpis/", "people/", "search/", "web/checkout-redesign/", "guide/approaches/", "guide/how-to-write-a-brief/"} {
		for _, scheme := range []string{"light", "dark"} {
			var result []struct {
				ID     string `json:"id"`
				Impact string `json:"impact"`
				Help   string `json:"help"`
				Nodes  []struct {
					Target []any `json:"target"`
				} `json:"nodes"`
			}
			err := chromedp.Run(ctx,
				chromedp.Navigate(base+path),
				emulateScheme(scheme),
				chromedp.Evaluate(axe, nil),
				chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({target: n.target}))})))`, &result, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
					return p.WithAwaitPromise(true)
				}),
			)
			if err != nil {
				t.Fatalf("/%s: %v", path, err)
			}
			for _, v := range result {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("/%s (%s): %s (%s): %s; at %v", path, scheme, v.ID, v.Impact, v.Help, v.Nodes)
				}
			}
		}
	}
}

// emulateScheme sets prefers-color-scheme for the tab.
func emulateScheme(scheme string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}).Do(ctx)
	})
}

// TestSearchFindsKPI types a KPI name into the search box and expects the
// brief that holds it among the results, without pressing Enter.
func TestSearchFindsKPI(t *testing.T) {
	ctx := browsertest.New(t)
	base, res := serveBundled(t)
	var kpi, brief string
	for _, p := range res.Site.Briefs {
		if len(p.Brief.KPIs) > 0 {
			kpi, brief = p.Brief.KPIs[0].Name, p.URL
			break
		}
	}
	var links []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"search/"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.SendKeys("#q", kpi, chromedp.ByID),
		chromedp.Poll(`document.querySelectorAll("#search-results a").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results a")).map(a => new URL(a.href).pathname)`, &links),
	)
	if err != nil {
		t.Fatalf("searching for %q: %v", kpi, err)
	}
	found := false
	for _, l := range links {
		if l == brief {
			found = true
		}
	}
	if !found {
		t.Errorf("searching for the KPI %q: results %v lack %s", kpi, links, brief)
	}
	// Keyboard: the down arrow moves from the box to the first result.
	var active string
	err = chromedp.Run(ctx,
		chromedp.Focus("#q", chromedp.ByID),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.Evaluate(`document.activeElement.closest("#search-results") ? "result" : document.activeElement.id`, &active),
	)
	if err != nil || active != "result" {
		t.Errorf("after the down arrow, focus is on %q (%v)", active, err)
	}
}

// TestKPITableSorts clicks a column header of /kpis/: the rows reorder.
func TestKPITableSorts(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var names []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"kpis/"),
		chromedp.WaitVisible("table.kpi-table thead button.sort", chromedp.ByQuery),
		chromedp.Click("table.kpi-table thead th:first-child button.sort", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("table.kpi-table tbody th")).map(th => th.textContent.trim().toLowerCase())`, &names),
	)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Fatalf("after sorting by KPI, %q comes before %q", names[i-1], names[i])
		}
	}
}

// TestPrintBriefs prints every bundled brief to PDF: each fits on one or
// two A4 pages, without the navigation.
func TestPrintBriefs(t *testing.T) {
	ctx := browsertest.New(t)
	base, res := serveBundled(t)
	for _, p := range res.Site.Briefs {
		var pdf []byte
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+strings.TrimPrefix(p.URL, "/")),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatal(err)
		}
		pages := regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)
		if len(pages) < 1 || len(pages) > 2 {
			t.Errorf("%s prints on %d pages, want 1 or 2", p.URL, len(pages))
		}
		os.MkdirAll(screenshotDir, 0o755)
		os.WriteFile(filepath.Join(screenshotDir, "print-"+content.Slug(p.URL)+".pdf"), pdf, 0o644)
	}
}

// TestKPIStatesInBrowser opens the home page, a brief and /kpis/ at phone
// and desktop widths, light and dark: every KPI on a home card shows its
// state in words, inside the card; a proposed brief's card says its KPIs
// have not started, and none of its KPIs says "Off track" anywhere.
// Screenshots (PNG) are written for people to look at.
func TestKPIStatesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	base, res := serveBundled(t)
	var proposed string
	for _, p := range res.Site.Briefs {
		if p.Brief.Status == "proposed" && len(p.Brief.KPIs) > 0 {
			proposed = p.Title
		}
	}
	if proposed == "" {
		t.Fatal("the bundled site has no proposed brief with KPIs")
	}
	os.MkdirAll(screenshotDir, 0o755)
	for _, width := range []int64{375, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			var bad []string
			var card string
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 900),
				emulateScheme(scheme),
				chromedp.Navigate(base),
				chromedp.WaitVisible(".card", chromedp.ByQuery),
				chromedp.Evaluate(`[...document.querySelectorAll(".kpi-mini li")].filter(li => {
					const s = li.querySelector(".kpi-mini-state"), c = li.closest(".card").getBoundingClientRect();
					if (!s || !s.textContent.trim()) return true;
					const r = s.getBoundingClientRect();
					return r.width === 0 || r.left < c.left || r.right > c.right + 1;
				}).map(li => li.innerText)`, &bad),
				chromedp.Evaluate(`[...document.querySelectorAll(".card")].find(c => c.querySelector(".card-title").innerText.trim() === `+strconvQuote(proposed)+`).innerText`, &card),
			)
			if err != nil {
				t.Fatalf("%d px %s: %v", width, scheme, err)
			}
			for _, b := range bad {
				t.Errorf("%d px %s: a KPI on a card shows no state inside its card: %q", width, scheme, b)
			}
			if !strings.Contains(card, "not started") || strings.Contains(card, "Off track") || strings.Contains(card, "on track") {
				t.Errorf("%d px %s: the proposed brief's card reads %q", width, scheme, card)
			}
			for name, path := range map[string]string{"home": "", "brief": "cms-migration/", "kpis": "kpis/"} {
				var shot []byte
				err := chromedp.Run(ctx,
					chromedp.Navigate(base+path),
					chromedp.WaitReady("body", chromedp.ByQuery),
					chromedp.Sleep(100*time.Millisecond),
					chromedp.FullScreenshot(&shot, 100), // PNG
				)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(screenshotDir, fmt.Sprintf("states-%s-%d-%s.png", name, width, scheme)), shot, 0o644)
				// And the part that shows the states, at its own size.
				part := map[string]string{"home": ".cards", "brief": ".kpis", "kpis": ".kpi-table"}[name]
				if err := chromedp.Run(ctx, chromedp.Screenshot(part, &shot, chromedp.ByQuery)); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(screenshotDir, fmt.Sprintf("states-%s-part-%d-%s.png", name, width, scheme)), shot, 0o644)
			}
		}
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestKPIsOnPhone: at 375 px, /kpis/ shows each KPI as a stacked row whose
// progress and state lie inside the viewport, and the page does not
// scroll sideways; at 1280 px it is a table.
func TestKPIsOnPhone(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var outside []string
	var scrolls bool
	var shot []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(base+"kpis/"),
		chromedp.WaitVisible(".kpi-table", chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll(".kpi-table tbody tr")].filter(tr => {
			const s = tr.querySelector("td[data-label=State] .chip").getBoundingClientRect();
			const p = tr.querySelector("td[data-label=Progress]").getBoundingClientRect();
			return s.left < 0 || s.right > innerWidth || p.left < 0 || p.right > innerWidth || s.width === 0;
		}).map(tr => tr.querySelector("th").innerText)`, &outside),
		chromedp.Evaluate(`document.documentElement.scrollWidth > innerWidth + 1 || document.querySelector(".table-wrap").scrollWidth > document.querySelector(".table-wrap").clientWidth + 1`, &scrolls),
		chromedp.ScrollIntoView(".kpi-table", chromedp.ByQuery),
		chromedp.CaptureScreenshot(&shot),
	)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(screenshotDir, 0o755)
	os.WriteFile(filepath.Join(screenshotDir, "kpis-stacked-375.png"), shot, 0o644)
	for _, k := range outside {
		t.Errorf("at 375 px the state or progress of %q is outside the viewport", k)
	}
	if scrolls {
		t.Error("at 375 px /kpis/ scrolls sideways")
	}
	var display string
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"kpis/"), chromedp.WaitVisible(".kpi-table", chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".kpi-table tbody tr")).display`, &display)); err != nil {
		t.Fatal(err)
	}
	if display != "table-row" {
		t.Errorf("at 1280 px a KPI row is %q, want a table row", display)
	}
}

// TestPeopleCardHeights: on /people/ at 1280 px, a person's card is as tall
// as its roles, and the next card in its column follows it closely, however
// tall the card beside it: no white space under a short card.
func TestPeopleCardHeights(t *testing.T) {
	ctx := browsertest.New(t)
	root := t.TempDir()
	files := map[string]string{}
	for i := range 12 {
		roles := "  - {id: r, title: Lead, team: it, person: Many Roles, responsibilities: [x]}\n"
		if i == 0 {
			roles = ""
		}
		files[fmt.Sprintf("content/b%02d.md", i)] = fmt.Sprintf("---\ntitle: B%d\ngoals: [{id: g, title: G}]\nroles:\n%s  - {id: s%d, title: Solo, team: marketing, person: Solo Person %02d, responsibilities: [x]}\n---\n", i, roles, i, i)
	}
	for p, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
		os.WriteFile(filepath.Join(root, p), []byte(data), 0o644)
	}
	dest := filepath.Join(t.TempDir(), "public")
	out, err := output.OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := builder.Build(os.DirFS(root), out, builder.Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	out.Commit()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := &http.Server{Handler: staticHandler(dest)}
	go srv.Serve(ln)
	defer srv.Close()
	var gaps []string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(fmt.Sprintf("http://%s/people/", ln.Addr())),
		chromedp.WaitVisible(".person", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const cards = [...document.querySelectorAll(".person")].map(e => ({e, r: e.getBoundingClientRect()}));
			const out = [];
			for (const a of cards) {
				// The next card below a in its column.
				const below = cards.filter(b => Math.abs(b.r.left - a.r.left) < 2 && b.r.top > a.r.top).sort((x, y) => x.r.top - y.r.top)[0];
				if (below && below.r.top - a.r.bottom > 40) out.push(a.e.querySelector("h2").innerText + ": " + Math.round(below.r.top - a.r.bottom) + " px");
				const inner = [...a.e.children].reduce((m, c) => Math.max(m, c.getBoundingClientRect().bottom), 0);
				if (a.r.bottom - inner > 40) out.push(a.e.querySelector("h2").innerText + " is " + Math.round(a.r.bottom - inner) + " px taller than its roles");
			}
			return out;
		})()`, &gaps),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		t.Errorf("white space on /people/: %s", g)
	}
}

// TestNarrowPagesAligned: /search/ and the 404 page start at the left edge
// every other page starts at, and their heading sits as far under the
// header as the others' do.
func TestNarrowPagesAligned(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	type box struct{ Left, Top float64 }
	measure := func(path string) box {
		var b box
		err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+path), chromedp.WaitVisible("h1", chromedp.ByQuery),
			chromedp.Evaluate(`(() => { const h = document.querySelector("main h1").getBoundingClientRect(), hd = document.querySelector(".site-header").getBoundingClientRect(); return {Left: h.left, Top: h.top - hd.bottom}; })()`, &b))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := measure("kpis/")
	for _, p := range []string{"search/", "no-such-page/"} {
		if got := measure(p); math.Abs(got.Left-want.Left) > 1 || math.Abs(got.Top-want.Top) > 2 {
			t.Errorf("/%s: heading at %+v from the header, /kpis/'s at %+v", p, got, want)
		}
	}
}

// TestNavigation: on a phone the header is one row, its navigation behind a
// Menu button that opens without script; at 1280 px the navigation sits in
// the header's row; a brief's section is marked current in it, and every
// brief, top-level ones too, has breadcrumbs.
func TestNavigation(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var headerH, links float64
	var shot []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(base+"web/seo-refresh/"),
		chromedp.WaitVisible(".nav-narrow summary", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".site-header").getBoundingClientRect().height`, &headerH),
		chromedp.Click(".nav-narrow summary", chromedp.ByQuery),
		chromedp.Sleep(100*time.Millisecond),
		chromedp.Evaluate(`[...document.querySelectorAll(".nav-narrow nav a")].filter(a => a.getBoundingClientRect().height > 0).length`, &links),
		chromedp.CaptureScreenshot(&shot),
	)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(screenshotDir, 0o755)
	os.WriteFile(filepath.Join(screenshotDir, "menu-375.png"), shot, 0o644)
	if headerH > 64 {
		t.Errorf("at 375 px the header is %.0f px tall, more than one row", headerH)
	}
	if links < 5 {
		t.Errorf("the opened menu shows %.0f links", links)
	}
	var sameRow bool
	var current, crumbsTop, crumbsSection string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"web/seo-refresh/"),
		chromedp.WaitVisible(".nav-wide", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const b = document.querySelector(".brand").getBoundingClientRect(), n = document.querySelector(".nav-wide").getBoundingClientRect(); return n.height > 0 && n.top < b.bottom && n.bottom > b.top; })()`, &sameRow),
		chromedp.Evaluate(`[...document.querySelectorAll(".nav-wide a[aria-current]")].map(a => a.innerText).join(",")`, &current),
		chromedp.Evaluate(`document.querySelector("nav[aria-label=Breadcrumb]").innerText`, &crumbsSection),
		chromedp.Navigate(base+"cms-migration/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("nav[aria-label=Breadcrumb]").innerText`, &crumbsTop),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !sameRow {
		t.Error("at 1280 px the navigation is not in the header's row")
	}
	if current != "Website" {
		t.Errorf("on a brief of the Website section, the current link is %q", current)
	}
	if !strings.Contains(crumbsSection, "Briefs") || !strings.Contains(crumbsSection, "Website") || !strings.Contains(crumbsTop, "Briefs") {
		t.Errorf("breadcrumbs: %q in a section, %q at the top", crumbsSection, crumbsTop)
	}
}

// TestHeaderSearch: every page but /search/ has a search box in its header
// whose results open under it as one types, each with its snippet; / moves
// the focus to it from anywhere on the page; a query that finds nothing
// offers close words of the index, and a suggestion runs that search.
func TestHeaderSearch(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var results, snippets int
	var focused, status, shown string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"kpis/"),
		chromedp.WaitVisible("#header-q", chromedp.ByID),
		chromedp.Click("h1", chromedp.ByQuery),
		chromedp.KeyEvent("/"),
		chromedp.Evaluate(`document.activeElement.id`, &focused),
		chromedp.SendKeys("#header-q", "checkout", chromedp.ByID),
		chromedp.Poll(`document.querySelectorAll("#header-results .search-result").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.querySelectorAll("#header-results .search-result").length`, &results),
		chromedp.Evaluate(`[...document.querySelectorAll("#header-results .search-result")].filter(r => r.querySelector(".search-snippet") && r.querySelector(".search-snippet").textContent.trim()).length`, &snippets),
		chromedp.Evaluate(`document.querySelector(".header-search .search-status").textContent`, &status),
		chromedp.KeyEvent(kb.Escape),
		chromedp.Evaluate(`document.querySelector(".search-pop").hidden ? "closed" : "open"`, &shown),
	)
	if err != nil {
		t.Fatal(err)
	}
	if focused != "header-q" {
		t.Errorf("after /, the focus is on %q, not the header's search box", focused)
	}
	// On /search/, every result says why it is one: a highlighted word in
	// its title, facts or summary, or a line saying its text holds them.
	var unexplained int
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"search/?q=checkout"),
		chromedp.Poll(`document.querySelectorAll("#search-results .search-result").length > 1`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#search-results .search-result")].filter(r => !r.querySelector("mark")).length`, &unexplained),
	)
	if err != nil {
		t.Fatal(err)
	}
	if unexplained > 0 {
		t.Errorf("%d results of /search/ show no matched word", unexplained)
	}
	if results == 0 || results > 5 || snippets != results {
		t.Errorf("the header shows %d results, %d with a snippet (status %q)", results, snippets, status)
	}
	if !strings.Contains(status, "checkout") {
		t.Errorf("status %q", status)
	}
	if shown != "closed" {
		t.Error("Escape does not close the header's results")
	}
	// A typo: the suggestions are terms of the index, and one runs.
	var tries []string
	var after int
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"search/?q=chekout"),
		chromedp.Poll(`document.querySelectorAll("#search-status .search-try").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#search-status .search-try")].map(b => b.textContent)`, &tries),
		chromedp.Click("#search-status .search-try", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#search-results .search-result").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.querySelectorAll("#search-results .search-result").length`, &after),
	)
	if err != nil {
		t.Fatalf("suggestions for a typo (%v): %v", tries, err)
	}
	if len(tries) == 0 || tries[0] != "checkout" {
		t.Errorf("for chekout the suggestions are %q", tries)
	}
	// On /search/, / focuses the page's own box; the header's is hidden.
	var pageFocus string
	var headerBoxes int
	err = chromedp.Run(ctx,
		chromedp.Click("h1", chromedp.ByQuery),
		chromedp.KeyEvent("/"),
		chromedp.Evaluate(`document.activeElement.id`, &pageFocus),
		chromedp.Evaluate(`[...document.querySelectorAll(".header-search")].filter(f => f.offsetParent !== null).length`, &headerBoxes),
	)
	if err != nil {
		t.Fatal(err)
	}
	if pageFocus != "q" || headerBoxes != 0 {
		t.Errorf("on /search/: / focuses %q, %d header boxes shown", pageFocus, headerBoxes)
	}
}

// TestHomeAtScale opens the home page of a 300-brief site: on a phone the
// first brief (of the attention list) starts within the first screen; the
// attention lists are there, each at most five briefs; every card whose
// title another brief shares says where it is.
func TestHomeAtScale(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveSite(t, corpus.Generate(300, 1), corpus.Reference)
	var firstTop float64
	var lists []int
	var unlabelled []string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 667),
		chromedp.Navigate(base),
		chromedp.WaitVisible(".attention", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".attention li a, .cards .card-title a").getBoundingClientRect().top + window.scrollY`, &firstTop),
		chromedp.Evaluate(`[...document.querySelectorAll(".attention-list")].map(l => l.querySelectorAll("li").length)`, &lists),
		chromedp.Evaluate(`(() => {
			const cards = [...document.querySelectorAll(".cards .card")];
			const count = {};
			for (const c of cards) { const t = c.querySelector(".card-title").textContent; count[t] = (count[t] || 0) + 1; }
			return cards.filter(c => count[c.querySelector(".card-title").textContent] > 1 && !c.querySelector(".card-context")).map(c => c.querySelector(".card-title").textContent);
		})()`, &unlabelled),
	)
	if err != nil {
		t.Fatal(err)
	}
	if firstTop > 600 {
		t.Errorf("at 375 px the first brief starts %.0f px down, below the first screen", firstTop)
	}
	if len(lists) < 2 {
		t.Errorf("%d attention lists, want off track, past due or stale, and recent", len(lists))
	}
	for _, n := range lists {
		if n == 0 || n > 5 {
			t.Errorf("an attention list shows %d briefs", n)
		}
	}
	if len(unlabelled) > 0 {
		t.Errorf("cards whose title repeats show no section: %q", unlabelled)
	}
}

// TestBriefPage measures a brief: one outline of the whole page (goals,
// roles, health, the body's sections), reachable from the top on a phone
// and beside the page on a desktop; the body's headings nest under "The
// brief"; the vital elements are shown once; a goal's only KPI fills the
// row; an owner's name and title fit on one line; done and open tasks
// look different.
func TestBriefPage(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var summaryTop float64
	var outlines int
	var targets []string
	var missing []string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 667),
		chromedp.Navigate(base+"cms-migration/"),
		chromedp.WaitVisible(".outline-narrow summary", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".outline-narrow summary").getBoundingClientRect().bottom`, &summaryTop),
		chromedp.Evaluate(`[...document.querySelectorAll(".outline")].filter(o => o.offsetParent !== null).length`, &outlines),
		chromedp.Evaluate(`[...document.querySelectorAll(".outline-narrow a")].map(a => a.getAttribute("href"))`, &targets),
		chromedp.Evaluate(`[...document.querySelectorAll(".outline-narrow a")].map(a => a.getAttribute("href")).filter(h => !document.getElementById(h.slice(1)))`, &missing),
	)
	if err != nil {
		t.Fatal(err)
	}
	if summaryTop > 667 {
		t.Errorf("at 375 px the outline starts below the first screen (%.0f px)", summaryTop)
	}
	if outlines != 1 {
		t.Errorf("%d outlines shown at 375 px, want 1", outlines)
	}
	for _, want := range []string{"#goals", "#roles", "#health", "#brief"} {
		if !slices.Contains(targets, want) {
			t.Errorf("the outline lacks %s: %v", want, targets)
		}
	}
	if len(targets) < 8 || len(missing) > 0 {
		t.Errorf("outline: %d links, to nowhere: %v", len(targets), missing)
	}
	var wideOutline bool
	var h2InBody, metBars int
	var soloRatio, ownerLines float64
	var done, open string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"cms-migration/"),
		chromedp.WaitVisible(".outline-wide", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const o = document.querySelector(".outline-wide").getBoundingClientRect(), m = document.querySelector(".brief-main").getBoundingClientRect(); return o.left >= m.right && o.top < 900; })()`, &wideOutline),
		chromedp.Evaluate(`document.querySelectorAll("#brief ~ .prose h2, .brief .prose h2").length`, &h2InBody),
		chromedp.Evaluate(`[...document.querySelectorAll(".brief-main")].map(m => m.textContent.match(/— met/g)).flat().filter(Boolean).length`, &metBars),
		chromedp.Evaluate(`Math.min(...[...document.querySelectorAll(".goal")].filter(g => g.querySelectorAll(".kpi").length === 1).map(g => g.querySelector(".kpi").getBoundingClientRect().width / g.getBoundingClientRect().width))`, &soloRatio),
		chromedp.Evaluate(`Math.max(...[...document.querySelectorAll(".kpi-owner dd")].map(d => d.getBoundingClientRect().height / parseFloat(getComputedStyle(d).lineHeight)))`, &ownerLines),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".prose input[type=checkbox]:checked")).backgroundColor`, &done),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".prose input[type=checkbox]:not(:checked)")).backgroundColor`, &open),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !wideOutline {
		t.Error("at 1280 px the outline is not beside the page, in the first screen")
	}
	if h2InBody > 0 {
		t.Errorf("%d of the body's headings are h2, as high as \"The brief\"", h2InBody)
	}
	if metBars > 0 {
		t.Errorf("the vital elements are shown again in the page (%d \"— met\")", metBars)
	}
	if soloRatio < 0.95 {
		t.Errorf("a goal's only KPI takes %.0f%% of the row", soloRatio*100)
	}
	if ownerLines > 1.5 {
		t.Errorf("an owner takes %.1f lines", ownerLines)
	}
	if done == open {
		t.Errorf("done and open tasks have the same background (%s)", done)
	}
}

// TestPrintSizes: in print, a table's headers are no larger than its
// cells, and a chart's labels print at 5.5 pt or more.
func TestPrintSizes(t *testing.T) {
	ctx := browsertest.New(t)
	base, _ := serveBundled(t)
	var th, td, label float64
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(794, 1123), // A4 at 96 dpi
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Navigate(base+"cms-migration/"),
		chromedp.WaitReady(".roles", chromedp.ByQuery),
		chromedp.Evaluate(`Math.max(...[...document.querySelectorAll(".roles th")].map(e => parseFloat(getComputedStyle(e).fontSize)))`, &th),
		chromedp.Evaluate(`Math.min(...[...document.querySelectorAll(".roles td")].map(e => parseFloat(getComputedStyle(e).fontSize)))`, &td),
		chromedp.Evaluate(`Math.min(...[...document.querySelectorAll(".kpi-chart")].map(svg => {
			const scale = svg.getBoundingClientRect().height / svg.viewBox.baseVal.height;
			return Math.min(...[...svg.querySelectorAll(".tick")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
		}))`, &label),
	)
	if err != nil {
		t.Fatal(err)
	}
	if th > td {
		t.Errorf("in print, table headers are %.1f px, their cells %.1f px", th, td)
	}
	if pt := label * 0.75; pt < 5.5 {
		t.Errorf("in print, chart labels are %.1f pt", pt)
	}
	chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia(""))
}
