package output

import (
	"bytes"
	"sort"
	"sync"
)

// Mem keeps a built site in memory: for the dev server and tests. It keeps
// a copy of what it is given, as an Output must. The zero value is an
// empty Mem ready to use.
type Mem struct {
	mu    sync.Mutex
	files map[string][]byte
}

var (
	_ Output      = (*Mem)(nil)
	_ ChunkWriter = (*Mem)(nil)
)

// WriteFile stores a copy of data under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	m.store(name, bytes.Clone(data))
	return nil
}

// WriteChunks stores a copy of the file made of chunks under name, joined
// into one slice.
func (m *Mem) WriteChunks(name string, chunks [][]byte) error {
	m.store(name, bytes.Join(chunks, nil))
	return nil
}

func (m *Mem) store(name string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = data
}

// Files returns the stored files by name. The map is the caller's; the
// bytes are shared with m and must not be changed.
func (m *Mem) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	files := make(map[string][]byte, len(m.files))
	for k, v := range m.files {
		files[k] = v
	}
	return files
}

// Names returns the stored file names, sorted.
func (m *Mem) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files))
	for k := range m.files {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
