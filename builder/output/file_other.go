//go:build !unix

package output

import (
	"io/fs"
	"os"
)

// noFollow is no flag where opens have none for links.
const noFollow = 0

// alone reports whether the file of fi surely has no other name; where
// that cannot be told, a file is never written into but replaced.
func alone(fi fs.FileInfo) bool { return false }

// openFile opens the file p as os.OpenFile does.
func openFile(p string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(p, flag, perm)
}
