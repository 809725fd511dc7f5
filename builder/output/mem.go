package output

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
)

// Mem keeps a built site in memory: for the dev server and tests. A file
// given through WriteFile or WriteChunks it copies, as an Output must,
// packed (see [Packed]); one given through KeepFile, KeepPacked or
// KeepChunks it keeps as it is. The zero value is an empty Mem ready to
// use.
type Mem struct {
	mu      sync.Mutex
	files   map[string]Packed
	chunked map[string][][]byte // files kept in the pieces they were given in
}

var (
	_ Output      = (*Mem)(nil)
	_ ChunkWriter = (*Mem)(nil)
	_ Keeper      = (*Mem)(nil)
	_ Packer      = (*Mem)(nil)
)

// WriteFile stores data packed under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	return m.KeepPacked(name, Pack(data))
}

// WriteChunks stores the file made of chunks under name, packed.
func (m *Mem) WriteChunks(name string, chunks [][]byte) error {
	return m.WriteFile(name, bytes.Join(chunks, nil))
}

// KeepFile stores data under name as it is.
func (m *Mem) KeepFile(name string, data []byte) error {
	return m.KeepPacked(name, Stored(data))
}

// KeepPacked stores the file p is under name, keeping p as it is.
func (m *Mem) KeepPacked(name string, p Packed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string]Packed{}
	}
	m.files[name] = p
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

// Files returns the stored files by name, unpacked, those kept in pieces
// joined: for tests. The map is the caller's; bytes kept as they were
// given are shared with m and must not be changed. It panics if
// a file does not unpack, which only memory gone bad would cause.
func (m *Mem) Files() map[string][]byte {
	packed, chunked := m.Parts()
	files := make(map[string][]byte, len(packed)+len(chunked))
	for k, p := range packed {
		data, err := p.Unpack()
		if err != nil {
			panic(fmt.Sprintf("output.Mem: %s: %v", k, err))
		}
		files[k] = data
	}
	for k, v := range chunked {
		files[k] = bytes.Join(v, nil)
	}
	return files
}

// Parts returns the stored files by name: those stored whole, packed, and
// those kept in the pieces they were given in. The maps are the caller's;
// the bytes are shared with m and must not be changed.
func (m *Mem) Parts() (map[string]Packed, map[string][][]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	files := make(map[string]Packed, len(m.files)+len(m.chunked))
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
