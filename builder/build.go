package builder

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/internal/memstat"
	"github.com/playbook-dev/playbook/builder/internal/minifier"
	"github.com/playbook-dev/playbook/builder/internal/par"
	"github.com/playbook-dev/playbook/builder/internal/spill"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/templates"
	"github.com/playbook-dev/playbook/builder/views"
	"github.com/playbook-dev/playbook/layouts"
	"github.com/playbook-dev/playbook/theme"
	"github.com/tdewolff/minify/v2"
)

// Options control a build.
type Options struct {
	Drafts   bool      // include drafts
	BaseURL  string    // overrides the site's base_url
	NoMinify bool      // write HTML, CSS, JS, SVG, JSON and XML as rendered
	Today    time.Time // the date that date-dependent rules use; zero means now

	// Layouts and Theme are the default layouts and theme under the site's
	// own folders; nil means the embedded ones.
	Layouts fs.FS
	Theme   fs.FS

	// Cache, when set, carries parsed files, converted Markdown and
	// rendered pages over to the next build of the same site, which then
	// redoes only what changed (see Cache).
	Cache *Cache

	// Changed, with a Cache, lists the files changed since the last build
	// with it, as a file watcher reports them (see content.Options); nil
	// means not known.
	Changed []string

	// HTMLTemplateOnly executes the layouts with html/template alone, not
	// with the faster executor of internal/tmplexec, whose output is held
	// to html/template's by differential tests. The environment variable
	// PLAYBOOK_TMPLEXEC=off does the same for the playbook command.
	HTMLTemplateOnly bool

	// Stream lets a build without a Cache render each brief and plain page
	// as it converts the page's Markdown, so that its memory grows with
	// what one page needs, not with the site (see Output in the package
	// documentation). Errors in those bodies are then found after other
	// files are written: set it only when out is thrown away if Build
	// fails, as an output.Dir is by Abort. playbook build sets it.
	Stream bool

	pageMinify bool // minify every page, not the layouts once (for tests)
	cardBudget int  // the bytes of cards held in memory, if not cardBudget (for tests)
}

// Result describes a finished build.
type Result struct {
	Site     *content.Site     // without a Cache, its pages' Body is let go once converted, unless a layout reads it
	Health   []*health.Report  // one per brief, in the order of Site.Briefs
	Files    int               // files written
	Pages    int               // HTML pages written
	Warnings content.ErrorList // problems that did not stop the build
	Duration time.Duration
	Metrics  Metrics // where the time went
}

