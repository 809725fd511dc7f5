//go:build !unix

package output

import "os"

// lockDest is the advisory lock of builds into dest; where the system has
// no flock, builds into one folder are not kept from overlapping.
func lockDest(dest string, waiting func()) (*os.File, error) { return nil, nil }

// isMountPoint reports whether p is a mount point; it cannot tell here.
func isMountPoint(p string) bool { return false }
