package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/playbook-dev/playbook/builder/internal/par"
)

// Options control how a site is loaded.
type Options struct {
	Drafts  bool   // include briefs and pages marked `draft: true`
	BaseURL string // overrides the base_url setting when not empty

	// Cache, when set, keeps parsed files between loads: a file whose size
	// and modification time are unchanged is not read again.
	Cache *DocCache

	// Changed, with a Cache, lists the files that changed since the last
	// load with it (slash-separated paths in fsys, like "content/a.md"), as
	// a file watcher reports them. Then, when every changed file under
	// content/ is one the last load listed, content/ is not listed again
	// and only the changed files are read. Nil means not known: every file
	// is listed and checked.
	Changed []string

	// LeaveBodies keeps no brief's or plain page's Body where the body is
	// the end of its file as read, in the Site or the Cache: Page.ReadBody
	// reads it again when it is needed. A site of thousands of briefs then
	// needs no memory for the Markdown of the pages not being rendered.
	LeaveBodies bool
}

// DocCache keeps parsed documents between loads of one site. It is safe for
// concurrent use. A page whose file is unchanged but for its body is the
// same *Page from one load to the next, with the new Body, BodyLine and
// Hash: a *Page stands for the same front matter as long as a cache holds
// it.
type DocCache struct {
	mu   sync.Mutex
	m    map[string]cachedDoc
	dec  map[string]decodedEntry
	list *listing // of the last walk of content/, when it had no errors
}

// listing returns the listing of content/ from the last load when the
// changed files do not change it: each is a file that the listing holds
// and that is still there. The changed files are dropped from the cache.
func (c *DocCache) listing(fsys fs.FS, changed []string) (*listing, bool) {
	if c == nil || changed == nil {
		return nil, false
	}
	c.mu.Lock()
	ls := c.list
	c.mu.Unlock()
	if ls == nil {
		return nil, false
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") {
			continue // layouts and theme do not change the listing
		}
		if Ignored(path.Base(p)) {
			continue // not listed either way
		}
		if _, ok := ls.infos[p]; !ok && !ls.hasFile(p) {
			return nil, false // a new file or folder
		}
		fi, err := fs.Stat(fsys, p)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, false // removed, or no longer a file
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range changed {
		delete(c.m, p)
	}
	return &listing{md: ls.md, files: ls.files, trusted: true}, true
}

func (c *DocCache) putListing(ls *listing) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = ls
}

// peek returns the cached document of p.
func (c *DocCache) peek(p string) (*Document, error, bool) {
	if c == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[p]
	return d.doc, d.err, ok
}

type cachedDoc struct {
	size int64
	mod  time.Time
	doc  *Document
	err  error
}

// NewDocCache returns an empty cache.
func NewDocCache() *DocCache {
	return &DocCache{m: map[string]cachedDoc{}, dec: map[string]decodedEntry{}}
}

