package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/playbook-dev/playbook/builder/content"
)

// Watched are the folders of a site whose changes trigger a rebuild.
var Watched = []string{"content", "layouts", "theme"}

// maxHold is the longest a batch is held back while events keep coming.
const maxHold = time.Second

// Batch is a set of changes, debounced into one rebuild.
type Batch struct {
	Paths []string // changed paths relative to the source folder, slash-separated, sorted
	Full  bool     // events were lost (queue overflow): rebuild everything
}

// Kind classifies a changed path: "content", "layouts", "theme" or "".
func Kind(path string) string {
	first, _, _ := strings.Cut(path, "/")
	for _, w := range Watched {
		if first == w {
			return w
		}
	}
	return ""
}

// notifier is the part of an fsnotify.Watcher that Watcher uses; tests
// inject failures through it.
type notifier interface {
	Add(path string) error
	Remove(path string) error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
	Close() error
}

type fsnotifyWatcher struct{ *fsnotify.Watcher }

func (w fsnotifyWatcher) Events() <-chan fsnotify.Event { return w.Watcher.Events }
func (w fsnotifyWatcher) Errors() <-chan error          { return w.Watcher.Errors }

// WatchOptions configure a Watcher.
type WatchOptions struct {
	Poll     bool          // poll the file tree instead of using OS events
	Interval time.Duration // polling interval (default 300ms)
	Debounce time.Duration // quiet time before a batch is sent (default 30ms)
	Skip     []string      // extra folders to skip, relative to the root (the output folder)
	Log      io.Writer     // where advice is printed
}

// Watcher reports changes under a site's content/, layouts/ and theme/ as
// debounced batches. fsnotify has no recursive watch, so every folder is
// watched on its own, new folders are added as they appear, and events of
// editors' swap and backup files are dropped.
type Watcher struct {
	root  string
	opts  WatchOptions
	C     chan Batch // batches, sent only when the receiver is ready
	n     notifier
	newN  func() (notifier, error)
	poll  bool
	dirs  map[string]bool
	state map[string]fileState // for polling

	// What the build reads through symbolic links that stay inside the
	// site: a linked content/, layouts/ or theme/ is watched where it
	// is, and a linked file's folder is watched for changes to the file.
	real  string              // root with its links resolved
	tops  map[string]string   // a linked top folder → the folder it leads to
	links map[string][]string // a linked file's target → the links to it, relative

	started bool
}

type fileState struct {
	mod  time.Time
	size int64
	dir  bool
}

// NewWatcher watches the site in root.
func NewWatcher(root string, opts WatchOptions) (*Watcher, error) {
	if opts.Interval <= 0 {
		opts.Interval = 300 * time.Millisecond
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	w := &Watcher{root: root, opts: opts, C: make(chan Batch), poll: opts.Poll, dirs: map[string]bool{},
		newN: func() (notifier, error) {
			fw, err := fsnotify.NewBufferedWatcher(4096)
			if err != nil {
				return nil, err
			}
			return fsnotifyWatcher{fw}, nil
		}}
	return w, nil
}

// skip reports whether the path (relative, slash-separated) is not watched.
func (w *Watcher) skip(rel string) bool {
	if rel == "." {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".git" || part == "node_modules" || content.Ignored(part) {
			return true
		}
	}
	for _, s := range w.opts.Skip {
		if rel == s || strings.HasPrefix(rel, s+"/") {
			return true
		}
	}
	if Kind(rel) == "" && strings.Contains(rel, "/") {
		return true
	}
	return false
}

// rel is the path, relative to the root and slash-separated, that the
// build reads p as: a path inside a linked top folder is named by the link.
func (w *Watcher) rel(p string) string {
	for top, real := range w.tops {
		if p == real {
			return top
		}
		if strings.HasPrefix(p, real+string(filepath.Separator)) {
			return top + "/" + filepath.ToSlash(p[len(real)+1:])
		}
	}
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// start sets up OS watches on the root and every folder of the watched
// trees. When the OS limit on watches is reached, it says what to raise
// and falls back to polling.
func (w *Watcher) start() error {
	w.started = true
	w.resolveTops()
	if w.poll {
		w.state = w.snapshot()
		return nil
	}
	n, err := w.newN()
	if err != nil {
		return w.fallBack(err)
	}
	w.n = n
	err = w.addTree(w.root)
	for _, real := range w.tops {
		if err == nil {
			err = w.addTree(real)
		}
	}
	if err != nil {
		n.Close()
		w.n = nil
		return w.fallBack(err)
	}
	return nil
}

// resolveTops finds the top folders that are symbolic links leading to a
// folder inside the site, which the build reads through. A link that leads
// outside is not watched: the build refuses it.
func (w *Watcher) resolveTops() {
	base, err := filepath.Abs(w.root)
	if err != nil {
		base = w.root
	}
	w.real, w.tops, w.links = base, map[string]string{}, map[string][]string{}
	if r, err := filepath.EvalSymlinks(base); err == nil {
		w.real = r
	}
	for _, top := range Watched {
		p := filepath.Join(base, top)
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil || !w.inside(real) {
			continue
		}
		if fi, err := os.Stat(real); err == nil && fi.IsDir() {
			w.tops[top] = real
		}
	}
}

// inside reports whether the resolved path p lies inside the site.
func (w *Watcher) inside(p string) bool {
	return p == w.real || strings.HasPrefix(p, w.real+string(filepath.Separator))
}

// addLink watches the file a symbolic link at p (rel in the site) leads
// to, when it is a file inside the site: the build reads it as rel.
func (w *Watcher) addLink(p, rel string) error {
	target, err := filepath.EvalSymlinks(p)
	if err == nil {
		target, err = filepath.Abs(target)
	}
	if err != nil || !w.inside(target) {
		return nil
	}
	if fi, err := os.Stat(target); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	if !slices.Contains(w.links[target], rel) {
		w.links[target] = append(w.links[target], rel)
	}
	dir := filepath.Dir(target)
	if w.n == nil || w.dirs["\x00"+dir] {
		return nil
	}
	if err := w.n.Add(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	w.dirs["\x00"+dir] = true // a folder watched for a linked file
	return nil
}

func (w *Watcher) fallBack(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		fmt.Fprintf(w.opts.Log, "The system's limit on watched folders is reached (%v).\n"+
			"  Raise it with: sudo sysctl fs.inotify.max_user_watches=524288 (and fs.inotify.max_user_instances=512)\n"+
			"  Watching by polling instead, which is slower.\n", err)
		w.poll = true
		w.state = w.snapshot()
		return nil
	}
	return fmt.Errorf("watching %s: %w", w.root, err)
}

// addTree watches dir and the folders below it that belong to the site.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel := w.rel(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone while walking
			}
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 && Kind(rel) != "" && !w.skip(rel) {
			return w.addLink(p, rel)
		}
		if !d.IsDir() {
			return nil
		}
		if w.skip(rel) || (rel != "." && Kind(rel) == "") {
			return filepath.SkipDir
		}
		if w.dirs[rel] {
			return nil
		}
		if err := w.n.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		w.dirs[rel] = true
		return nil
	})
}

