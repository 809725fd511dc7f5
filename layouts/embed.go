// Package layouts holds playbook's default html/template layouts. They are
// embedded in the binary; a file of the same name in a site's own layouts/
// folder replaces the embedded one.
package layouts

import (
	"embed"
	"io/fs"
)

//go:embed all:*.html all:partials
var files embed.FS

// FS returns the embedded layouts.
func FS() fs.FS { return files }
