package builder

import (
	"errors"
	"io/fs"
	"sort"
)

// layerFS shows the files of top over those of bottom: a site's own
// layouts/ or theme/ over the embedded defaults.
type layerFS struct {
	top, bottom fs.FS // top may be nil
}

var _ fs.ReadDirFS = layerFS{}

func (l layerFS) Open(name string) (fs.File, error) {
	if l.top != nil {
		f, err := l.top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return l.bottom.Open(name)
}

func (l layerFS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	found := false
	for _, f := range []fs.FS{l.bottom, l.top} {
		if f == nil {
			continue
		}
		es, err := fs.ReadDir(f, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// sub returns fsys's folder dir, or nil when it does not exist.
func sub(fsys fs.FS, dir string) fs.FS {
	if fi, err := fs.Stat(fsys, dir); err != nil || !fi.IsDir() {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}
