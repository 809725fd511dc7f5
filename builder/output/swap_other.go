//go:build !linux

package output

// swapDirs puts tmp in place of dest, returning where the previous site is.
func swapDirs(tmp, dest string) (string, error) {
	return renameAside(tmp, dest)
}
