package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckDest checks the destinations CheckDest refuses, and that it
// takes a new folder and one holding an earlier build.
func TestCheckDest(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
	other := filepath.Join(dir, "docs")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	prev := filepath.Join(dir, "prev")
	os.MkdirAll(prev, 0o755)
	os.WriteFile(filepath.Join(prev, "playbook.json"), []byte("{}"), 0o644)
	home, _ := os.UserHomeDir()
	tests := []struct {
		dest, want string
	}{
		{src, "it holds the site's source"},
		{dir, "it holds the site's source"},
		{"/", "the root of the filesystem"},
		{home, "your home folder"},
		{filepath.Join(src, "content"), "the site's content/ folder"},
		{filepath.Join(src, "content", "out"), "the site's content/ folder"},
		{filepath.Join(src, "layouts", "x"), "the site's layouts/ folder"},
		{other, "files that playbook did not build"},
		{filepath.Join(src, "public"), ""},
		{prev, ""},
	}
	for _, tt := range tests {
		err := CheckDest(src, tt.dest)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckDest(%s): %v", tt.dest, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckDest(%s) = %v, want %q", tt.dest, err, tt.want)
		}
	}
}
