package spill

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestStore(t *testing.T) {
	tests := []struct {
		name   string
		budget int
		tmp    func(t *testing.T) string // TMPDIR
		onDisk bool                      // whether a file should be made
	}{
		{"in memory", 1 << 20, func(t *testing.T) string { return t.TempDir() }, false},
		{"on disk", 0, func(t *testing.T) string { return t.TempDir() }, true},
		{"part on disk", 50, func(t *testing.T) string { return t.TempDir() }, true},
		{"no temporary folder", 0, func(t *testing.T) string { return filepath.Join(t.TempDir(), "missing") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TMPDIR", tt.tmp(t))
			s := New[int](tt.budget)
			want := map[int]string{}
			for i := range 100 {
				v := strings.Repeat(fmt.Sprint(i), i%7)
				s.Put(i, v)
				want[i] = v
			}
			s.Put(3, "replaced") // a key put again holds the new string
			want[3] = "replaced"
			for k, v := range want {
				got, ok, err := s.Get(k)
				if err != nil || !ok || got != v {
					t.Errorf("Get(%d) = %q, %v, %v; want %q", k, got, ok, err, v)
				}
			}
			if _, ok, err := s.Get(1000); ok || err != nil {
				t.Errorf("Get of a key never put = %v, %v", ok, err)
			}
			if made := s.f != nil; made != tt.onDisk {
				t.Errorf("file made: %v, want %v", made, tt.onDisk)
			}
			// The file is removed at once: a killed build leaves nothing.
			if left, _ := os.ReadDir(os.TempDir()); len(left) > 0 {
				t.Errorf("left in the temporary folder: %v", left)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.Get(5); ok {
				t.Error("Get after Close found a string")
			}
			s.Put(1, "again") // usable after Close
			if got, _, _ := s.Get(1); got != "again" {
				t.Errorf("after Close, Get(1) = %q", got)
			}
		})
	}
}

// TestStoreConcurrent puts and gets from many goroutines, for the race
// detector.
func TestStoreConcurrent(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := New[int](1000)
	defer s.Close()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := g*1000 + i
				v := strings.Repeat("x", i)
				s.Put(k, v)
				if got, ok, err := s.Get(k); err != nil || !ok || got != v {
					t.Errorf("Get(%d) = %d bytes, %v, %v", k, len(got), ok, err)
				}
			}
		}()
	}
	wg.Wait()
}
