// Package theme holds playbook's default CSS, JavaScript and icons. They are
// embedded in the binary; a file of the same name in a site's own theme/
// folder replaces the embedded one.
package theme

import (
	"embed"
	"io/fs"
)

//go:embed *.css *.svg *.js
var files embed.FS

// FS returns the embedded theme assets.
func FS() fs.FS { return files }
