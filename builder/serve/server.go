// Package serve is playbook's development server: it builds a site into
// memory, serves it over HTTP, rebuilds it when a file changes and tells open
// browser tabs to reload over Server-Sent Events. It wraps the builder and
// never forks it: what it serves is what `playbook build` would write with
// the server's address as base URL, plus the injected live-reload script.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/sitefs"
)

//go:embed live.js
var liveJS []byte

// The paths the server keeps for itself.
const (
	eventsPath = "/_playbook/events"
	scriptPath = "/_playbook/live.js"
)

// Config configures a Server.
type Config struct {
	Source string    // the site's folder
	Drafts bool      // include drafts
	Today  time.Time // for date rules; zero means now
	Watch  bool      // rebuild on changes
	Poll   bool      // poll instead of OS file events
	Output string    // the build output folder, not watched (default "public")
	Log    io.Writer // the terminal
}

// Server serves a site and rebuilds it on change.
type Server struct {
	cfg     Config
	baseURL string
	site    atomic.Pointer[site] // the last good build
	errs    atomic.Pointer[[]string]
	builds  atomic.Int64
	buildMu sync.Mutex // builds never overlap
	cache   *builder.Cache
	settler *settler
	warned  map[string]bool // the warnings of the last good build
	hub     hub
}

// site is one good build, swapped in whole.
type site struct {
	built   time.Time                // when it was built: the Last-Modified of its files
	files   map[string]output.Packed // unpacked as they are served
	chunked map[string][][]byte      // large data files, kept in the pieces the builder made
}

// New returns a Server for the site in cfg.Source that will be reached at
// baseURL ("http://127.0.0.1:1313/").
func New(cfg Config, baseURL string) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Output == "" {
		cfg.Output = "public"
	}
	s := &Server{cfg: cfg, baseURL: baseURL, cache: builder.NewCache()}
	s.settler = newSettler(&s.buildMu)
	s.hub.clients = map[chan event]bool{}
	return s
}

// Listen opens the listening socket. With portSet false, a busy port moves
// on to the next free one, and the returned note says so.
func Listen(bind string, port int, portSet bool) (net.Listener, string, error) {
	for i := 0; i < 20; i++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, fmt.Sprint(port+i)))
		if err == nil {
			note := ""
			if i > 0 {
				note = fmt.Sprintf("Port %d is busy; using %d instead.", port, port+i)
			}
			return ln, note, nil
		}
		if portSet || !errors.Is(err, syscallEADDRINUSE) {
			if errors.Is(err, syscallEADDRINUSE) {
				return nil, "", fmt.Errorf("--port %d is already in use: stop what uses it or pass another --port", port)
			}
			return nil, "", fmt.Errorf("listening on %s: %w", net.JoinHostPort(bind, fmt.Sprint(port)), err)
		}
	}
	return nil, "", fmt.Errorf("ports %d to %d are all in use: pass a free one with --port", port, port+19)
}

// Build builds the site and swaps it in when it succeeds. It returns the
// build's error, which is also shown in every open tab.
func (s *Server) Build(changed []string) error { return s.build(changed, false) }

