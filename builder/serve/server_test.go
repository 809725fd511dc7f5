package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/kpi"
	"github.com/playbook-dev/playbook/builder/output"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// copySite copies the bundled content/ into a temp folder.
func copySite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	err := filepath.Walk("../../content", func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// start serves the site in root on a free port until the test ends.
func start(t *testing.T, root string, watch bool) (*Server, string) {
	t.Helper()
	ln, _, err := Listen("127.0.0.1", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://%s/", ln.Addr())
	s := New(Config{Source: root, Today: today, Watch: watch}, base)
	s.Build(nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("the server did not stop within 5s")
		}
	})
	return s, base
}

func get(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body
}

// TestServedEqualsBuilt checks that every file served is the file `build
// --base-url` writes, apart from the injected script.
func TestServedEqualsBuilt(t *testing.T) {
	root := copySite(t)
	_, base := start(t, root, false)
	out := new(output.Mem)
	if _, err := builder.Build(os.DirFS(root), out, builder.Options{BaseURL: base, Today: today}); err != nil {
		t.Fatal(err)
	}
	tag := []byte(`<script src="/_playbook/live.js"></script>`)
	for name, want := range out.Files() {
		url := base + name
		if strings.HasSuffix(name, "index.html") {
			url = base + strings.TrimSuffix(name, "index.html")
		}
		code, hdr, got := get(t, url)
		if code != 200 {
			t.Errorf("%s: status %d", name, code)
			continue
		}
		if strings.HasSuffix(name, ".html") {
			if bytes.Count(got, tag) != 1 {
				t.Errorf("%s: live-reload script injected %d times", name, bytes.Count(got, tag))
			}
			got = bytes.Replace(got, tag, nil, 1)
			if ct := hdr.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", name, ct)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: served bytes differ from built bytes", name)
		}
		if bytes.Contains(want, []byte("_playbook")) {
			t.Errorf("%s: the built file mentions the live-reload script", name)
		}
	}
	for path, ct := range map[string]string{"feed.xml": "xml", "kpis.csv": "text/csv", "playbook.json": "application/json", "sitemap.xml": "xml"} {
		if _, hdr, _ := get(t, base+path); !strings.Contains(hdr.Get("Content-Type"), ct) {
			t.Errorf("%s: Content-Type %q, want %s", path, hdr.Get("Content-Type"), ct)
		}
	}
}

func TestPaths(t *testing.T) {
	root := copySite(t)
	os.WriteFile(filepath.Join(filepath.Dir(root), "secret.txt"), []byte("secret"), 0o644)
	_, base := start(t, root, false)
	tests := []struct {
		path string
		code int
	}{
		{"", 200},
		{"cms-migration/", 200},
		{"nope/", 404},
		{"web/launch-checklist.txt", 200},
		{"../secret.txt", 400},
		{"%2e%2e/secret.txt", 400},
		{"web/%2e%2e/%2e%2e/secret.txt", 400},
		{"%00", 400},
		{"web/", 200},
		{"content/cms-migration.md", 404},
		{"assets/", 404},
	}
	for _, tt := range tests {
		code, _, body := get(t, base+tt.path)
		if code != tt.code {
			t.Errorf("GET /%s: %d, want %d", tt.path, code, tt.code)
		}
		if bytes.Contains(body, []byte("secret")) && !bytes.Contains(body, []byte("<html")) {
			t.Errorf("GET /%s served a file outside the site", tt.path)
		}
	}
	// A raw request with .. that no client cleaned.
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /../../secret.txt HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 400 {
		t.Errorf("raw GET /../../secret.txt: %d, want 400", resp.StatusCode)
	}
	// 404.html is served with status 404 and the script.
	code, _, body := get(t, base+"missing-page/")
	if code != 404 || !bytes.Contains(body, []byte("Page not found")) || !bytes.Contains(body, []byte("/_playbook/live.js")) {
		t.Errorf("404 page: %d", code)
	}
}

func TestHostCheck(t *testing.T) {
	_, base := start(t, copySite(t), false)
	for host, want := range map[string]int{"": 200, "localhost": 200, "evil.example.com": 403, "127.0.0.1.nip.io": 403} {
		req, _ := http.NewRequest("GET", base, nil)
		if host != "" {
			_, port, _ := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"))
			req.Host = host + ":" + port
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
		}
	}
	req, _ := http.NewRequest("POST", base, strings.NewReader("x"))
	resp, _ := http.DefaultClient.Do(req)
	if resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// readEvents collects the events of one stream.
func readEvents(t *testing.T, base string) (<-chan string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"_playbook/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				ch <- name
			}
		}
	}()
	return ch, cancel
}

func waitEvent(t *testing.T, ch <-chan string, want string) {
	t.Helper()
	timeout := time.After(20 * time.Second) // generous: other tests may load the machine
	for {
		select {
		case got := <-ch:
			if got == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q event within 20s", want)
		}
	}
}

