package builder

import (
	"sort"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/markdown"
	"github.com/playbook-dev/playbook/builder/search"
)

// searchJobs builds the search index and returns one job per file to write.
func (b *build) searchJobs() []func() error {
	// One job, so that the index is built while pages render.
	return []func() error{func() error {
		if b.opts.Cache == nil {
			return b.searchStream()
		}
		files := b.searchIndex()
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := b.write(name, files[name], false); err != nil { // compact already
				return err
			}
		}
		return nil
	}}
}

// searchPages lists the documents of the index, in id order: the briefs
// newest first, then the plain pages and sections by URL.
func (b *build) searchPages() []*content.Page {
	pages := append([]*content.Page(nil), b.site.Briefs...)
	for _, p := range b.site.Pages {
		if p.Kind == content.PlainPage || p.Kind == content.SectionPage {
			pages = append(pages, p)
		}
	}
	return pages
}

// searchRun is the search index of a build without a Cache. The page jobs
// of a build that streams add their documents as they render (streamBody).
type searchRun struct {
	pages  []*content.Page       // the documents, in id order
	ids    map[*content.Page]int // the id of each; read-only
	stream *search.Stream
}

func (b *build) newSearchRun() *searchRun {
	pages := b.searchPages()
	write := func(name string, data []byte) error { return b.write(name, data, false) } // compact already
	s := &searchRun{pages: pages, ids: make(map[*content.Page]int, len(pages)), stream: search.NewStream(len(pages), write)}
	for id, p := range pages {
		s.ids[p] = id
	}
	return s
}

// add makes p's document from its converted body r, if p is one.
func (s *searchRun) add(b *build, p *content.Page, r *markdown.Result) {
	if id, ok := s.ids[p]; ok {
		s.stream.Add(id, p, b.relURL(p.URL), bodyText(r))
	}
}

// searchStream writes the index of a build without a Cache: that of the
// pages the page jobs added as they rendered (streamBody), and of the
// others.
func (b *build) searchStream() error {
	s := b.searchRun
	if s == nil {
		s = b.newSearchRun()
	}
	parallel(len(s.pages), func(id int) error {
		if p := s.pages[id]; !s.stream.Added(id) {
			s.stream.Add(id, p, b.relURL(p.URL), bodyText(b.bodies[p].result()))
		}
		return nil
	})
	return s.stream.Finish()
}

// searchIndex returns the files of the index by output name, with a
// Cache: the index of the last build, updated. A page's document is made
// again only when its key changed, and only the files it touches are
// encoded again.
func (b *build) searchIndex() map[string][]byte {
	pages := b.searchPages()
	docs := make([]search.Doc, len(pages))
	parallel(len(pages), func(i int) error {
		p := pages[i]
		key := newKeyer().num(b.sig(p)).num(p.Hash).num(b.keys.shape).str(b.basePath()).sum()
		if d, ok := b.opts.Cache.search(p.URL, key); ok {
			docs[i] = d
			return nil
		}
		docs[i] = search.NewDoc(p, b.relURL(p.URL), bodyText(b.bodies[p].result()))
		docs[i].Key = key
		b.opts.Cache.putSearch(p.URL, docs[i])
		return nil
	})
	idx := b.opts.Cache.searchIndex()
	if idx == nil {
		idx = new(search.Index)
	}
	files := idx.Update(docs)
	b.opts.Cache.putSearchIndex(idx)
	return files
}

// bodyText is the text of a converted body, "" for none.
func bodyText(r *markdown.Result) string {
	if r == nil {
		return ""
	}
	return r.Text
}
