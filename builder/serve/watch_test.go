package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchSite makes a site folder with content/a.md and starts a Watcher on
// it; batches arrive on the returned channel.
func watchSite(t *testing.T, opts WatchOptions) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content", "layouts", "theme", "public", ".git"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	write(t, root, "content/a.md", "---\ntitle: A\n---\n")
	return root, startWatcher(t, root, opts)
}

// startWatcher starts a Watcher on the site in root until the test ends.
func startWatcher(t *testing.T, root string, opts WatchOptions) *Watcher {
	t.Helper()
	w, err := NewWatcher(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return w
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.C:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return Batch{}
}

// quiet checks that no batch comes for a while.
func quiet(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.C:
		t.Errorf("unexpected batch %+v", b)
	case <-time.After(d):
	}
}

func has(b Batch, path string) bool {
	for _, p := range b.Paths {
		if p == path {
			return true
		}
	}
	return false
}

// TestSavePatterns checks each way editors save a file.
func TestSavePatterns(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, root string)
	}{
		{"write in place", func(t *testing.T, root string) {
			write(t, root, "content/a.md", "---\ntitle: B\n---\n")
		}},
		{"write temp and rename (VS Code, JetBrains safe write)", func(t *testing.T, root string) {
			write(t, root, "content/a.md___jb_tmp___", "new")
			os.Rename(filepath.Join(root, "content/a.md"), filepath.Join(root, "content/a.md___jb_old___"))
			os.Rename(filepath.Join(root, "content/a.md___jb_tmp___"), filepath.Join(root, "content/a.md"))
			os.Remove(filepath.Join(root, "content/a.md___jb_old___"))
		}},
		{"vim: backup, probe file, swap file", func(t *testing.T, root string) {
			write(t, root, "content/.a.md.swp", "swap")
			write(t, root, "content/4913", "")
			os.Remove(filepath.Join(root, "content/4913"))
			os.Rename(filepath.Join(root, "content/a.md"), filepath.Join(root, "content/a.md~"))
			write(t, root, "content/a.md", "new")
			os.Remove(filepath.Join(root, "content/a.md~"))
		}},
		{"delete and recreate", func(t *testing.T, root string) {
			os.Remove(filepath.Join(root, "content/a.md"))
			write(t, root, "content/a.md", "new")
		}},
		{"emacs lock file", func(t *testing.T, root string) {
			os.Symlink("user@host", filepath.Join(root, "content/.#a.md"))
			write(t, root, "content/a.md", "new")
			os.Remove(filepath.Join(root, "content/.#a.md"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, w := watchSite(t, WatchOptions{})
			tt.save(t, root)
			b := next(t, w)
			if !has(b, "content/a.md") {
				t.Errorf("batch %v lacks content/a.md", b.Paths)
			}
			for _, p := range b.Paths {
				if strings.Contains(p, ".swp") || strings.HasSuffix(p, "~") || strings.Contains(p, "4913") || strings.Contains(p, ".#") || strings.Contains(p, "___jb_") {
					t.Errorf("batch carries an editor's temporary file: %s", p)
				}
			}
		})
	}
}

func TestIgnoredFilesAlone(t *testing.T) {
	root, w := watchSite(t, WatchOptions{})
	write(t, root, "content/.a.md.swp", "x")
	write(t, root, "content/a.md~", "x")
	write(t, root, "content/4913", "x")
	write(t, root, "public/index.html", "x")
	write(t, root, ".git/HEAD", "x")
	write(t, root, "README.md", "x")
	quiet(t, w, 300*time.Millisecond)
}

func TestNewNestedFolders(t *testing.T) {
	root, w := watchSite(t, WatchOptions{})
	write(t, root, "content/x/y/z/b.md", "one")
	b := next(t, w)
	if !has(b, "content/x/y/z/b.md") {
		t.Errorf("batch %v lacks the new nested file", b.Paths)
	}
	// The new folders are watched now.
	time.Sleep(50 * time.Millisecond)
	write(t, root, "content/x/y/z/b.md", "two")
	if b := next(t, w); !has(b, "content/x/y/z/b.md") {
		t.Errorf("second batch %v lacks the nested file", b.Paths)
	}
	write(t, root, "layouts/partials/new.html", "x")
	if b := next(t, w); !has(b, "layouts/partials/new.html") {
		t.Errorf("batch %v lacks the new layout", b.Paths)
	}
}

func TestDeleteAndRename(t *testing.T) {
	root, w := watchSite(t, WatchOptions{})
	os.Rename(filepath.Join(root, "content/a.md"), filepath.Join(root, "content/b.md"))
	b := next(t, w)
	if !has(b, "content/a.md") || !has(b, "content/b.md") {
		t.Errorf("rename: batch %v", b.Paths)
	}
	os.Remove(filepath.Join(root, "content/b.md"))
	if b := next(t, w); !has(b, "content/b.md") {
		t.Errorf("delete: batch %v", b.Paths)
	}
	// A removed folder is dropped, and one made again under the same name
	// is watched afresh.
	write(t, root, "content/sec/c.md", "x")
	next(t, w)
	os.RemoveAll(filepath.Join(root, "content/sec"))
	next(t, w)
	write(t, root, "content/sec/d.md", "x")
	if b := next(t, w); !has(b, "content/sec/d.md") {
		t.Errorf("recreated folder: batch %v", b.Paths)
	}
}

// TestBurst writes 200 files at once: one or two rebuilds, not 200.
func TestBurst(t *testing.T) {
	root, w := watchSite(t, WatchOptions{})
	for i := 0; i < 200; i++ {
		write(t, root, fmt.Sprintf("content/burst-%03d.md", i), "x")
	}
	batches, files := 0, map[string]bool{}
	deadline := time.After(3 * time.Second)
loop:
	for {
		select {
		case b := <-w.C:
			batches++
			for _, p := range b.Paths {
				files[p] = true
			}
			if len(files) >= 200 {
				break loop
			}
		case <-deadline:
			break loop
		}
	}
	if len(files) != 200 {
		t.Errorf("saw %d of 200 files", len(files))
	}
	if batches > 2 {
		t.Errorf("%d batches for a burst of 200 writes, want 1 or 2", batches)
	}
}

func TestPoll(t *testing.T) {
	root, w := watchSite(t, WatchOptions{Poll: true, Interval: 50 * time.Millisecond})
	time.Sleep(20 * time.Millisecond)
	write(t, root, "content/a.md", "---\ntitle: Changed size\n---\n")
	if b := next(t, w); !has(b, "content/a.md") {
		t.Errorf("poll: batch %v", b.Paths)
	}
	write(t, root, "content/n/new.md", "x")
	if b := next(t, w); !has(b, "content/n/new.md") {
		t.Errorf("poll: batch %v", b.Paths)
	}
}

// fakeNotifier injects failures.
type fakeNotifier struct {
	addErr error
	events chan fsnotify.Event
	errs   chan error
}

func (f *fakeNotifier) Add(string) error {
	return f.addErr
}
func (f *fakeNotifier) Remove(string) error           { return nil }
func (f *fakeNotifier) Events() <-chan fsnotify.Event { return f.events }
func (f *fakeNotifier) Errors() <-chan error          { return f.errs }
func (f *fakeNotifier) Close() error                  { return nil }

func TestWatchLimitFallsBackToPolling(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/a.md", "x")
	var log strings.Builder
	w, _ := NewWatcher(root, WatchOptions{Interval: 50 * time.Millisecond, Log: &log})
	w.newN = func() (notifier, error) {
		return &fakeNotifier{addErr: fmt.Errorf("add: %w", syscall.ENOSPC), events: make(chan fsnotify.Event), errs: make(chan error)}, nil
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	time.Sleep(20 * time.Millisecond) // a new modification time
	write(t, root, "content/a.md", "changed")
	if b := next(t, w); !has(b, "content/a.md") {
		t.Errorf("batch %v", b.Paths)
	}
	if !strings.Contains(log.String(), "fs.inotify.max_user_watches") || !strings.Contains(log.String(), "polling") {
		t.Errorf("advice: %q", log.String())
	}
}

func TestOverflowRebuildsAll(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/a.md", "x")
	var log strings.Builder
	f := &fakeNotifier{events: make(chan fsnotify.Event), errs: make(chan error, 1)}
	w, _ := NewWatcher(root, WatchOptions{Log: &log})
	w.newN = func() (notifier, error) { return f, nil }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	f.errs <- fsnotify.ErrEventOverflow
	if b := next(t, w); !b.Full {
		t.Errorf("batch after overflow is not a full rebuild: %+v", b)
	}
	if !strings.Contains(log.String(), "rebuilding everything") {
		t.Errorf("log: %q", log.String())
	}

}

// TestWatchLinkedFolders: a content/ that is a symbolic link to a folder
// inside the site, and a file linked from inside the site, are watched
// where they are, and their changes are named as the build reads them.
func TestWatchLinkedFolders(t *testing.T) {
	for _, tc := range []struct{ poll, relative bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		poll := tc.poll
		t.Run(fmt.Sprintf("poll=%v,relative=%v", tc.poll, tc.relative), func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "docs/playbook/a.md", "---\ntitle: A\n---\n")
			write(t, root, "shared/logo.svg", "<svg/>")
			if err := os.Symlink("docs/playbook", filepath.Join(root, "content")); err != nil {
				t.Skip(err)
			}
			os.Symlink("../../shared/logo.svg", filepath.Join(root, "docs/playbook/logo.svg"))
			watched := root
			if tc.relative {
				t.Chdir(root) // serve --watch with the default --source .
				watched = "."
			}
			w := startWatcher(t, watched, WatchOptions{Poll: poll, Interval: 50 * time.Millisecond})
			if poll {
				time.Sleep(100 * time.Millisecond) // past the snapshot's times
			}

			write(t, root, "docs/playbook/a.md", "---\ntitle: A, edited\n---\n")
			if b := next(t, w); !has(b, "content/a.md") {
				t.Errorf("edit through the linked content/: batch %v, want content/a.md", b.Paths)
			}
			write(t, root, "shared/logo.svg", "<svg><circle r='1'/></svg>")
			if b := next(t, w); !has(b, "content/logo.svg") {
				t.Errorf("edit of a linked file: batch %v, want content/logo.svg", b.Paths)
			}
		})
	}
}
