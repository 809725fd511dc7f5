//go:build unix

package output

import (
	"io/fs"
	"syscall"
)

// noFollow keeps an open from following a symbolic link.
const noFollow = syscall.O_NOFOLLOW

// alone reports whether the file of fi has no other name: no hard link to
// it, as a backup made with cp -al or rsync --link-dest makes, would see a
// write into it.
func alone(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Nlink == 1
}