func (c *DocCache) get(p string, fi fs.FileInfo) (*Document, error, bool) {
	if c == nil || fi == nil || fi.ModTime().IsZero() {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[p]
	if !ok || d.size != fi.Size() || !d.mod.Equal(fi.ModTime()) {
		return nil, nil, false
	}
	return d.doc, d.err, true
}

func (c *DocCache) put(p string, fi fs.FileInfo, doc *Document, err error) {
	if c == nil || fi == nil || fi.ModTime().IsZero() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[p] = cachedDoc{size: fi.Size(), mod: fi.ModTime(), doc: doc, err: err}
}

// Reserved are the first URL segments and root files that the builder
// generates itself; content may not take them.
var Reserved = []string{"kpis", "people", "search", "approach", "status", "teams", "tags", "page",
	"feed.xml", "sitemap.xml", "robots.txt", "404.html", "_headers", "playbook.json", "kpis.csv", "assets"}

// MaxFileSize is the largest Markdown file the loader reads.
const MaxFileSize = 32 << 20

// Load reads content/ from fsys (the site's source folder), validates every
// file and returns the site. All errors of all files are returned together as
// an ErrorList.
func Load(fsys fs.FS, opts Options) (*Site, error) {
	var errs ErrorList
	if e := outsideLink(fsys, "content"); e != nil {
		return nil, ErrorList{e} // content/ itself is a link out of the site
	}
	site := &Site{}
	ls, ok := opts.Cache.listing(fsys, opts.Changed)
	if !ok {
		var err error
		if ls, err = walkContent(fsys, opts.Cache != nil); err != nil {
			return nil, err
		}
		if len(ls.errs) == 0 && len(ls.symlinks) == 0 && len(ls.warns) == 0 {
			opts.Cache.putListing(ls)
		}
	}
	errs = append(errs, ls.errs...)
	site.Warnings = append(site.Warnings, ls.warns...)
	site.bySource = make(map[string]any, len(ls.md)+len(ls.files))
	mdFiles := slices.Clone(ls.md)
	for _, f := range ls.files {
		f := *f
		site.Files = append(site.Files, &f)
	}
	// A symbolic link to a file inside the site is read through; a link to
	// a folder is not followed, which also keeps link loops out. A link
	// that leads outside the site is an error: it is never read.
	for _, p := range ls.symlinks {
		if e := outsideLink(fsys, p); e != nil {
			errs = append(errs, e)
			continue
		}
		fi, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			site.Warnings.Add(p, Pos{1, 1}, "skipped: a symbolic link whose target cannot be read (%v)", unwrapPathError(err))
		case fi.IsDir():
			site.Warnings.Add(p, Pos{1, 1}, "skipped: a symbolic link to a folder is not followed; copy or move the folder into content/ instead")
		case strings.HasSuffix(strings.ToLower(p), ".md"):
			mdFiles = append(mdFiles, p)
		default:
			rel := strings.TrimPrefix(p, "content/")
			site.Files = append(site.Files, &File{Source: p, Out: rel, URL: escapePath("/" + rel)})
		}
	}
	infos := ls.infos
	sort.Strings(mdFiles)

	// Read and parse every Markdown file in parallel.
	docs := make([]*Document, len(mdFiles))
	fileErrs := make([]error, len(mdFiles))
	decoded := make([]decodedPage, len(mdFiles))
	par.For(len(mdFiles), func(i int) {
		p := mdFiles[i]
		var ok bool
		if ls.trusted {
			docs[i], fileErrs[i], ok = opts.Cache.peek(p)
		}
		if !ok {
			docs[i], fileErrs[i] = readDocument(fsys, p, infos[p], opts.Cache)
		}
		if fileErrs[i] != nil || p == "content/_index.md" {
			return // the home page is decoded below: it holds the site settings
		}
		decoded[i] = opts.Cache.decode(p, docs[i])
		if opts.Cache == nil {
			// The front matter's tree is decoded: let it go now, not when
			// every file is; and the file, if the page leaves its body.
			docs[i].letMetaGo()
			d := *docs[i]
			if pg := decoded[i].page; opts.LeaveBodies && d.bodyAt >= 0 && (pg.Kind == BriefPage || pg.Kind == PlainPage) {
				pg.Body, pg.leftAt = nil, d.bodyAt+1
				d.Body = nil
			}
			docs[i] = &d
		} else if pg := decoded[i].page; opts.LeaveBodies && docs[i].bodyAt >= 0 && pg != nil && (pg.Kind == BriefPage || pg.Kind == PlainPage) {
			// The Cache's Document and page leave the body too, for as
			// long as the file is unchanged.
			pg.Body, pg.leftAt = nil, docs[i].bodyAt+1
			docs[i].Body = nil
		}
	})

	byURL := make(map[string]string, 2*len(mdFiles)) // URL or output path → source that claims it
	claim := func(key, source string) bool {
		if other, ok := byURL[key]; ok {
			a, b := other, source
			errs.Add(b, Pos{1, 1}, "%s and %s both map to %s: rename one of them", a, b, key)
			return false
		}
		byURL[key] = source
		return true
	}
	drafts := map[string]bool{}
	var draftDirs []string         // folders of draft sections: all they hold is a draft
	sections := map[string]*Page{} // folder under content ("" for the root) → section
	pages := make([]*Page, 0, len(mdFiles))
	for i, p := range mdFiles {
		if fileErrs[i] != nil {
			var e *Error
			var list ErrorList
			if errors.As(fileErrs[i], &list) {
				errs = append(errs, list...)
			} else if errors.As(fileErrs[i], &e) {
				errs = append(errs, e)
			} else {
				errs.Add(p, Pos{1, 1}, "%v", fileErrs[i])
			}
			// Links to the file are not reported as missing too.
			site.bySource[p] = broken{url: SlugPath(strings.TrimPrefix(p, "content/"))}
			continue
		}
		doc := docs[i]
		rel := strings.TrimPrefix(p, "content/")
		var u string
		if rel != "_index.md" && decoded[i].page != nil {
			u = decoded[i].page.URL // SlugPath(rel), made once with the page
		} else {
			u = SlugPath(rel)
		}
		if u == "" {
			errs.Add(p, Pos{1, 1}, "the name %q has no letter or digit to make a URL from: rename the file or its folder", rel)
			continue
		}
		first, _, _ := strings.Cut(strings.Trim(u, "/"), "/")
		if contains(Reserved, first) && u != "/" {
			errs.Add(p, Pos{1, 1}, "the URL %s is taken by the page playbook makes for /%s/: rename the file or its folder", u, first)
			continue
		}
		var pg *Page
		if rel == "_index.md" {
			pg = &Page{Kind: HomePage, Source: p, URL: u, Body: doc.Body, BodyLine: doc.BodyLine, Format: doc.Format, Hash: doc.Hash, MetaHash: doc.MetaHash}
			decodeSite(&decoder{path: p, errs: &errs}, site, pg, doc.Meta)
		} else {
			pg = decoded[i].page
			errs = append(errs, decoded[i].errs...)
			pg.Section, pg.Children = nil, nil // a cached page from the last load
		}
		if !claim(u, p) {
			continue
		}
		if pg.Draft && !opts.Drafts {
			drafts[p] = true
			delete(byURL, u)
			if pg.Kind == SectionPage {
				draftDirs = append(draftDirs, path.Dir(p)+"/")
			}
			continue
		}
		if pg.Kind == SectionPage || pg.Kind == HomePage {
			sections[path.Dir(rel)] = pg
			if pg.Kind == HomePage {
				sections[""] = pg
				delete(sections, ".")
			}
		}
		pages = append(pages, pg)
		site.bySource[p] = pg
	}
	// Everything in a draft section is a draft too.
	if len(draftDirs) > 0 {
		kept := pages[:0]
		for _, pg := range pages {
			inDraft := false
			for _, d := range draftDirs {
				if strings.HasPrefix(pg.Source, d) {
					inDraft = true
				}
			}
			if !inDraft {
				kept = append(kept, pg)
				continue
			}
			drafts[pg.Source] = true
			delete(site.bySource, pg.Source)
			delete(byURL, pg.URL)
			if pg.Kind == HomePage || pg.Kind == SectionPage {
				for d, s := range sections {
					if s == pg {
						delete(sections, d)
					}
				}
			}
		}
		pages = kept
	}
	clashes := false // a file is named index.html, as pages are written
	for _, f := range site.Files {
		key := "/" + f.Out
		clashes = clashes || path.Base(f.Out) == "index.html"
		if contains(Reserved, strings.SplitN(f.Out, "/", 2)[0]) {
			errs.Add(f.Source, Pos{1, 1}, "the path /%s is taken by a file playbook makes: rename the file or its folder", f.Out)
			continue
		}
		if claim(key, f.Source) {
			site.bySource[f.Source] = f
		}
	}

	if site.Home == nil {
		site.Home = &Page{Kind: HomePage, URL: "/", Title: "Playbook"}
		decodeSite(&decoder{errs: &errs}, site, site.Home, nil)
		sections[""] = site.Home
		pages = append(pages, site.Home)
	}
	if opts.BaseURL != "" {
		site.BaseURL = opts.BaseURL
	}
	if site.BaseURL != "" {
		u, err := url.Parse(site.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			if opts.BaseURL != "" {
				return nil, fmt.Errorf("--base-url %q must be an absolute http(s) URL, like https://playbook.example.com/", opts.BaseURL)
			}
			errs.Add(site.Home.Source, site.Home.KeyPos.Of("base_url"), "base_url %q must be an absolute http(s) URL, like https://playbook.example.com/", site.BaseURL)
		} else if !strings.HasSuffix(site.BaseURL, "/") {
			site.BaseURL += "/"
		}
	}

	// Every folder that holds pages is a section; make up the missing ones.
	madeUp := map[*Page]string{} // a section made up → its folder under content/
	var sectionOf func(dir string) *Page
	sectionOf = func(dir string) *Page {
		if dir == "." {
			dir = ""
		}
		if s, ok := sections[dir]; ok {
			return s
		}
		s := &Page{Kind: SectionPage, URL: SlugPath(dir + "/_index.md"), Title: titleFromName(path.Base(dir), dir)}
		sections[dir] = s
		madeUp[s] = dir
		if other, ok := byURL[s.URL]; ok {
			// a page already owns the folder's URL ("web.md" beside "web/")
			errs.Add(other, Pos{1, 1}, "%s and the folder content/%s/ both map to %s: rename one of them", other, dir, s.URL)
		}
		pages = append(pages, s)
		return s
	}
	for _, pg := range append([]*Page(nil), pages...) {
		if pg.Kind == HomePage || pg.Source == "" {
			continue
		}
		rel := strings.TrimPrefix(pg.Source, "content/")
		dir := path.Dir(rel)
		if pg.Kind == SectionPage {
			dir = path.Dir(dir)
		} else if path.Base(rel) == "index.md" {
			dir = path.Dir(dir)
		}
		pg.Section = sectionOf(dir)
	}
	// Made-up sections hang under their parents too.
	for dir, s := range sections {
		if s.Kind == HomePage || s.Section != nil {
			continue
		}
		s.Section = sectionOf(path.Dir(dir))
	}
	// Pages are written as <url>index.html: a file at that path would
	// clash, with a page of a file or one playbook makes up for a folder.
	for _, pg := range pages {
		if !clashes {
			break
		}
		key := pg.URL + "index.html"
		if u, err := url.PathUnescape(key); err == nil {
			key = u // files claim their path as it is
		}
		other, ok := byURL[key]
		if !ok || other == pg.Source {
			continue
		}
		switch dir, made := madeUp[pg]; {
		case pg.Source != "":
			errs.Add(other, Pos{1, 1}, "%s and %s both map to %s: rename one of them", pg.Source, other, key)
		case pg.Kind == HomePage:
			errs.Add(other, Pos{1, 1}, "%s would replace the home page playbook makes at %s: rename it (the home page's text goes in content/_index.md)", other, key)
		case made:
			errs.Add(other, Pos{1, 1}, "%s would replace the page playbook makes for the section content/%s/ at %s: rename it (a section's text goes in content/%s/_index.md)", other, dir, key, dir)
		}
	}
	for _, pg := range pages {
		if pg.Section != nil {
			pg.Section.Children = append(pg.Section.Children, pg)
		}
		if pg.Kind == BriefPage {
			site.Briefs = append(site.Briefs, pg)
		}
	}
	for _, pg := range pages {
		sortReusing(pg.Children, func(p *Page) *int { return &p.childRank }, comparePages)
	}
	sortReusing(site.Briefs, func(p *Page) *int { return &p.briefRank }, byDate)
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	site.Pages = pages
	sort.Slice(site.Files, func(i, j int) bool { return site.Files[i].Out < site.Files[j].Out })
	for p := range drafts {
		site.bySource[p] = draftMarker{}
	}

	errs.Sort()
	site.Warnings.Sort()
	if len(errs) > 0 {
		return site, errs
	}
	return site, nil
}