// Start sets up the watches, so that every change made after it returns is
// reported by Run. Run calls it when it has not been called.
func (w *Watcher) Start() error {
	if w.started {
		return nil
	}
	return w.start()
}

// Run watches until ctx is done, sending batches on C.
func (w *Watcher) Run(ctx context.Context) error {
	if err := w.Start(); err != nil {
		return err
	}
	defer func() {
		if w.n != nil {
			w.n.Close()
		}
	}()
	pending := map[string]bool{}
	full := false
	var timer *time.Timer
	var timerC <-chan time.Time
	var out chan Batch
	var first time.Time
	ticker := time.NewTicker(w.opts.Interval)
	defer ticker.Stop()
	note := func(rel string) {
		if len(pending) == 0 && !full {
			first = time.Now()
		}
		pending[rel] = true
		// Trailing debounce, but never hold a batch back longer than
		// maxHold while events keep coming.
		wait := w.opts.Debounce
		if time.Since(first) > maxHold {
			wait = 0
		}
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		timerC = timer.C
		out = nil
	}
	for {
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.n != nil {
			events, errs = w.n.Events(), w.n.Errors()
		}
		var tick <-chan time.Time
		if w.poll {
			tick = ticker.C
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				w.n = nil
				continue
			}
			for _, l := range w.links[ev.Name] {
				note(l) // a file the build reads through a link
			}
			rel := w.rel(ev.Name)
			if w.skip(rel) || Kind(rel) == "" && !w.isWatchedRoot(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) && Kind(rel) == rel {
				// content/, layouts/ or theme/ made anew, perhaps as a link.
				w.resolveTops()
				if real, ok := w.tops[rel]; ok && w.n != nil {
					w.addTree(real)
				}
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					// A new folder: watch it and everything already in it.
					if err := w.addTree(ev.Name); err != nil {
						if ferr := w.fallBack(err); ferr != nil {
							return ferr
						}
						w.n.Close()
						w.n = nil
					}
					filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() && !w.skip(w.rel(p)) {
							note(w.rel(p))
						}
						return nil
					})
					continue // an empty new folder changes nothing
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				for d := range w.dirs {
					if d == rel || strings.HasPrefix(d, rel+"/") {
						delete(w.dirs, d)
					}
				}
			}
			note(rel)
		case err, ok := <-errs:
			if !ok {
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				fmt.Fprintln(w.opts.Log, "Too many changes at once: some file events were lost; rebuilding everything.")
				full = true
				note(".")
				continue
			}
			fmt.Fprintf(w.opts.Log, "watch error: %v\n", err)
		case <-tick:
			for _, rel := range w.pollChanges() {
				note(rel)
			}
		case <-timerC:
			timerC = nil
			out = w.C
		case out <- w.batch(pending, full):
			pending = map[string]bool{}
			full = false
			out = nil
		}
	}
}

func (w *Watcher) isWatchedRoot(rel string) bool {
	return rel == "." || Kind(rel) != ""
}

func (w *Watcher) batch(pending map[string]bool, full bool) Batch {
	b := Batch{Full: full}
	for p := range pending {
		if p != "." {
			b.Paths = append(b.Paths, p)
		}
	}
	sort.Strings(b.Paths)
	return b
}

// snapshot records the size and time of every file of the watched trees.
func (w *Watcher) snapshot() map[string]fileState {
	s := map[string]fileState{}
	for _, top := range Watched {
		dir := filepath.Join(w.root, top)
		if real, ok := w.tops[top]; ok {
			dir = real
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel := w.rel(p)
			if w.skip(rel) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if d.Type()&fs.ModeSymlink != 0 {
				fi, err = os.Stat(p) // what the build reads: the file it leads to
			}
			if err != nil {
				return nil
			}
			s[rel] = fileState{mod: fi.ModTime(), size: fi.Size(), dir: d.IsDir()}
			return nil
		})
	}
	return s
}

// pollChanges compares a new snapshot with the last one.
func (w *Watcher) pollChanges() []string {
	next := w.snapshot()
	var changed []string
	for p, st := range next {
		if old, ok := w.state[p]; !ok || (!st.dir && (old.mod != st.mod || old.size != st.size)) {
			changed = append(changed, p)
		}
	}
	for p := range w.state {
		if _, ok := next[p]; !ok {
			changed = append(changed, p)
		}
	}
	w.state = next
	return changed
}