// build is Build; with complete set, changed lists every file changed
// since the last build, and the builder reads only those.
func (s *Server) build(changed []string, complete bool) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.settler.wait()
	start := time.Now()
	out := new(output.Mem)
	opts := builder.Options{Drafts: s.cfg.Drafts, BaseURL: s.baseURL, Today: s.cfg.Today, Cache: s.cache,
		HTMLTemplateOnly: os.Getenv("PLAYBOOK_TMPLEXEC") == "off"}
	if complete {
		opts.Changed = append([]string{}, changed...)
	}
	// The site's folder is read through a root: no symbolic link in it
	// reaches a file outside.
	var res *builder.Result
	root, err := os.OpenRoot(s.cfg.Source)
	if err == nil {
		src := sitefs.Open(root)
		res, err = builder.Build(src, out, opts)
		src.Close()
		root.Close()
	}
	s.builds.Add(1)
	what := "Built"
	if len(changed) > 0 {
		what = "Rebuilt after " + describe(changed) + " changed:"
	}
	if err != nil {
		var lines []string
		for _, e := range content.Flatten(err) {
			lines = append(lines, e.Error())
		}
		s.errs.Store(&lines)
		fmt.Fprintf(s.cfg.Log, "%s %d error%s; still serving the last good version:\n  %s\n", failed(changed), len(lines), plural(len(lines)), strings.Join(lines, "\n  "))
		data, _ := json.Marshal(lines)
		s.hub.broadcast(event{name: "builderror", data: string(data)})
		return err
	}
	prev := s.site.Load()
	files, chunked := out.Parts()
	next := &site{built: time.Now().Truncate(time.Second), files: files, chunked: chunked}
	s.site.Store(next)
	s.errs.Store(nil)
	// Warnings: all of them after the first build, then only those that
	// are new, so that a save does not scroll the terminal by hundreds of
	// lines it has shown before.
	shown := map[string]bool{}
	repeated, unshown := 0, 0
	for _, w := range res.Warnings {
		msg := w.Error()
		shown[msg] = true
		if s.warned[msg] {
			repeated++
			continue
		}
		if len(shown)-repeated > maxWarnings {
			unshown++
			continue
		}
		fmt.Fprintf(s.cfg.Log, "  warning: %s\n", msg)
	}
	if unshown > 0 {
		fmt.Fprintf(s.cfg.Log, "  and %d more new warning%s (playbook check lists them all)\n", unshown, plural(unshown))
	}
	if repeated > 0 {
		fmt.Fprintf(s.cfg.Log, "  and %d warning%s shown before (playbook check lists them all)\n", repeated, plural(repeated))
	}
	s.warned = shown
	fmt.Fprintf(s.cfg.Log, "%s %d pages in %s\n", what, res.Pages, time.Since(start).Round(time.Millisecond))
	s.settler.soon()
	if prev == nil {
		return nil
	}
	// Tell the tabs, now that the new site is in place.
	if cssOnly(changed) {
		data, _ := json.Marshal(changedAssets(prev.files, next.files))
		s.hub.broadcast(event{name: "css", data: string(data)})
	} else {
		s.hub.broadcast(event{name: "reload", data: "{}"})
	}
	return nil
}

// Builds returns how many builds have run.
func (s *Server) Builds() int { return int(s.builds.Load()) }

// Files returns the files of the site being served.
func (s *Server) Files() map[string][]byte {
	st := s.site.Load()
	if st == nil {
		return nil
	}
	files := make(map[string][]byte, len(st.files)+len(st.chunked))
	for k, p := range st.files {
		if data, err := p.Unpack(); err == nil {
			files[k] = data
		}
	}
	for k, v := range st.chunked {
		files[k] = bytes.Join(v, nil)
	}
	return files
}

// describe names the changed files for the terminal, Markdown and layouts
// first, so that an editor's temporary file does not take the headline.
func describe(paths []string) string {
	first := paths[0]
	for _, p := range paths {
		if ext := path.Ext(p); ext == ".md" || ext == ".html" || ext == ".css" {
			first = p
			break
		}
	}
	first = content.ShowPath(first) // a name's escape codes are not run by the terminal
	if len(paths) == 1 {
		return first
	}
	return fmt.Sprintf("%s and %d more", first, len(paths)-1)
}

