// Package starter starts a playbook: it writes a new site, and a new brief
// into a site.
//
// [CreateSite], for `playbook new site DIR`, writes the files of [FS]: the
// site settings, one complete example brief, a short guide to writing
// briefs, a Netlify configuration and a .gitignore for the built site.
// Dates in the files are written as days from the day the site is made
// ("@date-31@"). [CreateBrief], for `playbook new brief "Title"`, writes a
// commented brief ([Brief]) named for its title. Neither overwrites a file.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

//go:embed all:site
var files embed.FS

// FS returns the files of a new site, by their paths in it.
func FS() fs.FS {
	sub, err := fs.Sub(files, "site")
	if err != nil {
		panic(err) // the embedded folder is there: it is compiled in
	}
	return sub
}

// CreateSite writes a new playbook site, the files of [FS], into dir,
// which must not exist or be empty: a folder that holds anything is
// refused, and nothing in it is touched. A date written "@date-31@" in a
// file becomes the date that many days from today, so that the example
// brief is as fresh on the day it is written as on the day it was. It
// returns the paths written.
func CreateSite(dir string, today time.Time) ([]string, error) {
	return createSite(dir, FS(), today)
}

// createSite writes the files of fsys into dir, as CreateSite does.
func createSite(dir string, fsys fs.FS, today time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s already holds files: playbook new site starts a playbook only in a new or empty folder, and touched nothing; choose another folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var written []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if d.IsDir() {
			return root.Mkdir(p, 0o755)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		data = starterDate.ReplaceAllFunc(data, func(m []byte) []byte {
			days, _ := strconv.Atoi(string(m[len("@date") : len(m)-1]))
			return []byte(today.AddDate(0, 0, days).Format("2006-01-02"))
		})
		f, err := root.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		written = append(written, filepath.Join(dir, filepath.FromSlash(p)))
		return f.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("writing the new site into %s: %w", dir, err)
	}
	return written, nil
}

// starterDate is a date of a starter file, in days from today.
var starterDate = regexp.MustCompile(`@date[-+][0-9]+@`)