// Build reads the site in src (a folder holding content/ and optionally
// layouts/ and theme/), renders it and writes every output file to out.
// When the content has errors, Build returns a content.ErrorList and writes
// nothing, unless opts.Stream is set. A layout that fails as it executes,
// or a failing out, stops it after some files are written (see Output in
// the package documentation).
func Build(src fs.FS, out output.Output, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	opts.Today = time.Date(opts.Today.Year(), opts.Today.Month(), opts.Today.Day(), 0, 0, 0, 0, time.UTC)
	if opts.Layouts == nil {
		opts.Layouts = layouts.FS()
	}
	if opts.Theme == nil {
		opts.Theme = theme.FS()
	}
	// Nothing is read from a folder whose links lead outside the site.
	if errs := content.CheckLinks(src, "layouts", "theme"); len(errs) > 0 {
		errs.Sort()
		return &Result{}, errs
	}
	layoutFS := layerFS{top: sub(src, "layouts"), bottom: opts.Layouts}
	// Without a Cache, a page's Markdown is let go once converted, unless
	// a layout reads it (.Page.Body); with opts.Stream it is not even kept
	// from loading to rendering (see build.stream).
	layoutFiles, layoutErrs := templates.Read(layoutFS)
	if len(layoutErrs) > 0 {
		return &Result{}, layoutErrs
	}
	readsBody := templates.ReadsField(layoutFiles, "Body")
	release := opts.Cache == nil && !readsBody
	// The Markdown is read again when a page converts it, unless a layout
	// reads it: with opts.Stream, as each brief renders; with a Cache, when
	// the Cache holds no conversion of it.
	lopts := content.Options{Drafts: opts.Drafts, BaseURL: opts.BaseURL, Changed: opts.Changed, LeaveBodies: !readsBody && (opts.Stream || opts.Cache != nil)}
	if opts.Cache != nil {
		lopts.Cache = opts.Cache.docsFor(lopts.LeaveBodies)
	}
	var x Metrics
	lap := time.Now()
	mem := memstat.Start()
	defer mem.Close()
	stages := 0
	stage := func(d *time.Duration) {
		now := time.Now()
		*d = now.Sub(lap)
		lap = now
		x.Memory[stages].Peak, x.Memory[stages].Live = mem.Lap()
		stages++
	}
	site, err := content.Load(src, lopts)
	stage(&x.Load)
	var errs content.ErrorList
	if err != nil {
		// Content errors: go on to check links too, so that every error of
		// the build is reported at once; stop before anything is rendered.
		if !errors.As(err, &errs) || site == nil {
			return &Result{Site: site}, err
		}
	}
	b := &build{
		opts:    opts,
		src:     src,
		site:    site,
		out:     out,
		md:      markdown.New(markdown.Options{Unsafe: site.UnsafeHTML}),
		bodies:  map[*content.Page]*body{},
		layouts: layoutFiles,
		release: release,
		theme:   layerFS{top: sub(src, "theme"), bottom: opts.Theme},
		cards:   spill.New[*content.Page](cmp.Or(opts.cardBudget, cardBudget)),
	}
	defer b.cards.Close()
	if !opts.NoMinify {
		b.min = minifier.New()
	}
	if opts.Stream && opts.Cache == nil && lopts.LeaveBodies && len(errs) == 0 {
		b.stream = true // with content errors, convert every body first to report its links too
	}
	b.warnings = append(b.warnings, site.Warnings...)
	for _, c := range site.Home.Children {
		if c.Kind == content.SectionPage {
			b.sections = append(b.sections, c)
		}
	}

	b.keys.shape = shapeKey(site)
	b.convertBodies(&errs, func(p *content.Page) bool {
		return !b.stream || p.Kind == content.HomePage || p.Kind == content.SectionPage
	})
	stage(&x.Markdown)
	tmplErr := b.parseTemplates()
	if tmplErr != nil {
		errs = append(errs, content.Flatten(tmplErr)...)
	}
	stage(&x.Templates)
	if len(errs) > 0 {
		if tmplErr == nil {
			b.opts.Cache.putLayouts(b.lay) // good layouts, for when the content is fixed
		}
		if b.stream {
			// The briefs and plain pages convert their Markdown as they
			// render: convert it now, for its errors to be reported too.
			b.stream = false
			b.convertBodies(&errs, func(p *content.Page) bool {
				return p.Kind == content.BriefPage || p.Kind == content.PlainPage
			})
		}
		errs.Sort()
		return &Result{Site: site}, errs
	}
	reports := b.checkHealth()
	b.aggregate()
	stage(&x.Health)
	if err := b.writeAll(); err != nil {
		// Every render has returned its copy of the layouts: they stay
		// good for the next build.
		b.opts.Cache.putLayouts(b.lay)
		return &Result{Site: site, Health: reports}, err
	}
	stage(&x.Write)
	x.Total = time.Since(start)
	b.meter.fill(&x)
	b.warnings.Sort()
	return &Result{
		Site:     site,
		Health:   reports,
		Files:    int(b.files.Load()),
		Pages:    int(b.pages.Load()),
		Warnings: b.warnings,
		Duration: x.Total,
		Metrics:  x,
	}, nil
}

