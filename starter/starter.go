// Package starter holds the files of a new playbook site, which
// `playbook new site DIR` writes: the site settings, one complete example
// brief, a short guide to writing briefs, a Netlify configuration and a
// .gitignore for the built site. Dates in the files are written as days
// from the day the site is made ("@date-31@"; see builder.CreateSite).
package starter

import (
	"embed"
	"io/fs"
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
