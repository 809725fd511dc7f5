package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swapDirs puts tmp in place of dest. Where dest exists, renameat2 with
// RENAME_EXCHANGE swaps the two folders in one step, so that dest is always
// a complete site; the previous site is then at tmp, which is returned.
func swapDirs(tmp, dest string) (string, error) {
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, dest)
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	if err == nil {
		return tmp, nil
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return renameAside(tmp, dest)
	}
	return "", err
}
