package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Dir writes a build into a folder beside its destination and swaps it
// in on Commit, so that a failed or killed build leaves the previous site
// untouched.
//
// The site a Commit replaces is kept beside the destination as its spare
// (".public.playbook-spare" for public), and the next build writes into
// it rather than into a new folder: it leaves the files whose bytes are
// unchanged as they are, rewrites the others it makes, and removes what it
// does not make before the swap. A build then creates, writes and deletes
// few files, where a new folder each time would create every file and
// folder of the site and delete as many, work some file systems slow down
// on when it is repeated (ext4 without a journal scans past the inodes
// freed in the last minute for every one it allocates). The spare costs
// the disk space of one more copy of the site; deleting it is harmless.
type Dir struct {
	lock  *os.File // held from OpenDir to Commit or Abort
	dest  string   // the final folder
	tmp   string   // where files are written until Commit
	dirs  sync.Map // folders already made under tmp (or found there)
	spare *spare   // what tmp held when it was the spare, or nil
}

// A spare is the listing of the previous site a build writes into, and
// the files the build has written there.
type spare struct {
	dirs    map[string]bool // its folders, by path under tmp
	files   map[string]bool // its files
	written sync.Map        // the files this build wrote, by path under tmp
}

var (
	_ Output      = (*Dir)(nil)
	_ ChunkWriter = (*Dir)(nil)
)

// OpenDir prepares a build into dest. The caller must call Commit or
// Abort. Builds into one destination take turns: each holds an advisory
// lock beside it (".public.playbook-lock") from here to Commit or Abort,
// and one started while another runs waits for it, calling waiting first
// if it is not nil. Then folders left beside dest by killed builds are
// removed.
func OpenDir(dest string, waiting func()) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", parent, err)
	}
	lock, err := lockDest(dest, waiting)
	if err != nil {
		return nil, fmt.Errorf("locking %s for this build: %w", dest, err)
	}
	fail := func(err error) (*Dir, error) {
		if lock != nil {
			lock.Close()
		}
		return nil, err
	}
	CleanStale(dest)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".playbook-new-")
	if err != nil {
		return fail(fmt.Errorf("creating a folder beside %s: %w", dest, err))
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fail(err)
	}
	d := &Dir{lock: lock, dest: dest, tmp: tmp}
	if fi, err := os.Lstat(spareOf(dest)); err == nil && fi.IsDir() {
		if err := d.takeSpare(); err != nil {
			return fail(fmt.Errorf("creating a folder beside %s: %w", dest, err))
		}
	}
	return d, nil
}

// unlock lets the next build into dest go.
func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// takeSpare puts the spare in place of the empty folder tmp, by a rename
// that only one of two builds can make, and lists it; if it cannot, tmp is
// an empty folder again.
func (d *Dir) takeSpare() error {
	if err := os.Remove(d.tmp); err != nil {
		return err
	}
	if os.Rename(spareOf(d.dest), d.tmp) == nil {
		sp, err := listSpare(d.tmp)
		if err == nil {
			d.spare = sp
			return nil
		}
		if err := removeAll(d.tmp); err != nil {
			return err
		}
	}
	if err := os.Mkdir(d.tmp, 0o755); err != nil {
		return err
	}
	return os.Chmod(d.tmp, 0o755)
}

// spareOf is the spare of the destination dest.
func spareOf(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".playbook-spare")
}

// listSpare lists the folders and files of the spare at dir, removing
// anything else (a symbolic link would be written through).
func listSpare(dir string) (*spare, error) {
	sp := &spare{dirs: map[string]bool{}, files: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p == dir:
		case e.IsDir():
			sp.dirs[p] = true
		case e.Type().IsRegular():
			sp.files[p] = true
		default:
			return os.Remove(p)
		}
		return nil
	})
	return sp, err
}

// WriteFile writes data to name inside the new folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	return d.WriteChunks(name, [][]byte{data})
}

// WriteChunks writes the file made of chunks to name inside the new folder.
func (d *Dir) WriteChunks(name string, chunks [][]byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write outside the output folder: %q", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := d.makeDir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if d.spare != nil {
		d.spare.written.Store(p, true)
		if d.spare.files[p] && fileHolds(p, chunks) {
			return nil // left as it is, as a build that made it anew would
		}
		if d.spare.dirs[p] {
			// A folder of the previous site where this one has a file.
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("writing %s: %w", name, err)
			}
		}
	}
	f, err := create(p)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := writeChunks(f, chunks); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// create opens the file p to be written from its start, making it if it
