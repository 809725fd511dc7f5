package kpi

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/playbook-dev/playbook/builder/content"
)

// CheckName refuses a brief's name that is not a Markdown file of
// content/ as `playbook check` prints it ("content/cms-migration.md").
func CheckName(name string) error {
	clean := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	if clean == "content/_index.md" {
		return &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "this file holds the site's settings, not a brief: name a brief's file"}
	}
	if !fs.ValidPath(clean) || !strings.HasPrefix(clean, "content/") || !strings.HasSuffix(strings.ToLower(clean), ".md") || clean != name {
		return &content.Error{Path: content.ShowPath(name), Pos: content.Pos{Line: 1, Col: 1}, Msg: "not a brief of content/: name it as playbook check prints it, like content/cms-migration.md, relative to --source"}
	}
	return nil
}

// ReadBrief reads the brief name from root, refusing a symbolic link (the
// edit would replace the link, not the file it leads to).
func ReadBrief(root *os.Root, name string) ([]byte, fs.FileMode, error) {
	if err := CheckName(name); err != nil {
		return nil, 0, err
	}
	fi, err := root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "no such file: name a brief as playbook check prints it"}
	}
	if err != nil {
		return nil, 0, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "cannot read it: a folder on its way is a symbolic link out of the site, or it cannot be opened"}
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, 0, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "a symbolic link: record the measurement in the file it leads to"}
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "not a file"}
	}
	data, err := root.ReadFile(name)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	return data, fi.Mode().Perm(), nil
}

// WriteBrief replaces the file name in root with data, atomically: data is
// written to a new file beside it, with its mode, synced, and renamed over
// it, so that an interrupted run leaves the old file or the new one, never
// half of one, and a hard link to the old file keeps the old bytes.
func WriteBrief(root *os.Root, name string, data []byte, mode fs.FileMode) error {
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+".playbook-"+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("writing beside %s: %w", name, err)
	}
	fail := func(err error) error {
		f.Close()
		root.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		root.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
