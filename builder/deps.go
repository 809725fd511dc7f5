package builder

import (
	"reflect"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/internal/tmplexec"
	"github.com/playbook-dev/playbook/builder/views"
)

// deps are what a page read of the site, beyond the data its key already
// hashes (see dataKey), as recorded while it rendered. A cached page is
// written again as it was when the values of what it read are unchanged:
// rendering is a function of what it reads, so it then reads the same
// values again and makes the same bytes.
type deps uint8

const (
	// readsPages: the metadata of a page not among its own data (a list of
	// the site's pages, a page's children, a page found through another,
	// the function attention, which reads every brief), hashed together
	// for every page in keys.all.
	readsPages deps = 1 << iota
	// readsSummary: the functions stats or terms (keys.summary).
	readsSummary
	// readsBodies: the Markdown of another page (keys.bodies).
	readsBodies
	// readsCards: the function card, whose pages read what the cards of
	// the builds so far read together (Cache.cards).
	readsCards
	// readsRepeats: the function repeated, which tells whether another
	// brief has a title (keys.repeats).
	readsRepeats
	// readsPeople: the functions personURL and peopleIndex, which tell
	// where a person is listed on /people/ (keys.people).
	readsPeople

	// readsAll is what is assumed of a page html/template rendered, which
	// tells nothing of its reads.
	readsAll = readsPages | readsSummary | readsBodies | readsCards | readsRepeats | readsPeople
)

// watch names the reads a tmplexec.Runner tells a recorder of: every
// field of a page, the fields of the site that lead to pages, the lists
// of a Term and a Person, and the functions of deps.
var watch = tmplexec.Watch{
	Field: func(t reflect.Type, name string) bool {
		switch t {
		case pageType:
			return true
		case siteType:
			// The site's settings are hashed in keys.global.
			switch name {
			case "Title", "Description", "BaseURL", "Language", "UnsafeHTML", "PageSize", "RepoURL":
				return false
			}
			return true
		case termType:
			return name == "Briefs"
		case personType:
			return name == "Roles"
		}
		return false
	},
	Funcs: map[string]bool{"stats": true, "terms": true, "card": true, "attention": true, "repeated": true, "personURL": true, "peopleIndex": true},
}

var (
	pageType   = reflect.TypeFor[content.Page]()
	siteType   = reflect.TypeFor[content.Site]()
	termType   = reflect.TypeFor[views.Term]()
	personType = reflect.TypeFor[views.Person]()
)

// A recorder gathers the deps of one page as it renders (see watch).
type recorder struct {
	d     *Data
	deps  deps
	keyed map[*content.Page]bool // the pages of d's lists, once one is asked for
}

// asRecorder returns r as a tmplexec.Recorder, and none for a nil r (a
// build without a Cache records nothing). It starts r's recording anew:
// a page tmplexec gives up on is rendered again from the start.
func (r *recorder) asRecorder() tmplexec.Recorder {
	if r == nil {
		return nil
	}
	r.deps = 0
	return r
}

// readAll records that the page may have read anything.
func (r *recorder) readAll() {
	if r != nil {
		r.deps = readsAll
	}
}

// Field records the read of name on a page or the site.
func (r *recorder) Field(v reflect.Value, name string) {
	if v.Type() != pageType {
		r.deps |= readsPages // the site's pages, a Term's briefs, a Person's roles
		return
	}
	if !v.CanAddr() {
		r.deps |= readsPages
		return
	}
	p := v.Addr().Interface().(*content.Page)
	switch {
	case name == "Children":
		r.deps |= readsPages
	case name == "Body":
		if r.d == nil || p != r.d.Page {
			r.deps |= readsBodies
		}
	case !r.keys(p, name):
		r.deps |= readsPages
	}
}

// Func records the call of a function of watch.
func (r *recorder) Func(name string) {
	switch name {
	case "stats", "terms":
		r.deps |= readsSummary
	case "card":
		r.deps |= readsCards
	case "attention":
		r.deps |= readsPages
	case "repeated":
		r.deps |= readsRepeats
	case "personURL", "peopleIndex":
		r.deps |= readsPeople
	}
}

// keys reports whether the page's key (dataKey) hashes the field name of
// p: p is the page, a neighbour, its section or on one of its lists, or
// name is the URL or title of a section in the navigation (keys.global).
func (r *recorder) keys(p *content.Page, name string) bool {
	d := r.d
	if d == nil {
		return false
	}
	if p == d.Page || p == d.Prev || p == d.Next || d.Page != nil && p == d.Page.Section {
		return true
	}
	if (name == "URL" || name == "Title") && p.Kind == content.SectionPage && p.Section != nil && p.Section.Kind == content.HomePage {
		return true
	}
	if r.keyed == nil {
		r.keyed = map[*content.Page]bool{}
		for _, q := range d.List {
			r.keyed[q] = true
		}
		for _, row := range d.KPIs {
			r.keyed[row.Page] = true
		}
		for _, per := range d.People {
			for _, role := range per.Shown {
				r.keyed[role.Brief.Page] = true
			}
		}
	}
	return r.keyed[p]
}

// depsKey hashes the values of what d reads into k, with cards what the
// cards of the last build read.
func (b *build) depsKey(k keyer, d, cards deps) keyer {
	if d&readsCards != 0 {
		d |= cards
	}
	k.num(uint64(d))
	if d&readsPages != 0 {
		k.num(b.keys.all)
	}
	if d&readsSummary != 0 {
		k.num(b.keys.summary)
	}
	if d&readsBodies != 0 {
		k.num(b.keys.bodies)
	}
	if d&readsRepeats != 0 {
		k.num(b.keys.repeats)
	}
	if d&readsPeople != 0 {
		k.num(b.keys.people)
	}
	return k
}