// broken stands for a file with errors, so that links to it are not
// reported as well.
type broken struct{ url string }

// BrokenURL returns the URL of v, returned by Lookup, when it is a file
// that failed to load.
func BrokenURL(v any) (string, bool) { b, ok := v.(broken); return b.url, ok }

// draftMarker stands for a draft left out of the build, so that links to it
// get a precise message.
type draftMarker struct{}

// IsDraft reports whether v, returned by Lookup, is a draft left out.
func IsDraft(v any) bool { _, ok := v.(draftMarker); return ok }

func decodeSite(d *decoder, site *Site, home *Page, meta *Node) {
	site.Home = home
	site.Language = "en"
	site.PageSize = 50
	site.Title = "Playbook"
	home.Title = site.Title
	if meta == nil {
		return
	}
	f, pos := d.fields(meta, "the site settings (content/_index.md)", 0, siteKeys)
	home.KeyPos = pos
	if t := d.str(f.get("title"), "title"); t != "" {
		site.Title = t
	}
	site.Description = d.str(f.get("description"), "description")
	site.BaseURL = d.str(f.get("base_url"), "base_url")
	if l := d.str(f.get("language"), "language"); l != "" {
		site.Language = l
	}
	site.UnsafeHTML = d.boolean(f.get("unsafe_html"), "unsafe_html")
	if n, ok := d.integer(f.get("page_size"), "page_size"); ok {
		if n < 1 {
			d.errorf(f.get("page_size").Pos, "page_size must be at least 1, not %d", n)
		} else {
			site.PageSize = n
		}
	}
	site.RepoURL = strings.TrimSuffix(d.str(f.get("repo_url"), "repo_url"), "/")
	home.Title = site.Title
	home.Description = site.Description
}

