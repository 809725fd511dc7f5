//go:build unix

package output

import (
	"errors"
	"io/fs"
	"os"
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

// openFile opens the file p as os.OpenFile does, without registering it
// with the runtime's poller, which refuses a regular file: os.OpenFile
// would try, at four more system calls a file, and a site writes
// thousands of files.
func openFile(p string, flag int, perm fs.FileMode) (*os.File, error) {
	for {
		fd, err := syscall.Open(p, flag|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if err == nil {
			return os.NewFile(uintptr(fd), p), nil
		}
		if !errors.Is(err, syscall.EINTR) {
			return nil, &fs.PathError{Op: "open", Path: p, Err: err}
		}
	}
}
