package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckDest refuses an output folder that a build would damage: the source
// folder itself or a folder holding it, the filesystem root, the home
// folder, anything inside content/, layouts/ or theme/, a mount point
// (which cannot be renamed), and a non-empty folder that holds no earlier
// build (so a mistyped --dest cannot replace a folder of someone's files).
func CheckDest(source, dest string) error {
	src, err := realPath(source)
	if err != nil {
		return fmt.Errorf("--source %s: %w", source, err)
	}
	dst, err := realPath(dest)
	if err != nil {
		return fmt.Errorf("--dest %s: %w", dest, err)
	}
	within := func(p, dir string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	home, _ := os.UserHomeDir()
	switch {
	case dst == filepath.Dir(dst):
		return fmt.Errorf("refusing to build into %s: that is the root of the filesystem; pass --dest public", dest)
	case home != "" && dst == filepath.Clean(home):
		return fmt.Errorf("refusing to build into %s: that is your home folder; pass --dest public", dest)
	case within(src, dst):
		return fmt.Errorf("refusing to build into %s: it holds the site's source (%s), which the build would replace; pass --dest public", dest, source)
	}
	for _, d := range []string{"content", "layouts", "theme"} {
		real, err := realPath(filepath.Join(src, d)) // the folder a link leads to
		if err != nil {
			real = filepath.Join(src, d)
		}
		if within(dst, filepath.Join(src, d)) || within(dst, real) {
			return fmt.Errorf("refusing to build into %s: it is or is inside the site's %s/ folder; pass --dest public", dest, d)
		}
	}
	if isMountPoint(dst) {
		return fmt.Errorf("refusing to build into %s: it is a mount point (a tmpfs or a volume, say), and playbook puts a new site in place by renaming folders, which a mount point cannot be; pass a folder inside it instead, like --dest %s", dest, filepath.Join(dest, "public"))
	}
	entries, err := os.ReadDir(dst)
	if err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dst, "playbook.json")); err != nil {
			return fmt.Errorf("refusing to build into %s: it already holds files that playbook did not build (there is no playbook.json); empty it or pass another --dest", dest)
		}
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		if fi, serr := os.Stat(dst); serr == nil && !fi.IsDir() {
			return fmt.Errorf("refusing to build into %s: it is a file, not a folder", dest)
		}
	}
	return nil
}

// realPath makes p absolute and resolves symbolic links in the part of it
// that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
