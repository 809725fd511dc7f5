package starter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var today = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// TestCreateSiteDates: a date written in days from today becomes that
// day, in every file and folder of the site; other text is as it was.
func TestCreateSiteDates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	fsys := fstest.MapFS{
		"content/a.md":     {Data: []byte("date: @date-31@\ndue: @date+90@\nmail: a@date-b@\n")},
		"content/sub/b.md": {Data: []byte("@date+0@")},
	}
	written, err := createSite(dir, fsys, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 2 || written[0] != filepath.Join(dir, "content", "a.md") {
		t.Errorf("written %v", written)
	}
	for name, want := range map[string]string{
		"content/a.md":     "date: 2026-11-03\ndue: 2027-03-04\nmail: a@date-b@\n",
		"content/sub/b.md": "2026-12-04",
	} {
		if got, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); string(got) != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, err := createSite(dir, fsys, today); err == nil || !strings.Contains(err.Error(), "already holds files") {
		t.Errorf("a second site into the same folder: %v", err)
	}
}

// TestFS: the files `playbook new site` writes are all there.
func TestFS(t *testing.T) {
	for _, name := range []string{"content/_index.md", "content/website-redesign.md", "content/guide.md", "netlify.toml", ".gitignore"} {
		if _, err := FS().Open(name); err != nil {
			t.Error(err)
		}
	}
}

// TestBrief: a new brief's title is a quoted YAML string, however it is
// written, and its dates are today and three months on.
func TestBrief(t *testing.T) {
	got := string(Brief(`Say "hi": #1`, today))
	for _, want := range []string{"\ntitle: \"Say \\\"hi\\\": #1\"\n", "\ndate: 2026-12-04 ", "\nstart: 2026-12-04\n", "\ndue: 2027-03-04\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in the new brief", want)
		}
	}
}