// build is the state of one build.
type build struct {
	opts    Options
	src     fs.FS
	site    *content.Site
	out     output.Output
	md      *markdown.Converter
	min     *minify.M
	layouts map[string]string // the text of every file of the layouts, by path
	theme   fs.FS

	bodies  map[*content.Page]*body
	health  map[*content.Page]*health.Report
	lay     *layoutSet                  // the parsed layouts, perhaps the last build's
	cards   *spill.Store[*content.Page] // the HTML of each page's card
	assets  map[string]string           // theme file name → fingerprinted URL
	release bool                        // let each page's Markdown go once converted

	// A build streams with Options.Stream, without a Cache or a layout
	// that reads .Page.Body (playbook build): briefs and plain pages
	// convert their Markdown as they render, hand their search documents
	// to searchRun, and let the HTML go, so no more than a page per worker
	// is held. Errors found then are gathered in streamErrs; the caller
	// throws away what was written.
	stream     bool
	searchRun  *searchRun
	feedBodies []*markdown.Result // of the feed's briefs, kept for the feed
	streamMu   sync.Mutex
	streamErrs content.ErrorList

	sections       []*content.Page // the sections under the home page, for navigation
	agg            *views.Set
	statsOnce      sync.Once
	peopleOnce     sync.Once
	peopleValue    *views.PeopleIndex
	attentionOnce  sync.Once
	attentionValue *views.Attention
	statsValue     views.Stats
	keys           keys
	done           lastBuild // for the Cache, once every file is written
	meter          meter

	files, pages atomic.Int64
	written      sync.Map // the names written, so that none is written twice
	warnMu       sync.Mutex
	warnings     content.ErrorList
}

func (b *build) warn(path string, format string, args ...any) {
	b.warnMu.Lock()
	defer b.warnMu.Unlock()
	b.warnings.Add(path, content.Pos{}, format, args...)
}

// checkHealth scores every brief; findings that are not waived become
// warnings of the build.
func (b *build) checkHealth() []*health.Report {
	briefs := b.site.Briefs
	reports := make([]*health.Report, len(briefs))
	par.For(len(briefs), func(i int) {
		p := briefs[i]
		r := b.opts.Cache.health(p, b.opts.Today)
		if r == nil {
			r = health.Check(p, b.opts.Today)
			b.opts.Cache.putHealth(p, b.opts.Today, r)
		}
		reports[i] = r
	})
	b.health = make(map[*content.Page]*health.Report, len(briefs))
	for i, r := range reports {
		b.health[briefs[i]] = r
		for _, w := range r.Active() {
			b.warnings = append(b.warnings, &content.Error{Path: w.Path, Pos: w.Pos, Msg: w.Rule + ": " + w.Message})
		}
	}
	return reports
}

// parallel runs jobs on every core and returns their errors.
func parallel(n int, job func(i int) error) []error {
	var errs []error
	var mu sync.Mutex
	par.For(n, func(i int) {
		if err := job(i); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	return errs
}

// convertBodies renders the Markdown of the pages that which selects, in
// parallel. A build that streams converts only the pages whose body more
// than one page shows (home and sections) first: briefs and plain pages
// convert theirs as they render.
func (b *build) convertBodies(errs *content.ErrorList, which func(*content.Page) bool) {
	var pages []*content.Page
	for _, p := range b.site.Pages {
		if which(p) {
			pages = append(pages, p)
		}
	}
	results := make([]*body, len(pages))
	perr := make([]content.ErrorList, len(pages))
	parallel(len(pages), func(i int) error {
		results[i], perr[i] = b.convert(pages[i])
		return nil
	})
	for i, p := range pages {
		*errs = append(*errs, perr[i]...)
		if results[i] != nil {
			b.bodies[p] = results[i]
		}
	}
}

// convert renders the Markdown of p, or takes it from the Cache; errors
// are placed in p's source.
func (b *build) convert(p *content.Page) (bd *body, errs content.ErrorList) {
	// The body is needed only while it is converted: a file read again is
	// read into a buffer the next page uses too.
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			bodyBuffers.Put(buf)
		}
	}()
	mdKey := newKeyer().num(p.Hash).num(b.keys.shape).str(p.URL).str(b.basePath()).sum()
	if e, ok := b.opts.Cache.markdown(p.Source, mdKey); ok && p.Source != "" {
		return &body{packed: e}, nil
	}
	src, err := p.ReadBody(b.src, buf)
	if err != nil {
		return nil, append(errs, content.Flatten(err)...)
	}
	if len(src) == 0 {
		return &body{res: &markdown.Result{}}, nil
	}
	start := time.Now()
	defer func() { b.meter.markdown.Add(int64(time.Since(start))) }()
	res, err := b.md.Convert(src, markdown.Context{
		FootnotePrefix: strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", "-") + "-",
		Resolve:        b.resolver(p),
		HeadingShift:   headingShift(p),
	})
	if err != nil {
		errs.Add(p.Source, content.Pos{Line: p.BodyLine, Col: 1}, "%v", err)
		return nil, errs
	}
	for _, le := range res.Errors {
		errs.Add(p.Source, content.Pos{Line: p.BodyLine + le.Line - 1, Col: le.Col}, "%s", le.Msg)
	}
	bd = &body{res: res}
	if len(res.Errors) == 0 && p.Source != "" {
		if e := b.opts.Cache.putMarkdown(p.Source, mdKey, res); e != nil {
			bd = &body{packed: e} // held packed only, until the page renders
		}
	}
	if b.release {
		// Nothing reads the Markdown again: let the file it was read from
		// go, rather than hold every source of the site until the last
		// page is written.
		p.Body = nil
	}
	return bd, errs
}

