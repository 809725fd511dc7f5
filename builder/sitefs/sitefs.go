// Package sitefs reads a site's folder for one build.
//
// Everything is read through an [os.Root], which never opens a file
// outside the folder, however a symbolic link inside points: a pull
// request cannot publish the build machine's files by adding a link to
// them. An os.Root opens a name one path element at a time, so a file
// three folders deep costs four opens; a [Folder] opens each folder that
// holds files once, as a root of its own, and opens its files from there.
//
// A Folder is meant for one build and must be closed after it: the folders
// it holds open stay the folders they were when opened, so a folder renamed
// while a dev server watches would otherwise be read from its new place.
package sitefs

import (
	"io/fs"
	"os"
	"path"
	"sync"
)

// Folder is a site's folder as an [fs.FS], read through an [os.Root]. It
// is safe for concurrent use.
type Folder struct {
	root *os.Root
	fsys fs.FS // root.FS()

	mu   sync.Mutex
	dirs map[string]*os.Root // by folder name; nil: the folder could not be opened
}

// Open returns a Folder that reads root. The caller closes the Folder,
// which closes the folders it opened, but not root.
func Open(root *os.Root) *Folder {
	return &Folder{root: root, fsys: root.FS(), dirs: map[string]*os.Root{}}
}

// Close closes the folders f opened. f reads nothing after.
func (f *Folder) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var first error
	for name, r := range f.dirs {
		if r != nil {
			if err := r.Close(); err != nil && first == nil {
				first = err
			}
		}
		delete(f.dirs, name)
	}
	return first
}

// dir returns the opened folder name, or nil if it cannot be opened as a
// root of its own.
func (f *Folder) dir(name string) *os.Root {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.dirs[name]
	if !ok {
		var err error
		if r, err = f.root.OpenRoot(name); err != nil {
			r = nil
		}
		f.dirs[name] = r
	}
	return r
}

// Open opens the file name, a slash-separated path as [fs.ValidPath]
// describes.
func (f *Folder) Open(name string) (fs.File, error) {
	if dir, file := path.Split(name); dir != "" && fs.ValidPath(name) {
		if r := f.dir(dir[:len(dir)-1]); r != nil {
			if fl, err := r.Open(file); err == nil {
				return fl, nil
			}
			// A symbolic link to another folder of the site is not in
			// the folder's root, nor is a file that is not there: the
			// site's root says which it is.
		}
	}
	return f.fsys.Open(name)
}

// ReadFile reads the file name.
func (f *Folder) ReadFile(name string) ([]byte, error) {
	if dir, file := path.Split(name); dir != "" && fs.ValidPath(name) {
		if r := f.dir(dir[:len(dir)-1]); r != nil {
			if data, err := r.ReadFile(file); err == nil {
				return data, nil
			}
		}
	}
	return fs.ReadFile(f.fsys, name)
}

// ReadDir reads the folder name.
func (f *Folder) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }

// Stat describes the file name, following a symbolic link.
func (f *Folder) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

// Lstat describes the file name, not following a symbolic link.
func (f *Folder) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.fsys, name) }

// ReadLink returns where the symbolic link name points.
func (f *Folder) ReadLink(name string) (string, error) { return fs.ReadLink(f.fsys, name) }
