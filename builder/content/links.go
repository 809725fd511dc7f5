package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A site's folder is read through an [os.Root] (see the playbook command),
// which refuses to open anything outside it, whatever a symbolic link in it
// says. The functions here tell which links those are before anything is
// read, so that a build fails with the link's name rather than a bare
// "cannot read".

// maxLinkHops is how many symbolic links one path may pass through, as
// Linux allows.
const maxLinkHops = 40

// leadsOut follows the symbolic links of p, a slash-separated path in rl,
// and returns an error that says why when they lead outside it (a link to
// an absolute path, or one that climbs out with "..") or into a hidden
// file or folder. A path that leads to nothing that exists leads nowhere
// to read: nil.
func leadsOut(rl fs.ReadLinkFS, p string) error {
	todo := strings.Split(p, "/")
	cur := "" // the part followed so far, "" for the site's folder
	hops := 0
	for len(todo) > 0 {
		name := todo[0]
		todo = todo[1:]
		switch name {
		case "", ".":
			continue
		case "..":
			if cur == "" {
				return errors.New("a symbolic link to a path outside the site's folder")
			}
			cur = parentOf(cur)
			continue
		}
		next := path.Join(cur, name)
		if cur == "" {
			next = name
		}
		fi, err := rl.Lstat(next)
		if err != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		if hops++; hops > maxLinkHops {
			return errors.New("a loop of symbolic links")
		}
		target, err := rl.ReadLink(next)
		if err != nil {
			return fmt.Errorf("a symbolic link that cannot be read (%v)", unwrapPathError(err))
		}
		if strings.HasPrefix(target, "/") || strings.HasPrefix(target, `\`) || (len(target) > 1 && target[1] == ':') {
			return fmt.Errorf("a symbolic link to the absolute path %s, which playbook does not follow", strconv.Quote(target))
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	for _, part := range strings.Split(cur, "/") {
		if strings.HasPrefix(part, ".") {
			return fmt.Errorf("a symbolic link to %s, a hidden file or folder (like .git or .env), which playbook never publishes", strconv.Quote(cur))
		}
	}
	return nil
}

func parentOf(p string) string {
	if d := path.Dir(p); d != "." {
		return d
	}
	return ""
}

// outsideLink is the error of a symbolic link at p that leads outside the
// site's folder, or nil when it stays inside, or is not a link. Where fsys
// cannot tell links (it has no ReadLinkFS), it has none to follow.
func outsideLink(fsys fs.FS, p string) *Error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	if fi, err := rl.Lstat(p); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if err := leadsOut(rl, p); err != nil {
		return &Error{Path: ShowPath(p), Pos: Pos{1, 1}, Msg: fmt.Sprintf(
			"%v: playbook never reads a file outside the site's folder, or a hidden one (a pull request could publish the build machine's files or the repository's secrets this way); copy the file into the site, or make the link relative to a file inside it", err)}
	}
	return nil
}

// CheckLinks walks the folders dirs of fsys (like "layouts" and "theme",
// each of which may be missing) and returns an error for each symbolic
// link, the folder itself included, that leads outside fsys. Links that
// stay inside are left to the code that reads the folder.
func CheckLinks(fsys fs.FS, dirs ...string) ErrorList {
	var errs ErrorList
	for _, dir := range dirs {
		if e := outsideLink(fsys, dir); e != nil {
			errs = append(errs, e)
			continue
		}
		fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p != dir {
					errs.Add(p, Pos{1, 1}, "cannot read: %v", unwrapPathError(err))
				}
				return nil
			}
			if p != dir && d.Type()&fs.ModeSymlink != 0 {
				if e := outsideLink(fsys, p); e != nil {
					errs = append(errs, e)
				}
			}
			return nil
		})
	}
	return errs
}

// BadName reports whether a file name cannot be built: one that is not
// valid UTF-8 (no URL or message can show it) or that holds control
// characters (a terminal would run the escape codes of a name printed as
// it is).
func BadName(name string) bool {
	if !utf8.ValidString(name) {
		return true
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// ShowPath is p as messages print it: as it is when it is plain text,
// else with Go's escapes ("content/inv\xfe.png") and no quotes.
func ShowPath(p string) string {
	if !BadName(p) {
		return p
	}
	q := strconv.Quote(p)
	return q[1 : len(q)-1]
}

// SkipBadName adds to ws the warning for a file or folder at p whose name
// BadName refuses.
func SkipBadName(ws *ErrorList, p string, dir bool) {
	what := "file"
	if dir {
		what = "folder"
	}
	ws.Add(ShowPath(p), Pos{1, 1}, "skipped: the %s's name is not plain text (it is not valid UTF-8, or holds control characters); rename it to build it", what)
}