// body is a page's converted Markdown: as converted, or as a Cache keeps
// it, packed. A packed body is unpacked each time the build reads it (to
// render its page, for the search index, for the feed), and let go after:
// the dev server then holds every page's Markdown packed, and unpacked
// only while one page renders.
type body struct {
	res    *markdown.Result
	packed *mdEntry
}

// result returns the converted Markdown. A body that does not unpack,
// which only memory gone bad would cause, reads as empty.
func (bd *body) result() *markdown.Result {
	if bd == nil {
		return nil
	}
	if bd.res != nil {
		return bd.res
	}
	return bd.packed.unpack()
}

// bodyBuffers recycles the buffers that bodies left by the load are read
// into again.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// headingShift is what a page's body headings are moved down by: a
// brief's body is a section of its page, under "The brief".
func headingShift(p *content.Page) int {
	if p.Kind == content.BriefPage {
		return 1
	}
	return 0
}

// resolver maps relative links in p's body to their targets' URLs.
func (b *build) resolver(p *content.Page) func(string) (string, error) {
	dir := path.Dir(p.Source)
	if p.Source == "" {
		dir = "content"
	}
	return func(dest string) (string, error) {
		target := path.Join(dir, dest)
		if !strings.HasPrefix(target, "content/") && target != "content" {
			return "", fmt.Errorf("the link %q points outside content/", dest)
		}
		v := b.site.Lookup(target)
		if v == nil && strings.HasSuffix(dest, "/") {
			v = b.site.Lookup(path.Join(target, "_index.md"))
		}
		if v == nil && path.Ext(target) == "" {
			v = b.site.Lookup(target + ".md")
		}
		switch v := v.(type) {
		case *content.Page:
			return b.relURL(v.URL), nil
		case *content.File:
			return b.relURL(v.URL), nil
		}
		if u, ok := content.BrokenURL(v); ok {
			return b.relURL(u), nil
		}
		if content.IsDraft(v) {
			return "", fmt.Errorf("the link %q points to a draft, which is not built without --drafts", dest)
		}
		return "", fmt.Errorf("the link %q points to %s, which does not exist", dest, target)
	}
}

// basePath is the path part of the base URL: "/" or "/docs/".
func (b *build) basePath() string {
	if b.site.BaseURL == "" {
		return "/"
	}
	i := strings.Index(b.site.BaseURL, "://")
	rest := b.site.BaseURL[i+3:]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		return rest[j:]
	}
	return "/"
}

// relURL turns a site path ("/web/seo/") into a link that works under the
// base URL's path.
func (b *build) relURL(u string) string {
	if strings.Contains(u, "://") {
		return u
	}
	return b.basePath() + strings.TrimPrefix(u, "/")
}

// absURL turns a site path into an absolute URL, or a root-relative one
// when the site has no base URL.
func (b *build) absURL(u string) string {
	if strings.Contains(u, "://") {
		return u
	}
	if b.site.BaseURL == "" {
		return b.relURL(u)
	}
	return b.site.BaseURL + strings.TrimPrefix(u, "/")
}

// write is the one place output bytes go through: with minify set it
// minifies by media type, then hands the result to the Output. Files copied
// from content/ are written with minify unset: a user's file is theirs.
func (b *build) write(name string, data []byte, minify bool) error {
	_, err := b.emit(name, data, minify, false)
	return err
}

