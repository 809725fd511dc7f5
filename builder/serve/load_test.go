package serve

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestManyClients runs 100 concurrent readers and 100 live-reload streams
// that reconnect, while the site rebuilds: every request is answered and
// the streams are released.
func TestManyClients(t *testing.T) {
	s, base := start(t, copySite(t), false)
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	client := &http.Client{Timeout: 10 * time.Second}
	for i := 0; i < 100; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for _, p := range []string{"", "cms-migration/", "kpis/", "people/", "nope/"} {
				resp, err := client.Get(base + p)
				if err != nil {
					errs <- err.Error()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 && p != "nope/" {
					errs <- p + ": " + resp.Status
				}
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				req, _ := http.NewRequestWithContext(ctx, "GET", base+"_playbook/events", nil)
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				cancel()
			}
		}()
	}
	for i := 0; i < 5; i++ {
		s.Build([]string{"content/cms-migration.md"})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Clients() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.Clients(); n != 0 {
		t.Errorf("%d event streams still open after their clients left", n)
	}
}

func TestBoundedRequests(t *testing.T) {
	_, base := start(t, copySite(t), false)
	req, _ := http.NewRequest("GET", base, nil)
	req.Header.Set("X-Big", strings.Repeat("x", 1<<20))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("1 MB header: %s, want 431", resp.Status)
	}
	resp, err = http.Post(base, "text/plain", strings.NewReader(strings.Repeat("x", 10<<20)))
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: %s", resp.Status)
		}
	}
}

// TestMemoryFlat rebuilds a small site 1,000 times: the heap must not grow.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping 1,000 rebuilds in -short mode")
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content"), 0o755)
	brief := filepath.Join(root, "content", "a.md")
	s := New(Config{Source: root, Today: today}, "http://127.0.0.1:1313/")
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at100 uint64
	for i := 0; i < 1000; i++ {
		os.WriteFile(brief, []byte("---\ntitle: A\ngoals: [{id: g, title: G}]\n---\nEdit "+strings.Repeat("x", i%50)+"\n"), 0o644)
		if err := s.Build([]string{"content/a.md"}); err != nil {
			t.Fatal(err)
		}
		if i == 99 {
			at100 = heap()
		}
	}
	at1000 := heap()
	if at1000 > at100+4<<20 {
		t.Errorf("heap grew from %d KB after 100 rebuilds to %d KB after 1,000", at100>>10, at1000>>10)
	}
	t.Logf("heap: %d KB after 100 rebuilds, %d KB after 1,000", at100>>10, at1000>>10)
}
