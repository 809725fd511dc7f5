package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestFolder(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md", "home")
	write("content/web/a.md", "a")
	write("content/web/seo/b.md", "b")
	write("content/other/c.md", "c")
	links := map[string]string{
		"content/web/c.md":      "../other/c.md",                     // another folder of the site
		"content/web/other":     "../other",                          // a folder of the site
		"content/web/secret.md": filepath.Join(outside, "secret.md"), // outside
		"content/web/out":       outside,                             // a folder outside
		"content/web/up.md":     "../../../" + filepath.Base(outside) + "/secret.md",
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f := Open(root)
	defer f.Close()

	for _, tc := range []struct {
		name, want string
		escapes    bool
	}{
		{"content/_index.md", "home", false},
		{"content/web/a.md", "a", false},
		{"content/web/seo/b.md", "b", false},
		{"content/web/c.md", "c", false},
		{"content/web/other/c.md", "c", false},
		{"content/web/secret.md", "", true},
		{"content/web/out/secret.md", "", true},
		{"content/web/up.md", "", true},
		{"content/web/../other/c.md", "", true}, // not a valid path
		{"content/web/none.md", "", true},
	} {
		for _, how := range []string{"ReadFile", "Open"} {
			var data []byte
			var err error
			if how == "ReadFile" {
				data, err = f.ReadFile(tc.name)
			} else {
				var fl fs.File
				if fl, err = f.Open(tc.name); err == nil {
					data = make([]byte, 64)
					n, _ := fl.Read(data)
					data = data[:n]
					fl.Close()
				}
			}
			if tc.escapes {
				if err == nil {
					t.Errorf("%s(%q) = %q, want an error", how, tc.name, data)
				}
				continue
			}
			if err != nil || string(data) != tc.want {
				t.Errorf("%s(%q) = %q, %v; want %q", how, tc.name, data, err, tc.want)
			}
		}
	}
	if _, err := fs.ReadDir(f, "content/web"); err != nil {
		t.Errorf("ReadDir: %v", err)
	}
	if fi, err := fs.Lstat(f, "content/web/c.md"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat of a link = %v, %v; want a link", fi, err)
	}
	if to, err := fs.ReadLink(f, "content/web/c.md"); err != nil || to != "../other/c.md" {
		t.Errorf("ReadLink = %q, %v", to, err)
	}
}

// A Folder reads a folder as it is when first read: renamed after, it is
// still read from its handle until the Folder is closed; a new Folder
// reads the renamed path anew.
func TestFolderClosedAfterBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "web", "a.md"), []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f := Open(root)
	if data, err := f.ReadFile("content/web/a.md"); err != nil || string(data) != "first" {
		t.Fatalf("ReadFile = %q, %v", data, err)
	}
	if err := os.Rename(filepath.Join(dir, "content", "web"), filepath.Join(dir, "content", "old")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if len(f.dirs) != 0 {
		t.Errorf("Close left %d folders open", len(f.dirs))
	}
	g := Open(root)
	defer g.Close()
	if _, err := g.ReadFile("content/web/a.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after the rename, ReadFile = %v, want not found", err)
	}
}