// checkClashes refuses a file of content/ at the output path of a page
// playbook makes (the second page of a list, say), before anything is
// written.
func (b *build) checkClashes(jobs []job) error {
	pages := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		pages[j.name] = true
	}
	var errs content.ErrorList
	for _, f := range b.site.Files {
		if pages[f.Out] {
			errs.Add(f.Source, content.Pos{Line: 1, Col: 1}, "%s would replace /%s, which playbook makes itself: rename it", f.Source, f.Out)
			continue
		}
		for dir := path.Dir(f.Out); dir != "."; dir = path.Dir(dir) {
			if pages[dir] {
				errs.Add(f.Source, content.Pos{Line: 1, Col: 1}, "the folder content/%s is where playbook writes the page /%s: rename the folder", dir, dir)
				break
			}
		}
	}
	return errs.Err()
}

// claim records that the file name is written, and refuses a name written
// before: should two outputs ever share a name, the build fails rather than
// one replacing the other. (A file of content/ where a page goes is found
// before anything is written, by checkClashes.)
func (b *build) claim(name string) error {
	if _, dup := b.written.LoadOrStore(name, true); dup {
		return fmt.Errorf("two outputs of the build are both named %s", name)
	}
	return nil
}

// emit is write that also returns the bytes written. With reuse set, the
// caller writes over data once emit returns (a page's render buffer), and
// the Output is asked to copy what it keeps; other bytes the build never
// changes again, and an output.Keeper may keep them as they are.
func (b *build) emit(name string, data []byte, minify, reuse bool) ([]byte, error) {
	if err := b.claim(name); err != nil {
		return nil, err
	}
	if minify {
		var own bool
		if data, own = b.minify(name, data); own {
			reuse = false // bytes of its own
		}
	}
	start := time.Now()
	var err error
	if k, ok := b.out.(output.Keeper); ok && !reuse {
		err = k.KeepFile(name, data)
	} else {
		err = b.out.WriteFile(name, data)
	}
	if err != nil {
		return nil, err
	}
	b.counted(name, start)
	return data, nil
}

// minify returns data minified, in bytes of its own (own set), when the
// build minifies and the file's type is one it minifies; else data. A file
// that does not minify is written as it is, with a warning.
func (b *build) minify(name string, data []byte) (out []byte, own bool) {
	mt := minifier.MediaType(name)
	if b.min == nil || !minifier.Minifiable(mt) {
		return data, false
	}
	start := time.Now()
	m, err := minifier.Bytes(b.min, mt, data)
	b.meter.minify.Add(int64(time.Since(start)))
	if err != nil {
		b.warn(name, "%s", minifier.Warning(err))
		return data, false
	}
	return m, true
}

// counted counts one file written, which took since start.
func (b *build) counted(name string, start time.Time) {
	b.meter.output.Add(int64(time.Since(start)))
	b.files.Add(1)
	if strings.HasSuffix(name, ".html") {
		b.pages.Add(1)
	}
}

// emitPacked is emit for a page the Cache keeps: it returns the page
// packed, and an output.Packer (the dev server's Mem) is handed the same
// packed bytes, so that the two share them. data may be written over once
// it returns.
func (b *build) emitPacked(name string, data []byte, minify bool) (output.Packed, error) {
	if err := b.claim(name); err != nil {
		return output.Packed{}, err
	}
	if minify {
		data, _ = b.minify(name, data)
	}
	start := time.Now()
	p := output.Pack(data)
	var err error
	if k, ok := b.out.(output.Packer); ok {
		err = k.KeepPacked(name, p)
	} else {
		err = b.out.WriteFile(name, data)
	}
	if err != nil {
		return output.Packed{}, err
	}
	b.counted(name, start)
	return p, nil
}

// writePacked writes a page the Cache kept packed.
func (b *build) writePacked(name string, p output.Packed) error {
	if err := b.claim(name); err != nil {
		return err
	}
	start := time.Now()
	var err error
	if k, ok := b.out.(output.Packer); ok {
		err = k.KeepPacked(name, p)
	} else {
		var data []byte
		if data, err = p.Unpack(); err == nil {
			err = b.out.WriteFile(name, data)
		}
	}
	if err != nil {
		return err
	}
	b.counted(name, start)
	return nil
}

