package builder

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"math"
	neturl "net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/charts"
	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/feed"
	"github.com/playbook-dev/playbook/builder/format"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/internal/tmplexec"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/templates"
	"github.com/playbook-dev/playbook/builder/views"
)

// The layouts a site needs. Each defines the template "main", executed
// inside base.html.
var pageLayouts = []string{"home.html", "brief.html", "page.html", "section.html", "list.html", "terms.html", "kpis.html", "people.html", "search.html", "404.html"}

// A layoutSet is the layouts of a build, parsed: base.html with the
// partials (root, which renders cards) and each page layout, their
// functions, and the copies of them that workers execute. Once a build
// has executed them, html/template has escaped them and each has its
// tmplexec.Runner: a Cache keeps the set for the next build whose layouts
// are the same, which then neither parses nor escapes them again (about
// 30 ms a layout). The functions reach the build that executes them
// through ref: one build at a time uses a set (see Cache.takeLayouts).
type layoutSet struct {
	key         uint64 // of the layout files and the settings that shape them
	ref         *buildRef
	funcMap     template.FuncMap              // the layouts' functions
	direct      map[string]tmplexec.Func      // those of them tmplexec calls directly
	root        *template.Template            // base.html and the partials, for card
	tmpl        map[string]*template.Template // each page layout, with root's templates
	sets        chan map[string]*layout       // tmpl, and copies of it: see cloneLayouts
	cardRuns    sync.Pool                     // *tmplexec.Runner of root's partials/card.html, one per goroutine
	cardOnce    sync.Once                     // sets cardEscaped
	cardEscaped bool                          // root's partials/card.html is escaped: cardRuns may run it
	compact     bool                          // the layouts are minified: pages are written as rendered
}

// buildRef is the build a layoutSet's functions call.
type buildRef struct{ b *build }

// layoutsKey hashes what a layoutSet is made from: the layout files, and
// the settings that change how they are parsed and executed.
func (b *build) layoutsKey() uint64 {
	k := newKeyer().num(uint64(len(b.layouts)))
	for _, name := range slices.Sorted(maps.Keys(b.layouts)) {
		k = k.str(name).str(b.layouts[name])
	}
	flags := uint64(0)
	if b.min != nil {
		flags |= 1
	}
	if b.opts.pageMinify {
		flags |= 2
	}
	if b.opts.HTMLTemplateOnly {
		flags |= 4
	}
	return k.num(flags).sum()
}

