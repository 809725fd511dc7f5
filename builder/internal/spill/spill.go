// Package spill keeps strings that one build makes once and reads again
// later: in memory up to a budget, and the rest in a temporary file, so
// that the memory a large site's build holds does not grow with every
// string it keeps.
//
// The file is made in the system's temporary folder (os.TempDir) with a
// name of its own, readable by its owner only, and removed at once where
// the system allows an open file to be removed (Unix), so that a build
// that is killed leaves nothing behind; elsewhere it is removed by Close.
// Where the file cannot be made or written (a full disk, a read-only
// temporary folder), the Store keeps what it is given in memory instead:
// a build then needs more memory, but never fails or loses a string.
package spill

import (
	"os"
	"sync"
	"unsafe"
)

// Store holds strings by key. Its methods may be called from many
// goroutines.
type Store[K comparable] struct {
	mu     sync.Mutex
	budget int // the bytes that may still be held in memory
	mem    map[K]string
	onDisk map[K]span
	f      *os.File // made at the first string over budget
	name   string   // f's name while it must be removed by Close
	size   int64    // the bytes written to f
	failed bool     // f could not be made or written: hold in memory
}

// span is where a string is in the file.
type span struct {
	off int64
	n   int
}

// New returns a Store that holds up to budget bytes of strings in memory.
func New[K comparable](budget int) *Store[K] {
	return &Store[K]{budget: budget, mem: map[K]string{}, onDisk: map[K]span{}}
}

// Put stores v under k, in place of what was there.
func (s *Store[K]) Put(k K, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.mem[k]; ok {
		s.budget += len(old)
		delete(s.mem, k)
	}
	delete(s.onDisk, k)
	if len(v) <= s.budget || len(v) == 0 || s.failed || !s.write(k, v) {
		s.mem[k] = v
		s.budget -= len(v)
	}
}

// write appends v to the file, making it first if need be, and records
// where it is. It reports whether it could.
func (s *Store[K]) write(k K, v string) bool {
	if s.f == nil {
		f, err := os.CreateTemp("", "playbook-spill-*")
		if err != nil {
			s.failed = true
			return false
		}
		if os.Remove(f.Name()) != nil {
			s.name = f.Name() // open files cannot be removed here
		}
		s.f = f
	}
	// WriteAt keeps nothing of the bytes it writes: no copy of v is needed.
	if _, err := s.f.WriteAt(unsafe.Slice(unsafe.StringData(v), len(v)), s.size); err != nil {
		s.failed = true
		return false
	}
	s.onDisk[k] = span{s.size, len(v)}
	s.size += int64(len(v))
	return true
}

// Get returns the string stored under k, and whether there is one. A
// string that cannot be read back from the file is an error.
func (s *Store[K]) Get(k K) (string, bool, error) {
	s.mu.Lock()
	v, inMem := s.mem[k]
	sp, onDisk := s.onDisk[k]
	f := s.f
	s.mu.Unlock()
	if inMem || !onDisk {
		return v, inMem, nil
	}
	buf := make([]byte, sp.n) // sp.n > 0: an empty string is always held in memory
	if _, err := f.ReadAt(buf, sp.off); err != nil {
		return "", false, err
	}
	return unsafe.String(&buf[0], len(buf)), true, nil // buf is not used again
}

// Close lets go of every string and removes the file. The Store is empty
// and can be used again.
func (s *Store[K]) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.f != nil {
		err = s.f.Close()
		if s.name != "" {
			if rerr := os.Remove(s.name); err == nil {
				err = rerr
			}
		}
	}
	for _, v := range s.mem {
		s.budget += len(v)
	}
	s.mem, s.onDisk = map[K]string{}, map[K]span{}
	s.f, s.name, s.size, s.failed = nil, "", 0, false
	return err
}