// TestRebuildAndErrors edits the site on disk: a good change reloads, a
// broken one keeps the last good site and reports errors, a fix recovers,
// and a CSS change swaps the stylesheet.
func TestRebuildAndErrors(t *testing.T) {
	root := copySite(t)
	s, base := start(t, root, true)
	events, stop := readEvents(t, base)
	defer stop()
	waitEvent(t, events, "ok")
	brief := filepath.Join(root, "content", "cms-migration.md")
	orig, _ := os.ReadFile(brief)

	os.WriteFile(brief, append(append([]byte(nil), orig...), []byte("\nA sentence added while serving.\n")...), 0o644)
	waitEvent(t, events, "reload")
	if _, _, body := get(t, base+"cms-migration/"); !bytes.Contains(body, []byte("A sentence added while serving.")) {
		t.Error("the edit is not served")
	}

	broken := bytes.Replace(orig, []byte("status: active"), []byte("status: [active"), 1)
	os.WriteFile(brief, broken, 0o644)
	waitEvent(t, events, "builderror")
	if code, _, body := get(t, base+"cms-migration/"); code != 200 || !bytes.Contains(body, []byte("A sentence added while serving.")) {
		t.Error("the last good site is not served while the build is broken")
	}
	// A tab opened now learns of the error at once.
	late, stopLate := readEvents(t, base)
	defer stopLate()
	waitEvent(t, late, "builderror")

	os.WriteFile(brief, orig, 0o644)
	waitEvent(t, events, "reload")
	if _, _, body := get(t, base+"cms-migration/"); bytes.Contains(body, []byte("A sentence added while serving.")) {
		t.Error("the fixed file is not served")
	}

	os.MkdirAll(filepath.Join(root, "theme"), 0o755)
	os.WriteFile(filepath.Join(root, "theme", "style.css"), []byte("body{color:teal}"), 0o644)
	waitEvent(t, events, "css")
	if s.Builds() < 4 {
		t.Errorf("%d builds", s.Builds())
	}
}

func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if _, _, err := Listen("127.0.0.1", port, true); err == nil || !strings.Contains(err.Error(), "--port") {
		t.Errorf("busy --port: %v", err)
	}
	ln2, note, err := Listen("127.0.0.1", port, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ln2.Close()
	if !strings.Contains(note, "busy") || ln2.Addr().(*net.TCPAddr).Port == port {
		t.Errorf("default port busy: note %q, port %d", note, ln2.Addr().(*net.TCPAddr).Port)
	}
}

// TestHostPort: a Host whose port is not the served one is refused, however
// it is written.
func TestHostPort(t *testing.T) {
	_, base := start(t, copySite(t), false)
	hostport := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	_, port, _ := net.SplitHostPort(hostport)
	for host, want := range map[string]int{
		hostport:                        200,
		"localhost:" + port:             200,
		"[::1]:" + port:                 200,
		hostport + ".evil.com":          403,
		"127.0.0.1:" + port + "0":       403,
		"127.0.0.1":                     403, // port 80
		"localhost:" + port + ".evil.a": 403,
	} {
		conn, err := net.Dial("tcp", hostport)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// TestIdleConnections: thousands of idle keep-alive connections do not
// keep new requests out.
func TestIdleConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,500 connections")
	}
	_, base := start(t, copySite(t), false)
	hostport := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for range 1500 {
		c, err := net.DialTimeout("tcp", hostport, 2*time.Second)
		if err != nil {
			t.Fatalf("after %d connections: %v", len(idle), err)
		}
		// One request, then the connection idles, kept alive.
		fmt.Fprintf(c, "HEAD /robots.txt HTTP/1.1\r\nHost: %s\r\n\r\n", hostport)
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		if resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "HEAD"}); err == nil {
			resp.Body.Close()
		}
		idle = append(idle, c)
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(base)
	if err != nil {
		t.Fatalf("a new request with 1,500 idle connections open: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	// The oldest idle connections were closed to make room.
	closed := 0
	for _, c := range idle[:500] {
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err == io.EOF {
			closed++
		}
	}
	if closed == 0 {
		t.Error("no idle connection was closed")
	}
}

// TestConditionalAndRange: files are served with ETag and Last-Modified,
// a repeated request with If-None-Match gets 304, and a Range request its
// part, for a page and for a data file kept in pieces.
func TestConditionalAndRange(t *testing.T) {
	_, base := start(t, copySite(t), false)
	for _, p := range []string{"", "playbook.json", "robots.txt"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		full, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Last-Modified") == "" {
			t.Fatalf("/%s: %d, ETag %q, Last-Modified %q", p, resp.StatusCode, etag, resp.Header.Get("Last-Modified"))
		}
		req, _ := http.NewRequest("GET", base+p, nil)
		req.Header.Set("If-None-Match", etag)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 304 {
			t.Errorf("/%s with If-None-Match: %d, want 304", p, resp.StatusCode)
		}
		req, _ = http.NewRequest("GET", base+p, nil)
		req.Header.Set("Range", "bytes=10-29")
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		part, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 206 || !bytes.Equal(part, full[10:30]) {
			t.Errorf("/%s bytes 10-29: %d %q, want 206 %q", p, resp.StatusCode, part, full[10:30])
		}
	}
}

func TestChunkReader(t *testing.T) {
	chunks := [][]byte{[]byte("abc"), nil, []byte("defgh"), []byte("i")}
	for off := 0; off <= 9; off++ {
		r := newChunkReader(chunks)
		r.Seek(int64(off), io.SeekStart)
		got, _ := io.ReadAll(r)
		if string(got) != "abcdefghi"[off:] {
			t.Errorf("from %d: %q", off, got)
		}
	}
}

// TestWatchSeesRecordedKPI: a measurement recorded with the kpi package,
// as `playbook kpi record` does (write beside, rename), is picked up like
// any other edit: the brief's page and /kpis/ show it.
func TestWatchSeesRecordedKPI(t *testing.T) {
	root := copySite(t)
	_, base := start(t, root, true)
	time.Sleep(100 * time.Millisecond) // the watch is up
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const name = "content/analytics-consolidation.md"
	src, mode, err := kpi.ReadBrief(r, name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := kpi.Record(name, src, "tag-count", kpi.Measurement{Date: today, Value: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := kpi.WriteBrief(r, name, res.Data, mode); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, _, page := get(t, base+"analytics-consolidation/")
		_, _, kpis := get(t, base+"kpis/")
		if bytes.Contains(page, []byte("25 Nov 2026: 7 tags")) && bytes.Contains(kpis, []byte(">7 tags<")) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recorded value is not served after 5 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