// listing is what a walk of content/ found.
type listing struct {
	md       []string // Markdown files, sorted
	files    []*File  // other files
	symlinks []string // symbolic links, to check one by one
	errs     ErrorList
	warns    ErrorList              // files skipped
	infos    map[string]fs.FileInfo // the Markdown files' sizes and times, from the folders
	trusted  bool                   // the files not changed are as the cache holds them
}

func (ls *listing) hasFile(p string) bool {
	for _, f := range ls.files {
		if f.Source == p {
			return true
		}
	}
	return false
}

// walkContent lists content/; with withInfo it records every Markdown
// file's size and time, so that a cache finds unchanged files without
// opening them.
func walkContent(fsys fs.FS, withInfo bool) (*listing, error) {
	ls := &listing{infos: map[string]fs.FileInfo{}}
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" {
				return err
			}
			ls.errs.Add(p, Pos{1, 1}, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		name := d.Name()
		if p != "content" && BadName(name) {
			SkipBadName(&ls.warns, p, d.IsDir())
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "content" && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			ls.symlinks = append(ls.symlinks, p)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(strings.ToLower(name), ".md") {
			ls.md = append(ls.md, p)
			if withInfo {
				if fi, err := d.Info(); err == nil {
					ls.infos[p] = fi
				}
			}
		} else {
			rel := strings.TrimPrefix(p, "content/")
			ls.files = append(ls.files, &File{Source: p, Out: rel, URL: escapePath("/" + rel)})
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no content/ folder here: run playbook in a site's folder, or pass --source DIR (playbook new brief \"Title\" starts one)")
		}
		return nil, fmt.Errorf("reading content/: %w", err)
	}
	sort.Strings(ls.md)
	return ls, nil
}