// is not there. A file that is there (in the spare) is written into only
// when it is a plain file with no other name: one that shares its bytes
// with another (a hard link of a snapshot made with cp -al, rsync
// --link-dest or rsnapshot) is replaced by a new file, so the snapshot
// keeps what it held; a symbolic link is replaced too, never followed.
func create(p string) (*os.File, error) {
	f, err := openFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
	if !errors.Is(err, fs.ErrExist) {
		return f, err
	}
	if f, err := openFile(p, os.O_WRONLY|noFollow, 0); err == nil {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && alone(fi) && f.Truncate(0) == nil {
			return f, nil
		}
		f.Close()
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return openFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
}

// fileHolds reports whether the file p holds the bytes of chunks.
func fileHolds(p string, chunks [][]byte) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	size := 0
	for _, c := range chunks {
		size += len(c)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(size) {
		return false
	}
	buf := compareBuffers.Get().(*[]byte)
	defer compareBuffers.Put(buf)
	for _, c := range chunks {
		for len(c) > 0 {
			b := (*buf)[:min(len(c), len(*buf))]
			if _, err := io.ReadFull(f, b); err != nil || !bytes.Equal(b, c[:len(b)]) {
				return false
			}
			c = c[len(b):]
		}
	}
	return true
}

// compareBuffers recycles the buffers of fileHolds.
var compareBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// makeDir makes the folder dir under tmp, and those above it, unless they
// are there already. Most folders are a page's, in a folder made already:
// one mkdir, not MkdirAll's stat of the folder and its parent first.
func (d *Dir) makeDir(dir string) error {
	if _, made := d.dirs.Load(dir); made || dir == d.tmp {
		return nil
	}
	if d.spare != nil && d.spare.dirs[dir] {
		d.dirs.Store(dir, true) // kept by prune
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// The folder above is not there yet (or, in the spare, is a file).
		if err := d.makeDir(filepath.Dir(dir)); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if errors.Is(err, fs.ErrExist) && !isDir(dir) && d.spare != nil {
		// A file of the previous site where this one has a folder.
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if errors.Is(err, fs.ErrExist) && isDir(dir) {
		err = nil // made by another worker meanwhile
	}
	if err != nil {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

func isDir(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.IsDir()
}

// writeChunks writes chunks to f: a chunk of its own if it is large, many
// small ones (a brief's part of playbook.json) gathered into one write.
func writeChunks(f *os.File, chunks [][]byte) error {
	if len(chunks) == 1 {
		_, err := f.Write(chunks[0])
		return err
	}
	w := chunkWriters.Get().(*bufio.Writer)
	defer chunkWriters.Put(w)
	w.Reset(f)
	defer w.Reset(nil)
	for _, c := range chunks {
		if _, err := w.Write(c); err != nil {
			return err
		}
	}
	return w.Flush()
}

// chunkWriters recycles the buffers of writeChunks.
var chunkWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// Commit puts the new folder in place of dest in one step, and keeps the
// previous site as the spare the next build writes into. Written into the
// spare, the new folder first loses what the previous site had and this
// build did not write.
func (d *Dir) Commit() error {
	defer d.unlock()
	if d.spare != nil {
		if err := d.prune(); err != nil {
			d.Abort()
			return fmt.Errorf("clearing the previous site out of %s: %w", d.tmp, err)
		}
	}
	old, err := swapDirs(d.tmp, d.dest)
	if err != nil {
		d.Abort()
		return fmt.Errorf("putting the new site in place at %s: %w", d.dest, err)
	}
	if old == "" {
		return nil
	}
	spare := spareOf(d.dest)
	if os.Rename(old, spare) == nil {
		return nil
	}
	// A spare the build did not take (where a folder cannot be renamed
	// onto an empty one) gives way to the newer one.
	if err := removeAll(spare); err == nil && os.Rename(old, spare) == nil {
		return nil
	}
	if err := removeAll(old); err != nil {
		return fmt.Errorf("removing the previous site (now at %s): %w", old, err)
	}
	return nil
}

// prune removes the files and folders of the spare that this build did
// not write or use.
func (d *Dir) prune() error {
	used := map[string]bool{}
	d.dirs.Range(func(k, _ any) bool {
		for dir := k.(string); dir != d.tmp && !used[dir]; dir = filepath.Dir(dir) {
			used[dir] = true
		}
		return true
	})
	// What is in a folder removed already, or replaced by a file, is gone.
	gone := func(err error, p string) bool {
		return errors.Is(err, fs.ErrNotExist) || !isDir(filepath.Dir(p))
	}
	for dir := range d.spare.dirs {
		if _, written := d.spare.written.Load(dir); !used[dir] && !written {
			if err := os.RemoveAll(dir); err != nil && !gone(err, dir) {
				return err
			}
		}
	}
	for f := range d.spare.files {
		if _, written := d.spare.written.Load(f); !written && !used[f] {
			if err := os.Remove(f); err != nil && !gone(err, f) {
				return err
			}
		}
	}
	return nil
}

// Abort removes the new folder; dest is left as it was.
func (d *Dir) Abort() {
	removeAll(d.tmp)
	d.unlock()
}

// removeAll is os.RemoveAll for a built site, a tree of thousands of small
// folders: the folders one and two levels down are removed by several
// workers at once, as the file system deletes faster than one can ask.
func removeAll(dir string) error {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		// Not a folder (a symbolic link to one is removed, not followed).
		return os.RemoveAll(dir)
	}
	var parts []string
	top, _ := os.ReadDir(dir)
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			continue
		}
		sub, _ := os.ReadDir(p)
		for _, s := range sub {
			if s.IsDir() {
				parts = append(parts, filepath.Join(p, s.Name()))
			}
		}
		parts = append(parts, p) // after its subfolders
	}
	// Each worker takes a run of parts in order, so a folder is removed
	// after its subfolders by the same worker or finds them gone.
	var wg sync.WaitGroup
	next := make(chan string)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				os.RemoveAll(p)
			}
		}()
	}
	for _, p := range parts {
		next <- p
	}
	close(next)
	wg.Wait()
	return os.RemoveAll(dir)
}

// CleanStale removes new-site folders left beside dest by builds that were
// killed before they finished. OpenDir calls it holding the lock of
// dest: called while another build into dest runs, it would remove that
// build's folder.
func CleanStale(dest string) {
	dest = filepath.Clean(dest)
	prefix := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".playbook-")
	matches, _ := filepath.Glob(prefix + "*")
	for _, m := range matches {
		if strings.HasPrefix(m, prefix+"new-") {
			os.RemoveAll(m)
		}
	}
}

// renameAside is the fallback swap where an atomic exchange is not
// available: move dest aside, move tmp in, then drop the old one.
func renameAside(tmp, dest string) (string, error) {
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, dest)
	}
	old := tmp + "-old"
	if err := os.Rename(dest, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Rename(old, dest)
		return "", err
	}
	return old, nil
}
