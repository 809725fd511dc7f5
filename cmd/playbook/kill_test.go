package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// treeHash hashes every file under dir.
func treeHash(t *testing.T, dir string) string {
	h := sha256.New()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		data, _ := os.ReadFile(n)
		fmt.Fprintf(h, "%s %x\n", strings.TrimPrefix(n, dir), sha256.Sum256(data))
	}
	return fmt.Sprintf("%x (%d files)", h.Sum(nil), len(names))
}

// buildBinary builds the playbook command into a temp folder, skipping the
// test in -short mode.
func buildBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping in -short mode")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "playbook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir, bin
}

// manyBriefs builds the command into a temp folder and writes a site of n
// copies of a bundled brief beside it, so that a build takes a while. It
// returns the folder, the destination public/ in it, and a function that
// makes the command building the site there.
func manyBriefs(t *testing.T, n int) (dir, dest string, build func() *exec.Cmd) {
	t.Helper()
	dir, bin := buildBinary(t)
	site := filepath.Join(dir, "site")
	src, _ := os.ReadFile("../../content/cms-migration.md")
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	// Links to other briefs do not resolve in the copies: drop them.
	body := strings.ReplaceAll(string(src), "](", "(")
	for i := 0; i < n; i++ {
		os.WriteFile(filepath.Join(site, "content", fmt.Sprintf("brief-%03d.md", i)), []byte(body), 0o644)
	}
	dest = filepath.Join(dir, "public")
	return dir, dest, func() *exec.Cmd {
		cmd := exec.Command(bin, "build", "--source", site, "--dest", dest, "--today", "2026-11-25")
		cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
		return cmd
	}
}

// TestKilledBuild kills `playbook build` at random moments with SIGKILL:
// public/ always holds the previous complete site, and the next build
// succeeds.
func TestKilledBuild(t *testing.T) {
	dir, dest, build := manyBriefs(t, 300)
	start := time.Now()
	if out, err := build().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := treeHash(t, dest)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 8; i++ {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := treeHash(t, dest); got != want {
			t.Fatalf("after a build killed at a random moment, public/ is %s, want %s", got, want)
		}
	}
	if out, err := build().CombinedOutput(); err != nil {
		t.Fatalf("build after kills: %v\n%s", err, out)
	}
	if got := treeHash(t, dest); got != want {
		t.Errorf("the build after the kills differs: %s, want %s", got, want)
	}
	// Beside public/ is at most the previous site, kept as the next
	// build's spare, and the lock builds take turns by.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".playbook-") && e.Name() != ".public.playbook-spare" && e.Name() != ".public.playbook-lock" {
			t.Errorf("leftover %s beside public/", e.Name())
		}
	}
}

// TestSourceNeverWritten builds, checks and serves the bundled site and
// checks that nothing under content/, layouts/ or theme/ changed.
func TestSourceNeverWritten(t *testing.T) {
	dirs := []string{"../../content", "../../layouts", "../../theme"}
	before := map[string]string{}
	for _, d := range dirs {
		before[d] = treeHash(t, d)
	}
	dir := t.TempDir()
	runCmd(t, "build", "--source", "../..", "--dest", filepath.Join(dir, "out"), "--today", "2026-11-25")
	runCmd(t, "check", "--source", "../..", "--today", "2026-11-25")
	for _, d := range dirs {
		if after := treeHash(t, d); after != before[d] {
			t.Errorf("%s changed: %s, was %s", d, after, before[d])
		}
	}
}

// TestServeStopsOnSignal starts `playbook serve --watch`, waits until it
// serves, sends SIGINT and SIGTERM: it stops cleanly and exits 0.
func TestServeStopsOnSignal(t *testing.T) {
	_, bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		cmd := exec.Command(bin, "serve", "--watch", "--source", "../..", "--port", fmt.Sprint(port), "--today", "2026-11-25")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("http://127.0.0.1:%d/", port)
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.Get(url)
			if err == nil {
				resp.Body.Close()
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("serve did not answer within 20s:\n%s", out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: exit %v\n%s", sig, err, out.String())
			}
			if !strings.Contains(out.String(), "Stopped.") {
				t.Errorf("%v: output lacks \"Stopped.\":\n%s", sig, out.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: serve did not stop within 10s", sig)
		}
	}
}

// TestConcurrentBuilds starts two builds into one --dest a moment apart:
// they take turns, both succeed, the second says it waits, and public/ is
// always one complete site.
func TestConcurrentBuilds(t *testing.T) {
	_, dest, build := manyBriefs(t, 200)
	start := time.Now()
	if out, err := build().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := treeHash(t, dest)
	waited := false
	rng := rand.New(rand.NewSource(2))
	for round := 0; round < 6; round++ {
		var outs [2]strings.Builder
		first, second := build(), build()
		first.Stdout, first.Stderr = &outs[0], &outs[0]
		second.Stdout, second.Stderr = &outs[1], &outs[1]
		if err := first.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(took))))
		if err := second.Start(); err != nil {
			t.Fatal(err)
		}
		for i, cmd := range []*exec.Cmd{first, second} {
			if err := cmd.Wait(); err != nil {
				t.Errorf("round %d, build %d: %v\n%s", round, i+1, err, outs[i].String())
			}
		}
		waited = waited || strings.Contains(outs[1].String(), "Another build into "+dest+" is running: waiting for it to finish.")
		if got := treeHash(t, dest); got != want {
			t.Fatalf("round %d: public/ is %s, want %s", round, got, want)
		}
	}
	if !waited {
		t.Error("no second build said it waited for the first")
	}
}