// readDocument reads and parses the file at p, or takes it from the cache
// when its size and time, from the folder's listing (fi, if not nil) or the
// open file, are as they were.
func readDocument(fsys fs.FS, p string, fi fs.FileInfo, cache *DocCache) (*Document, error) {
	if doc, err, ok := cache.get(p, fi); ok {
		return doc, err
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, &Error{Path: p, Pos: Pos{1, 1}, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}
	}
	defer f.Close()
	fi, err = f.Stat()
	if err != nil {
		fi = nil
	}
	if doc, err, ok := cache.get(p, fi); ok {
		return doc, err
	}
	if fi != nil && fi.Size() > MaxFileSize {
		return nil, &Error{Path: p, Pos: Pos{1, 1}, Msg: fmt.Sprintf("the file is %d MB; a brief may be at most %d MB", fi.Size()>>20, MaxFileSize>>20)}
	}
	var buf bytes.Buffer
	if fi != nil && fi.Size() > 0 {
		buf.Grow(int(fi.Size()) + bytes.MinRead) // read in one go, no room to spare
	}
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	src := buf.Bytes()
	if err != nil {
		return nil, &Error{Path: p, Pos: Pos{1, 1}, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}
	}
	if len(src) > MaxFileSize {
		return nil, &Error{Path: p, Pos: Pos{1, 1}, Msg: fmt.Sprintf("the file is over %d MB, the most a brief may be", MaxFileSize>>20)}
	}
	doc, err := ParseDocument(p, src)
	if doc != nil {
		doc.bodyAt = -1
		if n := len(doc.Body); n > 0 && &src[len(src)-n] == &doc.Body[0] {
			doc.bodyAt = len(src) - n
		}
		doc.Hash = hash(src)
		// The body is the end of the file: what comes before it is the
		// front matter, and all a page's metadata comes from it.
		doc.MetaHash = hash(src[:len(src)-min(len(doc.Body), len(src))])
	}
	cache.put(p, fi, doc, err)
	return doc, err
}