// writeAll writes the theme assets, the copied files and every page.
func (b *build) writeAll() error {
	jobs := b.renderJobs()
	if err := b.checkClashes(jobs); err != nil {
		return err
	}
	if err := b.writeAssets(); err != nil {
		return err
	}
	// The keys of a cached build are hashed while files are copied and
	// jobs listed, which need none of them.
	keyed := make(chan struct{})
	go func() {
		defer close(keyed)
		if b.opts.Cache != nil {
			b.computeKeys()
		}
	}()
	files := b.site.Files
	if errs := parallel(len(files), func(i int) error {
		f := files[i]
		data, err := fs.ReadFile(b.src, f.Source)
		if err != nil {
			return &content.Error{Path: f.Source, Pos: content.Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf("cannot read: %v", err)}
		}
		return b.write(f.Out, data, false)
	}); len(errs) > 0 {
		<-keyed
		return errors.Join(errs...)
	}
	if b.stream {
		b.searchRun = b.newSearchRun()
		b.feedBodies = make([]*markdown.Result, min(feedSize, len(b.site.Briefs)))
	}
	<-keyed
	if b.opts.Cache != nil {
		jobs = b.opts.Cache.skipUnchanged(b, jobs)
	}
	// Jobs marked late read what page jobs of a streaming build leave
	// (search terms, the feed's bodies): they run once those are done.
	// The few jobs that write other files (data files, feed, search
	// index) each take longer than a page: they go first, to run while the
	// pages render rather than after them.
	now, late := make([]job, 0, len(jobs)), []job(nil)
	for _, j := range jobs {
		switch {
		case j.late && b.stream:
			late = append(late, j)
		case j.name == "":
			now = append(now, j)
		}
	}
	for _, j := range jobs {
		if j.name != "" {
			now = append(now, j)
		}
	}
	if err := b.cloneLayouts(len(jobs)); err != nil {
		return err
	}
	for _, jobs := range [][]job{now, late} {
		errs := parallel(len(jobs), func(i int) error { return jobs[i].run() })
		if len(b.streamErrs) > 0 {
			// Errors in the content come first, as a build that converts
			// every body before rendering reports them alone.
			b.streamErrs.Sort()
			return b.streamErrs
		}
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	b.opts.Cache.putLast(b.done)
	b.opts.Cache.putLayouts(b.lay)
	return nil
}

// streamBody converts the Markdown of p, a brief or plain page of a build
// that streams, into d, and hands its search terms to the index. The i-th
// brief's body is kept for the feed if the feed shows it. It reports false
// if the Markdown has errors, which it records.
func (b *build) streamBody(p *content.Page, i int, d *Data) bool {
	bd, errs := b.convert(p)
	if len(errs) > 0 {
		b.streamMu.Lock()
		b.streamErrs = append(b.streamErrs, errs...)
		b.streamMu.Unlock()
		return false
	}
	res := bd.result()
	d.Content, d.TOC = template.HTML(res.HTML), res.TOC
	b.searchRun.add(b, p, res)
	if p.Kind == content.BriefPage && i >= 0 && i < len(b.feedBodies) {
		b.feedBodies[i] = res
	}
	return true
}

// writeAssets minifies and fingerprints every theme file: style.css is
// written as assets/style.<hash>.css, so it can be cached forever.
func (b *build) writeAssets() error {
	b.assets = map[string]string{}
	return fs.WalkDir(b.theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading theme/: %w", err)
		}
		if content.BadName(d.Name()) {
			b.warnMu.Lock()
			content.SkipBadName(&b.warnings, "theme/"+p, d.IsDir())
			b.warnMu.Unlock()
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || content.Ignored(d.Name()) || path.Ext(p) == ".go" {
			return nil
		}
		data, err := fs.ReadFile(b.theme, p)
		if err != nil {
			return fmt.Errorf("reading theme/%s: %w", p, err)
		}
		// Minify first, so that the fingerprint is of the bytes served.
		mt := minifier.MediaType(p)
		if b.min != nil && minifier.Minifiable(mt) {
			if m, err := b.opts.Cache.assetMemo().Bytes(b.min, p, mt, data); err == nil {
				data = m
			} else {
				b.warn("theme/"+p, "%s", minifier.Warning(err))
			}
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		name := "assets/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		b.assets[p] = "/" + name
		return b.write(name, data, false)
	})
}

// renderBuffers recycles the buffers pages are rendered into, so that a
// build of thousands of pages does not allocate (and collect) a fresh,
// regrown buffer for each.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// render executes layout into buf, telling rec what the page reads.
func (b *build) render(buf *bytes.Buffer, layout string, data *Data, rec *recorder) error {
	set := <-b.lay.sets
	defer func() { b.lay.sets <- set }()
	l := set[layout]
	if l == nil {
		return fmt.Errorf("layouts/%s: no such layout", layout)
	}
	start := time.Now()
	if err := b.execute(l, buf, data, rec); err != nil {
		return templates.Error(err)
	}
	b.meter.layout(layout, time.Since(start))
	return nil
}

// writeCached writes the file that make returns; with a Cache, a file whose
// inputs hash (key) as in the last build is not made again: the bytes
// written then are written as they were.
func (b *build) writeCached(name string, key func() uint64, minify bool, make func() ([]byte, error)) error {
	var k uint64
	if b.opts.Cache != nil {
		k = key()
		if out := b.opts.Cache.page(name, k); out != nil {
			b.meter.cached.Add(1)
			return b.write(name, out, false)
		}
	}
	data, err := make()
	if err != nil {
		return err
	}
	out, err := b.emit(name, data, minify, false)
	if err == nil {
		b.opts.Cache.putPage(name, k, out)
	}
	return err
}

// writeChunked is writeCached for a large file that make returns in pieces
// (not minified): the pieces go to the Output as they are, when it takes
// them, so that the file is never joined into one more copy.
func (b *build) writeChunked(name string, key func() uint64, make func() ([][]byte, error)) error {
	var k uint64
	var chunks [][]byte
	if b.opts.Cache != nil {
		k = key()
		chunks = b.opts.Cache.chunked(name, k)
	}
	if chunks == nil {
		var err error
		if chunks, err = make(); err != nil {
			return err
		}
		b.opts.Cache.putChunked(name, k, chunks)
	} else {
		b.meter.cached.Add(1)
	}
	if err := b.claim(name); err != nil {
		return err
	}
	start := time.Now()
	var err error
	switch out := b.out.(type) {
	case output.Keeper:
		err = out.KeepChunks(name, chunks) // made for this file, or the Cache's
	case output.ChunkWriter:
		err = out.WriteChunks(name, chunks)
	default:
		err = out.WriteFile(name, bytes.Join(chunks, nil))
	}
	if err != nil {
		return err
	}
	b.meter.output.Add(int64(time.Since(start)))
	b.files.Add(1)
	return nil
}

// renderPage renders data with layout and writes it under the page URL.
// It takes data, made by newData, back to the pool.
func (b *build) renderPage(layout, url string, data *Data) error {
	defer func() {
		*data = Data{}
		dataPool.Put(data)
	}()
	name := outputName(url)
	var base keyer
	var cards deps
	if b.opts.Cache != nil {
		base, cards = b.dataKey(layout, data), b.opts.Cache.cardReads()
		key := func(d deps) uint64 { return b.depsKey(base.clone(), d, cards).sum() }
		if p, ok := b.opts.Cache.renderedPacked(name, key); ok {
			b.meter.cached.Add(1)
			return b.writePacked(name, p)
		}
	}
	b.complete(data)
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a huge page's buffer is not kept
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	var rec *recorder // only a Cache needs to know what the page reads
	if b.opts.Cache != nil {
		rec = &recorder{d: data}
	}
	if err := b.render(buf, layout, data, rec); err != nil {
		return err
	}
	// buf is used again for the next page. The Cache keeps the page
	// packed, and shares it with an Output that keeps it so too.
	if b.opts.Cache == nil {
		_, err := b.emit(name, buf.Bytes(), !b.lay.compact, true)
		return err
	}
	p, err := b.emitPacked(name, buf.Bytes(), !b.lay.compact)
	if err == nil {
		b.opts.Cache.putPacked(name, b.depsKey(base, rec.deps, cards).sum(), p, rec.deps)
	}
	return err
}
