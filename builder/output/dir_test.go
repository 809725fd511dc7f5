package output

import (
	"os"
	"path/filepath"
	"testing"
)

// commit writes files into dest through a Dir and commits them.
func commit(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	out, err := OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := out.WriteFile(name, []byte(data)); err != nil {
			out.Abort()
			t.Fatal(err)
		}
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestKilledBuild checks that a build killed half-way leaves its
// destination as it was, and that CleanStale removes the folder it left
// beside it.
func TestKilledBuild(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	commit(t, dest, map[string]string{"index.html": "first"})
	out, err := OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	out.WriteFile("half.html", []byte("x"))
	out.unlock() // as the end of a killed process does
	if data, err := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "first" {
		t.Errorf("an unfinished build changed %s: index.html %q, %v", dest, data, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "half.html")); !os.IsNotExist(err) {
		t.Errorf("an unfinished build wrote into %s: %v", dest, err)
	}
	CleanStale(dest)
	if entries, _ := os.ReadDir(dir); len(entries) != 2 { // public and the lock
		t.Errorf("CleanStale left %d entries beside public/", len(entries))
	}
	commit(t, dest, map[string]string{"b.html": "second"})
	if _, err := os.Stat(filepath.Join(dest, "index.html")); !os.IsNotExist(err) {
		t.Errorf("index.html of the previous build is still there: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 || entries[1].Name() != ".public.playbook-spare" {
		t.Errorf("the swap left %v beside public/, want its lock and spare only", entries)
	}
}

// TestCommitOverSymlink checks that a destination that is a symbolic link
// to a folder is replaced, and the folder it points to is left alone.
func TestCommitOverSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.MkdirAll(filepath.Join(target, "briefs", "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"briefs/a/index.html", "keep-me.txt", "playbook.json"} {
		if err := os.WriteFile(filepath.Join(target, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(dir, "public")
	if err := os.Symlink(target, dest); err != nil {
		t.Fatal(err)
	}
	out, err := OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"briefs/a/index.html", "keep-me.txt", "playbook.json"} {
		if _, err := os.Stat(filepath.Join(target, f)); err != nil {
			t.Errorf("%s of the folder the link pointed to: %v", f, err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "new" {
		t.Errorf("the new site is not at %s: %q, %v", dest, data, err)
	}
}
