package output

import (
	"bytes"
	"sort"
	"sync"
)

// Mem keeps a built site in memory: for the dev server and tests. What it
// is given through WriteFile and WriteChunks it copies, as an Output must;
// what it is given through KeepFile and KeepChunks it keeps as it is. The
// zero value is an empty Mem ready to use.
type Mem struct {
	mu      sync.Mutex
	files   map[string][]byte
	chunked map[string][][]byte // files kept in the pieces they were given in
}

var (
	_ Output      = (*Mem)(nil)
	_ ChunkWriter = (*Mem)(nil)
	_ Keeper      = (*Mem)(nil)
)

// WriteFile stores a copy of data under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	return m.KeepFile(name, bytes.Clone(data))
}

// WriteChunks stores a copy of the file made of chunks under name, joined
// into one slice.
func (m *Mem) WriteChunks(name string, chunks [][]byte) error {
	return m.KeepFile(name, bytes.Join(chunks, nil))
}

// KeepFile stores data under name as it is.
func (m *Mem) KeepFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = data
	delete(m.chunked, name)
	return nil
}

// KeepChunks stores the file made of chunks under name, as they are.
func (m *Mem) KeepChunks(name string, chunks [][]byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.chunked == nil {
		m.chunked = map[string][][]byte{}
	}
	m.chunked[name] = chunks
	delete(m.files, name)
	return nil
}

// Files returns the stored files by name, those kept in pieces joined. The
// map is the caller's; the bytes are shared with m and must not be
// changed.
func (m *Mem) Files() map[string][]byte {
	files, chunked := m.Parts()
	for k, v := range chunked {
		files[k] = bytes.Join(v, nil)
	}
	return files
}

// Parts returns the stored files by name: those stored whole, and those
// kept in the pieces they were given in. The maps are the caller's; the
// bytes are shared with m and must not be changed.
func (m *Mem) Parts() (map[string][]byte, map[string][][]byte) {
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
func (m *Mem) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files)+len(m.chunked))
	for k := range m.files {
		names = append(names, k)
	}
	for k := range m.chunked {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