// parseTemplates takes the Cache's layoutSet when the layouts are those
// it was parsed from, or parses base.html and partials/*.html once, then
// clones that set for each page layout.
func (b *build) parseTemplates() error {
	key := b.layoutsKey()
	if ls := b.opts.Cache.takeLayouts(key); ls != nil {
		ls.ref.b = b
		b.lay = ls
		return nil
	}
	var errs content.ErrorList
	ls := &layoutSet{key: key, ref: &buildRef{b: b}}
	ls.funcMap, ls.direct = tmplexec.Funcs(ls.ref.funcs())
	root := template.New("base.html").Funcs(ls.funcMap)
	read := func(name string) (string, bool) {
		src, ok := b.layouts[name]
		if !ok {
			errs.Add("layouts/"+name, content.Pos{Line: 1, Col: 1}, "cannot read the layout: %v", fs.ErrNotExist)
		}
		return src, ok
	}
	if src, ok := read("base.html"); ok {
		if _, err := root.Parse(src); err != nil {
			errs = append(errs, templates.Error(err).(content.ErrorList)...)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b.layouts)) {
		if dir, file := path.Split(name); dir != "partials/" || path.Ext(file) != ".html" {
			continue
		}
		if src, ok := read(name); ok {
			if _, err := root.New(name).Parse(src); err != nil {
				errs = append(errs, templates.Error(err).(content.ErrorList)...)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	ls.compact = b.min != nil && !b.opts.pageMinify && templates.Compactable(b.layouts)
	if ls.compact {
		templates.Compact(root) // before cloning: clones share the trees
	}
	ls.tmpl = map[string]*template.Template{}
	ls.root = root
	for _, name := range pageLayouts {
		src, ok := read(name)
		if !ok {
			continue
		}
		t, err := root.Clone()
		if err == nil {
			_, err = t.New(name).Parse(src)
		}
		if err != nil {
			errs = append(errs, templates.Error(err).(content.ErrorList)...)
			continue
		}
		if ls.compact {
			templates.Compact(t)
		}
		ls.tmpl[name] = t
	}
	b.lay = ls
	return errs.Err()
}

// cloneLayouts fills the set's sets with the layouts and, when jobs (the
// number of files about to be made) is large, a copy of them for each
// further core, made before any is executed (html/template clones only
// then). Each render takes a set no other goroutine is using, so that the
// set's tmplexec.Runners need no lock, nor do the locks of html/template's
// (which every function call takes) see contention. A copy costs about
// two milliseconds (cloned, then escaped), what a few pages take to
// render: a build of fewer files without a Cache renders them one at a
// time. A set taken from the Cache has its copies already, one for each
// core.
func (b *build) cloneLayouts(jobs int) error {
	ls := b.lay
	if ls.sets != nil {
		return nil
	}
	n := runtime.GOMAXPROCS(0)
	if jobs < 32 && b.opts.Cache == nil {
		n = 1 // with a Cache, the set serves later builds too, of any size
	}
	sets := make(chan map[string]*layout, n)
	for i := range n {
		set := make(map[string]*layout, len(ls.tmpl))
		for name, t := range ls.tmpl {
			if i > 0 {
				c, err := t.Clone()
				if err != nil {
					return fmt.Errorf("layouts/%s: %w", name, err)
				}
				t = c
			}
			set[name] = &layout{t: t}
		}
		sets <- set
	}
	ls.sets = sets
	return nil
}

// A layout is the templates of a page layout (base.html, the partials and
// the layout) and, once html/template has escaped them, a tmplexec.Runner
// that executes them faster.
type layout struct {
	t      *template.Template
	tried  bool // escaped for a Runner, or found not to escape
	run    *tmplexec.Runner
	missed int // pages l.run left to html/template
}

// execute executes base.html with data into buf: with l.run, unless it
// leaves the page to html/template, which then also reports any error. A
// layout tmplexec keeps leaving to html/template (one using what tmplexec
// does not do) is left to html/template for good, rather than executed
// twice.
func (b *build) execute(l *layout, buf *bytes.Buffer, data *Data, rec *recorder) error {
	if !l.tried && !b.opts.HTMLTemplateOnly {
		l.tried = true
		if templates.Escape(l.t, "base.html", &Data{}) {
			l.run = tmplexec.New(l.t, "base.html", b.lay.funcMap, b.lay.direct, watch)
		}
	}
	if l.run != nil {
		n := buf.Len()
		if l.run.Execute(buf, data, rec.asRecorder()) == nil {
			return nil
		}
		buf.Truncate(n)
		if l.missed++; l.missed >= 32 {
			l.run = nil
		}
	}
	b.meter.slow.Add(1)
	rec.readAll() // html/template tells nothing of what the page reads
	return l.t.ExecuteTemplate(buf, "base.html", data)
}

// funcs returns the layouts' functions, which call r's build: the one
// executing them; docs/layouts.md describes them. Those the layouts call
// for every page, or many times on a page, are wrapped for tmplexec to
// call without reflection.
func (r *buildRef) funcs() map[string]any {
	return map[string]any{
		"asset": func(name string) (string, error) {
			u, ok := r.b.assets[name]
			if !ok {
				return "", fmt.Errorf("asset %q: no such file in theme/", name)
			}
			return r.b.relURL(u), nil
		},
		"relURL": func(u string) string { return r.b.relURL(u) },
		"absURL": func(u string) string { return r.b.absURL(u) },
		"date": tmplexec.Func2(func(layout string, t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(layout)
		}),
		"isoDate": tmplexec.Func1(feed.Date),
		"number":  format.Number,
		"percent": func(f float64) string { return format.Number(math.Round(f*100)) + "%" },
		"markdownify": func(s string) (template.HTML, error) {
			res, err := r.b.md.Convert([]byte(s), markdown.Context{})
			if err != nil {
				return "", err
			}
			h := strings.TrimSpace(res.HTML)
			if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
				h = h[3 : len(h)-4]
			}
			return template.HTML(h), nil
		},
		"humanize": format.Label,
		"slug":     content.Slug,
		"kpiValue": tmplexec.Func2(kpiValue),
		"progress": tmplexec.Func1(func(k *content.KPI) int {
			p, ok := k.Progress()
			if !ok {
				return 0
			}
			return int(math.Round(p * 100))
		}),
		"hasProgress": tmplexec.Func1(func(k *content.KPI) bool { _, ok := k.Progress(); return ok }),
		"onTrack":     tmplexec.Func1(func(k *content.KPI) bool { return k.OnTrack(r.b.opts.Today) }),
		"inSection":   func(url, section string) bool { return section != "/" && strings.HasPrefix(url, section) },
		"kpiState":    tmplexec.Func1(func(k *content.KPI) views.KPIState { return views.StateOf(k, r.b.opts.Today) }),
		"health":      tmplexec.Func1(func(p *content.Page) *health.Report { return r.b.health[p] }),
		"elements":    func() []health.Element { return health.Elements },
		"orgChart":    tmplexec.Func1(charts.Org),
		"card":        tmplexec.Func1Err(func(p *content.Page) (template.HTML, error) { return r.b.card(p) }),
		"terms":       tmplexec.Func1(func(tax string) []*views.Term { return r.b.agg.Terms[tax] }),
		"kpiSummary":  tmplexec.Func1(func(p *content.Page) views.KPISummary { return views.SummaryOf(p, r.b.opts.Today) }),
		"stats":       func() views.Stats { return r.b.stats() },
		"attention":   func() *views.Attention { return r.b.attention() },
		"personURL":   tmplexec.Func1(func(name string) string { return r.b.personURL(name) }),
		"peopleIndex": func() []views.Letter { return r.b.people().Letters() },
		"repeated":    tmplexec.Func1(func(p *content.Page) bool { return p != nil && r.b.agg.Repeats[p.Title] }),
		"kpiChart":    tmplexec.Func1(charts.KPI),
		"join":        strings.Join,
		"lower":       strings.ToLower,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict needs key and value pairs")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"add": func(a, b int) int { return a + b },
		"termURL": func(taxonomy, term string) string {
			return r.b.relURL("/" + taxonomy + "/" + neturl.PathEscape(content.Anchor(term)) + "/")
		},
		"editURL":  tmplexec.Func1(func(p *content.Page) string { return r.b.editURL(p) }),
		"basename": path.Base,
	}
}

// editURL links to a page's source in the site's repository, when
// repo_url is set.
func (b *build) editURL(p *content.Page) string {
	if b.site.RepoURL == "" || p == nil || p.Source == "" {
		return ""
	}
	return b.site.RepoURL + "/" + p.Source
}

// kpiValue formats a value with the KPI's unit: "42%", "2.5 s", "1,200 leads".
func kpiValue(k *content.KPI, v any) string {
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case *float64:
		if v == nil {
			return "—"
		}
		f = *v
	case int:
		f = float64(v)
	default:
		return "—"
	}
	return format.Value(k.Unit, f)
}

func (b *build) stats() views.Stats {
	b.statsOnce.Do(func() { b.statsValue = views.StatsOf(b.site.Briefs, b.agg, b.health) })
	return b.statsValue
}

// cardBudget is the memory a build holds cards in; the rest wait in a
// temporary file (a card is about 3 KB: 10,000 briefs' cards fit).
const cardBudget = 32 << 20

// card renders partials/card.html for a page once per build: a brief's card
// is the same on the home page, its section and every group it is in.
// What the cards read beyond their page is added to the Cache's: the pages
// that call card are keyed with it (see deps).
func (b *build) card(p *content.Page) (template.HTML, error) {
	if v, ok, err := b.cards.Get(p); ok || err != nil {
		return template.HTML(v), err
	}
	name := "card:" + p.URL
	own := &Data{Kind: "card", Page: p, URL: p.URL, Title: p.Title, Description: p.Summary}
	var base keyer
	if b.opts.Cache != nil {
		base = b.dataKey("partials/card.html", own)
		key := func(d deps) uint64 { return b.depsKey(base.clone(), d, 0).sum() }
		if out := b.opts.Cache.rendered(name, key); out != nil {
			v := string(out)
			b.cards.Put(p, v)
			return template.HTML(v), nil
		}
	}
	var buf strings.Builder
	var run *tmplexec.Runner
	ls := b.lay
	ls.cardOnce.Do(func() {
		ls.cardEscaped = !b.opts.HTMLTemplateOnly && templates.Escape(ls.root, "partials/card.html", (*content.Page)(nil))
	})
	if ls.cardEscaped {
		run, _ = ls.cardRuns.Get().(*tmplexec.Runner)
		if run == nil {
			run = tmplexec.New(ls.root, "partials/card.html", ls.funcMap, ls.direct, watch)
		}
		defer ls.cardRuns.Put(run)
	}
	var rec *recorder
	if b.opts.Cache != nil {
		rec = &recorder{d: own}
	}
	if run == nil || run.Execute(&buf, p, rec.asRecorder()) != nil {
		buf.Reset()
		b.meter.slow.Add(1)
		rec.readAll()
		if err := ls.root.ExecuteTemplate(&buf, "partials/card.html", p); err != nil {
			return "", err
		}
	}
	h := buf.String()
	b.cards.Put(p, h)
	// Added at once, so that a page keyed with the cards' reads of a
	// build that fails on is never read as holding cards it does not.
	if b.opts.Cache != nil {
		b.opts.Cache.addCardReads(rec.deps)
		b.opts.Cache.putRendered(name, b.depsKey(base, rec.deps, 0).sum(), []byte(h), rec.deps)
	}
	return template.HTML(h), nil
}