// hashSeed seeds hash; it is set once. Hashes are compared only within
// one process (by the Cache of a server, or to find a file changed while
// it is built).
var hashSeed = maphash.MakeSeed()

// hash is the hash of a file's bytes that Page.Hash and MetaHash hold.
func hash(data []byte) uint64 { return maphash.Bytes(hashSeed, data) }

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Ignored reports whether a file or folder name under content/ is skipped:
// hidden files, editors' swap and backup files.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		name == "4913" || name == "node_modules"
}

func titleFromName(base, rel string) string {
	name := strings.TrimSuffix(base, ".md")
	if name == "_index" || name == "index" {
		name = path.Base(path.Dir(rel))
	}
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r := []rune(name)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// byDate orders pages newest first, then by title, then by URL: a total
// order, as no two pages share a URL.
func byDate(a, b *Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

// comparePages orders a section's children: by weight, then sections
// first, then newest first, then by title.
func comparePages(a, b *Page) int {
	if a.Weight != b.Weight {
		return cmp.Compare(a.Weight, b.Weight)
	}
	if (a.Kind == SectionPage) != (b.Kind == SectionPage) {
		if a.Kind == SectionPage {
			return -1
		}
		return 1
	}
	return byDate(a, b)
}

// sortReusing sorts ps by compare, a total order, starting from the order
// of the last load: the pages it had (the same *Page, the same front
// matter) are put back in the places rank recorded, any others after them.
// After an edit the pages are then sorted but for the few that changed,
// which one pass finds and puts right, instead of a sort of thousands.
func sortReusing(ps []*Page, rank func(*Page) *int, compare func(a, b *Page) int) {
	placed := make([]*Page, len(ps))
	var rest []*Page
	for _, p := range ps {
		if r := *rank(p) - 1; r >= 0 && r < len(ps) && placed[r] == nil {
			placed[r] = p
		} else {
			rest = append(rest, p)
		}
	}
	ps = ps[:0]
	for _, p := range placed {
		if p != nil {
			ps = append(ps, p)
		}
	}
	ps = append(ps, rest...)
	if !slices.IsSortedFunc(ps, compare) {
		slices.SortFunc(ps, compare) // pdqsort: nearly sorted is cheap
	}
	for i, p := range ps {
		*rank(p) = i + 1
	}
}

// decodedPage is a file decoded into a page, with the errors of its front
// matter.
type decodedPage struct {
	page *Page
	errs ErrorList
}

// decodePage decodes the front matter of the file at source (not the home
// page) into a page of its kind.
func decodePage(source string, doc *Document) decodedPage {
	rel := strings.TrimPrefix(source, "content/")
	var errs ErrorList
	pg := &Page{Source: source, URL: SlugPath(rel), Body: doc.Body, BodyLine: doc.BodyLine, Format: doc.Format, Hash: doc.Hash, MetaHash: doc.MetaHash}
	d := &decoder{path: source, errs: &errs}
	base := path.Base(rel)
	switch {
	case base == "_index.md":
		pg.Kind = SectionPage
		f, pos := d.fields(doc.Meta, "the front matter of a section", 0, sectionKeys)
		pg.KeyPos = pos
		d.pageCommon(pg, f)
	case isBrief(doc.Meta):
		pg.Kind = BriefPage
		d.decodeBrief(pg, doc.Meta)
	default:
		pg.Kind = PlainPage
		d.page = true
		f, pos := d.fields(doc.Meta, "the front matter", 0, pageKeys)
		pg.KeyPos = pos
		d.pageCommon(pg, f)
		if t := d.str(f.get("type"), "type"); t != "" && t != "page" && t != "brief" {
			d.errorf(f.get("type").Pos, "unknown type %q: use brief or page", t)
		}
	}
	if pg.Title == "" {
		pg.Title = titleFromName(base, rel)
	}
	packText(pg)
	return decodedPage{pg, errs}
}

// packText copies the text of a decoded page into one string and points
// every field at its part of it. yaml.v3 makes a string per value, and
// quickYAML's values are parts of the whole front matter: a site of
// thousands of briefs would otherwise keep hundreds of thousands of
// strings, each one more object for the collector to mark, or every
// brief's front matter.
func packText(p *Page) {
	var fields []*string
	add := func(ss ...*string) {
		for _, s := range ss {
			if *s != "" {
				fields = append(fields, s)
			}
		}
	}
	addAll := func(ss []string) {
		for i := range ss {
			add(&ss[i])
		}
	}
	add(&p.Title, &p.Summary, &p.Description)
	if b := p.Brief; b != nil {
		add(&b.Status, &b.Approach)
		addAll(b.Tags)
		addAll(b.Ignore)
		for _, g := range b.Goals {
			add(&g.ID, &g.Title, &g.Why)
		}
		for _, r := range b.Roles {
			add(&r.ID, &r.Title, &r.Team, &r.Person)
			addAll(r.Responsibilities)
			addAll(r.Requirements)
		}
		for _, k := range b.KPIs {
			add(&k.ID, &k.Name, &k.Unit)
		}
	}
	n := 0
	for _, s := range fields {
		n += len(*s)
	}
	var all strings.Builder
	all.Grow(n)
	for _, s := range fields {
		all.WriteString(*s)
	}
	text, at := all.String(), 0
	for _, s := range fields {
		*s, at = text[at:at+len(*s)], at+len(*s)
	}
}

// decode decodes a document, or returns the page decoded from the same
// document by the last load.
func (c *DocCache) decode(source string, doc *Document) decodedPage {
	if c == nil {
		return decodePage(source, doc)
	}
	c.mu.Lock()
	e, ok := c.dec[source]
	c.mu.Unlock()
	if ok && e.doc == doc {
		return e.decodedPage
	}
	if ok && e.doc.MetaHash == doc.MetaHash && e.doc.Format == doc.Format {
		// Only the body changed: the page stays the same *Page, so that
		// what was made from its front matter (health, aggregates) can be
		// kept by pointer.
		e.page.Body, e.page.BodyLine, e.page.Hash = doc.Body, doc.BodyLine, doc.Hash
		doc.dropMeta()
		c.mu.Lock()
		c.dec[source] = decodedEntry{doc, e.decodedPage}
		c.mu.Unlock()
		return e.decodedPage
	}
	d := decodePage(source, doc)
	if ok && d.page != nil && e.page != nil {
		// Where the file's last page was sorted, so that the edited page
		// starts from there (see sortReusing).
		d.page.briefRank, d.page.childRank = e.page.briefRank, e.page.childRank
	}
	// The page holds what the tree held: let the tree go, rather than
	// keep thousands of small nodes for the collector to walk on every
	// cycle for as long as the server runs.
	doc.dropMeta()
	c.mu.Lock()
	c.dec[source] = decodedEntry{doc, d}
	c.mu.Unlock()
	return d
}

type decodedEntry struct {
	doc *Document
	decodedPage
}

// DecodeFile parses and decodes one file of content/, at path, as Load
// does, for tools that edit a brief: the page and its errors. It resolves
// nothing across files (links, the site settings).
func DecodeFile(path string, src []byte) (*Page, error) {
	doc, err := ParseDocument(path, src)
	if err != nil {
		return nil, err
	}
	d := decodePage(path, doc)
	if len(d.errs) > 0 {
		d.errs.Sort()
		return d.page, d.errs
	}
	return d.page, nil
}
