package builder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Output receives the files of a build. Names are slash-separated paths
// relative to the site root ("web/seo/index.html"). WriteFile may be called
// from several goroutines at once.
type Output interface {
	WriteFile(name string, data []byte) error
}

// chunkWriter is an Output that takes a large file as the pieces it is
// made of (playbook.json is every brief's JSON), so that it need not be
// joined into one more copy.
type chunkWriter interface {
	WriteChunks(name string, chunks [][]byte) error
}

// stagingOutput is an Output that keeps nothing of the bytes it is given
// once WriteFile returns, and whose files the caller throws away when the
// build fails, as DirOutput's folder beside the destination is. A build
// without a Cache streams into one (see build.stream) and reuses buffers.
type stagingOutput interface {
	Output
	staging()
}

// MemOutput keeps a built site in memory: for the dev server and tests.
type MemOutput struct {
	mu      sync.Mutex
	files   map[string][]byte
	chunked map[string][][]byte
}

var _ Output = (*MemOutput)(nil)

// NewMemOutput returns an empty MemOutput.
func NewMemOutput() *MemOutput {
	return &MemOutput{files: map[string][]byte{}, chunked: map[string][][]byte{}}
}

// WriteFile stores data under name.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	if len(m.chunked) > 0 {
		delete(m.chunked, name)
	}
	return nil
}

// WriteChunks stores the file made of chunks under name, as they are.
func (m *MemOutput) WriteChunks(name string, chunks [][]byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chunked[name] = chunks
	delete(m.files, name)
	return nil
}

// Files returns the stored files by name.
func (m *MemOutput) Files() map[string][]byte {
	files, chunked := m.Parts()
	for k, v := range chunked {
		files[k] = bytes.Join(v, nil)
	}
	return files
}

// Parts returns the stored files by name: those stored whole, and those
// stored in chunks.
func (m *MemOutput) Parts() (map[string][]byte, map[string][][]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	files := make(map[string][]byte, len(m.files)+len(m.chunked))
	for k, v := range m.files {
		files[k] = v
	}
	chunked := make(map[string][][]byte, len(m.chunked))
	for k, v := range m.chunked {
		chunked[k] = v
	}
	return files, chunked
}

// Names returns the stored file names, sorted.
func (m *MemOutput) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files)+len(m.chunked))
	for k := range m.files {
		out = append(out, k)
	}
	for k := range m.chunked {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DirOutput writes a build into a fresh folder beside its destination and
// swaps it in on Commit, so that a failed or killed build leaves the previous
// site untouched.
type DirOutput struct {
	dest string   // the final folder
	tmp  string   // where files are written until Commit
	dirs sync.Map // folders already made under tmp
}

var _ stagingOutput = (*DirOutput)(nil)

// NewDirOutput prepares a build into dest. The caller must call Commit or
// Abort.
func NewDirOutput(dest string) (*DirOutput, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".playbook-new-")
	if err != nil {
		return nil, fmt.Errorf("creating a folder beside %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &DirOutput{dest: dest, tmp: tmp}, nil
}

func (d *DirOutput) staging() {}

// WriteFile writes data to name inside the new folder.
func (d *DirOutput) WriteFile(name string, data []byte) error {
	return d.WriteChunks(name, [][]byte{data})
}

// WriteChunks writes the file made of chunks to name inside the new folder.
func (d *DirOutput) WriteChunks(name string, chunks [][]byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write outside the output folder: %q", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, made := d.dirs.Load(dir); !made {
		// Most folders are a page's, in a folder made already: one
		// mkdir, not MkdirAll's stat of the folder and its parent first.
		if err := os.Mkdir(dir, 0o755); err != nil {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("writing %s: %w", name, err)
			}
		}
		d.dirs.Store(dir, true)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
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

// Commit puts the new folder in place of dest in one step, then removes the
// previous site.
func (d *DirOutput) Commit() error {
	old, err := swapDirs(d.tmp, d.dest)
	if err != nil {
		d.Abort()
		return fmt.Errorf("putting the new site in place at %s: %w", d.dest, err)
	}
	if old != "" {
		if err := removeAll(old); err != nil {
			return fmt.Errorf("removing the previous site (now at %s): %w", old, err)
		}
	}
	return nil
}

// Abort removes the new folder; dest is left as it was.
func (d *DirOutput) Abort() {
	removeAll(d.tmp)
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
// killed before they finished.
func CleanStale(dest string) {
	dest = filepath.Clean(dest)
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".playbook-*"))
	for _, m := range matches {
		if strings.Contains(filepath.Base(m), ".playbook-") {
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