// failed starts the terminal line of a failed build.
func failed(changed []string) string {
	if len(changed) == 0 {
		return "The build failed with"
	}
	return "Rebuilding after " + describe(changed) + " changed failed with"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// cssOnly reports whether every change is a stylesheet of the theme.
func cssOnly(paths []string) bool {
	if len(paths) == 0 {
		return false
	}
	for _, p := range paths {
		if !strings.HasPrefix(p, "theme/") || path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

// changedAssets maps each theme file whose fingerprinted name changed to
// its new URL: {"style.css": "/assets/style.1a2b3c4d5e.css"}.
func changedAssets(prev, next map[string]output.Packed) map[string]string {
	out := map[string]string{}
	for name := range next {
		if _, old := prev[name]; !strings.HasPrefix(name, "assets/") || old {
			continue
		}
		base := strings.TrimPrefix(name, "assets/")
		ext := path.Ext(base)
		stem := strings.TrimSuffix(base, ext)
		if i := strings.LastIndexByte(stem, '.'); i > 0 {
			out[stem[:i]+ext] = "/" + name
		}
	}
	return out
}

// Run serves on ln until ctx is done, rebuilding on change when
// cfg.Watch is set. The first build must have been made with Build.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	conns := newConnLimit(maxConns)
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: an event stream stays open as long as its tab.
		IdleTimeout:    60 * time.Second,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return ctx },
		ConnState:      conns.track,
	}
	errc := make(chan error, 2)
	if s.cfg.Watch {
		// Watch before serving: a change made once a page has loaded is
		// never missed.
		w, err := NewWatcher(s.cfg.Source, WatchOptions{Poll: s.cfg.Poll, Skip: []string{s.cfg.Output}, Log: s.cfg.Log})
		if err == nil {
			err = w.Start()
		}
		if err != nil {
			ln.Close()
			return err
		}
		go func() { errc <- w.Run(ctx) }()
		go func() {
			// The first rebuild checks every file: a change made before
			// the watch started is in no batch.
			complete := false
			for {
				select {
				case <-ctx.Done():
					return
				case b := <-w.C:
					s.build(b.Paths, complete && !b.Full)
					complete = true
				}
			}
		}()
	}
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	s.hub.closeAll()
	s.settler.wait()
	shutCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	srv.Shutdown(shutCtx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// ServeHTTP serves the current site, the live-reload script and the event
// stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r.Host) {
		http.Error(w, "playbook serve: this address is not served here", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if strings.ContainsRune(p, 0) || strings.Contains(p, "\\") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
	}
	switch p {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
		return
	}
	st := s.site.Load()
	if st == nil {
		s.serveErrors(w)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if chunks, ok := st.chunked[name]; ok {
		serveContent(w, r, name, st.built, chunks)
		return
	}
	packed, ok := st.files[name]
	if !ok {
		if _, dir := st.files[name+"/index.html"]; dir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		page, _ := st.files["404.html"].Unpack()
		w.Write(inject(page))
		return
	}
	data, err := packed.Unpack()
	if err != nil {
		http.Error(w, "playbook serve: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if name == "_headers" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	if ct := mime.TypeByExtension(path.Ext(name)); strings.HasPrefix(ct, "text/html") {
		data = inject(data)
	}
	serveContent(w, r, name, st.built, [][]byte{data})
}

// serveContent serves a file made of chunks with http.ServeContent: Range
// requests, and conditional ones by ETag and Last-Modified, answered 304
// when the file is as the browser has it. Browsers are told to ask again
// every time (no-cache), since the next build may change any file.
func serveContent(w http.ResponseWriter, r *http.Request, name string, built time.Time, chunks [][]byte) {
	h := fnv.New64a()
	for _, c := range chunks {
		h.Write(c)
	}
	w.Header().Set("ETag", fmt.Sprintf(`"%016x"`, h.Sum64()))
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, built, newChunkReader(chunks))
}

// chunkReader reads a file kept in pieces as one, with Seek for
// http.ServeContent.
type chunkReader struct {
	chunks [][]byte
	size   int64
	ci, co int // the chunk the next Read starts in, and where in it
}

func newChunkReader(chunks [][]byte) *chunkReader {
	r := &chunkReader{chunks: chunks}
	for _, c := range chunks {
		r.size += int64(len(c))
	}
	return r
}

func (r *chunkReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && r.ci < len(r.chunks) {
		k := copy(p[n:], r.chunks[r.ci][r.co:])
		n += k
		if r.co += k; r.co == len(r.chunks[r.ci]) {
			r.ci, r.co = r.ci+1, 0
		}
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (r *chunkReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.pos()
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("chunkReader.Seek: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("chunkReader.Seek: negative position")
	}
	r.ci, r.co = 0, 0
	for rest := offset; r.ci < len(r.chunks); r.ci++ {
		if rest < int64(len(r.chunks[r.ci])) {
			r.co = int(rest)
			break
		}
		rest -= int64(len(r.chunks[r.ci]))
	}
	return offset, nil
}

// pos is the offset the next Read starts at.
func (r *chunkReader) pos() int64 {
	var at int64
	for _, c := range r.chunks[:r.ci] {
		at += int64(len(c))
	}
	return at + int64(r.co)
}

// inject adds the live-reload script before </body>.
func inject(page []byte) []byte {
	tag := []byte(`<script src="` + scriptPath + `"></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// serveErrors answers when no build has succeeded yet.
func (s *Server) serveErrors(w http.ResponseWriter) {
	var lines []string
	if e := s.errs.Load(); e != nil {
		lines = *e
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1><pre>")
	b.WriteString(html.EscapeString(strings.Join(lines, "\n")))
	b.WriteString("</pre><p>Fix the file and save: this page updates by itself.</p></body></html>")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(inject([]byte(b.String())))
}

// allowedHost refuses requests for other host names, so that a web page
// cannot reach the server through DNS rebinding, and for other ports
// ("127.0.0.1:1313.evil.com" names the host 127.0.0.1.evil.com's port).
func (s *Server) allowedHost(host string) bool {
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = host, "80"
	}
	if port != s.port() {
		return false
	}
	h = strings.Trim(strings.ToLower(h), "[]")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip := net.ParseIP(h); ip != nil {
		return true // an address, not a name: rebinding needs a name
	}
	return strings.Contains(s.baseURL, "://"+h+":") || strings.Contains(s.baseURL, "://"+h+"/")
}

// events streams reload and error events to one tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, ok := s.hub.subscribe()
	if !ok {
		http.Error(w, "too many open tabs", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// Tell a new tab how things stand: a broken build shows its overlay.
	if e := s.errs.Load(); e != nil {
		data, _ := json.Marshal(*e)
		fmt.Fprintf(w, "event: builderror\ndata: %s\n\n", data)
	} else {
		fmt.Fprint(w, "event: ok\ndata: {}\n\n")
	}
	fl.Flush()
	heartbeat := time.NewTicker(20 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-ch:
			if !open {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			fl.Flush()
		case <-heartbeat.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		}
	}
}

type event struct {
	name, data string
}

// maxClients bounds the open event streams.
const maxClients = 1000

// hub fans events out to the open tabs.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

func (h *hub) subscribe() (chan event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.clients) >= maxClients {
		return nil, false
	}
	ch := make(chan event, 8)
	h.clients[ch] = true
	return ch, true
}

func (h *hub) unsubscribe(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

// broadcast sends ev to every tab; a tab too slow to take it misses it.
func (h *hub) broadcast(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- ev:
		default:
		}
	}
}

// Clients returns the number of open event streams.
func (s *Server) Clients() int {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return len(s.hub.clients)
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// port is the port the server is reached at, from its base URL.
func (s *Server) port() string {
	u, err := url.Parse(s.baseURL)
	if err != nil {
		return ""
	}
	if p := u.Port(); p != "" {
		return p
	}
	return "80"
}

// maxWarnings is how many new warnings a build prints.
const maxWarnings = 20

// maxConns bounds the connections the server keeps open: beyond it, idle
// keep-alive connections are closed, oldest first, to make room, so that
// many idle clients cannot use up the process's file descriptors.
const maxConns = 512

// connLimit tracks the open connections of a server.
type connLimit struct {
	max  int
	mu   sync.Mutex
	open map[net.Conn]http.ConnState
	idle []net.Conn // in the order they went idle
}

func newConnLimit(max int) *connLimit {
	return &connLimit{max: max, open: map[net.Conn]http.ConnState{}}
}

// track is an http.Server's ConnState hook.
func (c *connLimit) track(conn net.Conn, state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch state {
	case http.StateNew:
		c.open[conn] = state
		for len(c.open) > c.max && len(c.idle) > 0 {
			old := c.idle[0]
			c.idle = c.idle[1:]
			delete(c.open, old)
			old.Close()
		}
		if len(c.open) > c.max {
			delete(c.open, conn) // every other one is busy: refuse this one
			conn.Close()
		}
	case http.StateIdle:
		c.open[conn] = state
		c.idle = append(c.idle, conn)
	case http.StateActive:
		c.open[conn] = state
		c.idle = slices.DeleteFunc(c.idle, func(o net.Conn) bool { return o == conn })
	case http.StateClosed, http.StateHijacked:
		delete(c.open, conn)
		c.idle = slices.DeleteFunc(c.idle, func(o net.Conn) bool { return o == conn })
	}
}
