package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeSite writes files (slash paths under dir) and returns dir.
func writeSite(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const secret = "TOP-SECRET-do-not-publish"

// TestLinksOutsideSite builds sites holding symbolic links that lead out of
// the site's folder: each build fails, names the link, writes nothing and
// prints nothing of the file it points to.
func TestLinksOutsideSite(t *testing.T) {
	outside := t.TempDir()
	writeSite(t, outside, map[string]string{
		"secret.txt":          secret,
		"environ":             "PATH=/bin\x00TOKEN=" + secret,
		"layout.html":         "{{define \"main\"}}" + secret + "{{end}}",
		"theme/id_rsa":        "-----BEGIN " + secret,
		"theme/style.css":     "body{color:red}",
		"content/passwd.md":   "# " + secret,
		"content/secret.json": `{"k": "` + secret + `"}`,
	})
	tests := []struct {
		name     string
		link     string // where the link is made, under the site
		target   string // what it points to; a relative one is relative to the link
		wantPath string // the path the error names
	}{
		{"file in content", "content/passwd.txt", filepath.Join(outside, "secret.txt"), "content/passwd.txt"},
		{"relative, climbing out", "content/docs/passwd.txt", "../../../" + filepath.Base(outside) + "/secret.txt", "content/docs/passwd.txt"},
		{"Markdown in content", "content/leak.md", filepath.Join(outside, "content/passwd.md"), "content/leak.md"},
		{"theme file", "theme/env.js", filepath.Join(outside, "environ"), "theme/env.js"},
		{"layout", "layouts/brief.html", filepath.Join(outside, "layout.html"), "layouts/brief.html"},
		{"theme folder", "theme", filepath.Join(outside, "theme"), "theme"},
		{"content folder", "content", filepath.Join(outside, "content"), "content"},
		{"layouts folder", "layouts", outside, "layouts"},
		{"escape codes in the name", "theme/p\x1b[2Jw.css", filepath.Join(outside, "secret.txt"), `theme/p\x1b[2Jw.css`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The site sits beside outside/, so that a relative link can
			// climb out of it.
			site := filepath.Join(filepath.Dir(outside), filepath.Base(outside)+"-site-"+strings.ReplaceAll(tt.name, " ", "-"))
			t.Cleanup(func() { os.RemoveAll(site) })
			files := map[string]string{"content/a.md": "# A\n"}
			if tt.link == "content" {
				files = map[string]string{"README": "x"}
			}
			writeSite(t, site, files)
			link := filepath.Join(site, filepath.FromSlash(tt.link))
			os.MkdirAll(filepath.Dir(link), 0o755)
			if err := os.Symlink(tt.target, link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			dest := filepath.Join(site, "public")
			code, stdout, stderr := runCmd(t, "build", "--source", site, "--dest", dest)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
			}
			want := tt.wantPath + ":1:1: a symbolic link to "
			if !strings.Contains(stderr, want) || !strings.Contains(stderr, "outside the site's folder") {
				t.Errorf("stderr lacks %q … outside the site's folder:\n%s", want, stderr)
			}
			if strings.Contains(stdout+stderr, secret) || strings.Contains(stdout+stderr, "\x1b") {
				t.Errorf("the output shows the linked file's contents, or a name's escape codes:\n%q", stdout+stderr)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Errorf("a failed build wrote %s", dest)
			}
			// check reads the same content and must refuse it too.
			if tt.link == "content" || strings.HasPrefix(tt.link, "content/") {
				code, stdout, stderr = runCmd(t, "check", "--source", site)
				if code != 1 || strings.Contains(stdout+stderr, secret) {
					t.Errorf("check: exit %d, output:\n%s%s", code, stdout, stderr)
				}
			}
		})
	}
}

// TestLinksInsideSite: links that stay in the site's folder keep working.
func TestLinksInsideSite(t *testing.T) {
	site := writeSite(t, t.TempDir(), map[string]string{
		"content/a.md":        "# A\n",
		"shared/logo.txt":     "inside",
		"shared/extra.css":    "main{margin:0}",
		"drafts/notes/b.md":   "# B\n",
		"shared/partial.html": `<p>inside partial</p>`,
	})
	for link, target := range map[string]string{
		"content/logo.txt":  "../shared/logo.txt",
		"theme/extra.css":   "../shared/extra.css",
		"content/notes.md":  "../drafts/notes/b.md",
		"layouts/partials":  "../shared",
		"content/same/x.md": "../a.md",
	} {
		p := filepath.Join(site, filepath.FromSlash(link))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	code, _, stderr := runCmd(t, "build", "--source", site, "--dest", dest)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(dest, "logo.txt")); err != nil || string(data) != "inside" {
		t.Errorf("logo.txt: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "notes", "index.html")); err != nil {
		t.Errorf("a linked brief inside the site is not built: %v", err)
	}
}

// TestNamesNotText: a file whose name is not valid UTF-8, or holds a
// terminal's escape codes, is skipped with a warning that shows the name
// escaped, and the rest of the site is built.
func TestNamesNotText(t *testing.T) {
	site := writeSite(t, t.TempDir(), map[string]string{
		"content/a.md":                 "# A\n",
		"content/inv\xfe.png":          "png",
		"content/esc\x1b[31mred.md":    "# red\n",
		"content/dir\x01/b.md":         "# B\n",
		"theme/bad\xff.css":            "a{}",
		"content/fine/ünïcode name.md": "# fine\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCmd(t, "build", "--source", site, "--dest", dest)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		`warning: content/inv\xfe.png:1:1: skipped: the file's name is not plain text`,
		`warning: content/esc\x1b[31mred.md:1:1: skipped: the file's name is not plain text`,
		`warning: content/dir\x01:1:1: skipped: the folder's name is not plain text`,
		`warning: theme/bad\xff.css:1:1: skipped: the file's name is not plain text`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %s:\n%s", want, stderr)
		}
	}
	if strings.ContainsAny(stdout+stderr, "\x1b\x01\xfe\xff") {
		t.Errorf("the output holds raw bytes of a name:\n%q", stderr)
	}
	for _, f := range []string{"a/index.html", "fine/unicode-name/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("%s not built: %v", f, err)
		}
	}
}

// TestCheckJSONHugeNumbers: check --format json prints one valid document,
// with the refused number's place, where numbers are out of range.
func TestCheckJSONHugeNumbers(t *testing.T) {
	site := writeSite(t, t.TempDir(), map[string]string{
		"content/a.md": "---\ntitle: A\ngoals: [{id: g, title: G}]\nroles: [{id: r, title: R, team: it, person: P}]\nkpis:\n  - {id: k, name: K, goal: g, owner: r, baseline: -1e308, target: 1e308}\n---\n",
		"content/b.md": "---\ntitle: B\ngoals: [{id: g, title: G}]\n---\n",
	})
	code, stdout, stderr := runCmd(t, "check", "--source", site, "--format", "json")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var doc struct {
		Errors []struct {
			Path      string
			Line, Col int
			Message   string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not one JSON document (%v):\n%s\nstderr: %s", err, stdout, stderr)
	}
	if len(doc.Errors) != 2 || doc.Errors[0].Line != 6 || !strings.Contains(doc.Errors[0].Message, "too large") {
		t.Errorf("errors: %+v", doc.Errors)
	}
}

// TestNewBriefTitles: a title in any script makes a brief that builds; a
// title whose address playbook uses itself, or too long for a file name, is
// refused with a sentence and writes nothing.
func TestNewBriefTitles(t *testing.T) {
	tests := []struct {
		title string
		file  string // written, or "" when refused
		want  string // in stderr when refused
	}{
		{"日本語", "content/日本語.md", ""},
		{"Zoë's launch", "content/zoe-s-launch.md", ""},
		{"kpis", "", "would make the brief's address /kpis/, which playbook uses for a page of its own"},
		{"Search", "", "would make the brief's address /search/"},
		{"Index", "", "would make the brief's address /index/"},
		{strings.Repeat("Long title ", 30), "", "the title is 329 characters long, too long for the file name it makes (at most 100 bytes)"},
		{"Web", "", `the title "Web" would make the brief's address /web/, which the folder content/web/ has already`},
		{"road-map", "", `the title "road-map" would make the brief's address /road-map/, which content/Road Map.md has already`},
	}
	for _, tt := range tests {
		t.Run(tt.title[:min(len(tt.title), 12)], func(t *testing.T) {
			site := writeSite(t, t.TempDir(), map[string]string{"content/web/a.md": "# A\n", "content/Road Map.md": "# Road map\n"})
			code, _, stderr := runCmd(t, "new", "brief", tt.title, "--source", site)
			if tt.file == "" {
				if code != 1 || !strings.Contains(stderr, tt.want) {
					t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
				}
				if entries, _ := os.ReadDir(filepath.Join(site, "content")); len(entries) != 2 {
					t.Errorf("a refused title wrote a file: %v", entries)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(tt.file))); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := runCmd(t, "build", "--source", site, "--dest", filepath.Join(site, "public")); code != 0 {
				t.Errorf("the new brief does not build: %s", stderr)
			}
		})
	}
}

// TestNewBriefThroughLink: new brief never writes through a content/ that
// links outside the site.
func TestNewBriefThroughLink(t *testing.T) {
	site, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(site, "content")); err != nil {
		t.Skip(err)
	}
	code, _, _ := runCmd(t, "new", "brief", "Leak", "--source", site)
	if entries, _ := os.ReadDir(outside); code == 0 || len(entries) > 0 {
		t.Errorf("exit %d; wrote %d files outside the site", code, len(entries))
	}
}

// TestDestMountPoint: a --dest that is a mount point is refused up front
// with a sentence that says what to do, and a folder inside it works.
func TestDestMountPoint(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "public")
	os.Mkdir(mnt, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "playbook-test", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	site := writeSite(t, t.TempDir(), map[string]string{"content/a.md": "# A\n"})
	code, _, stderr := runCmd(t, "build", "--source", site, "--dest", mnt)
	want := "refusing to build into " + mnt + ": it is a mount point"
	if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "--dest "+filepath.Join(mnt, "public")) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if entries, _ := os.ReadDir(mnt); len(entries) > 0 {
		t.Errorf("a refused build wrote into the mount point")
	}
	if code, _, stderr := runCmd(t, "build", "--source", site, "--dest", filepath.Join(mnt, "public")); code != 0 {
		t.Errorf("a folder inside the mount point: exit %d, %s", code, stderr)
	}
}

// TestWarningsBounded: a build with hundreds of warnings prints the first
// 20 and a count per rule of the rest; --verbose prints them all.
func TestWarningsBounded(t *testing.T) {
	files := map[string]string{}
	for i := range 150 {
		// Each brief: a goal no KPI measures, and a role with no team.
		files[fmt.Sprintf("content/b%03d.md", i)] = "---\ntitle: B\nsummary: A brief that is here to make warnings appear.\ngoals: [{id: g, title: G}]\nroles: [{id: r, title: R, person: P}]\n---\n"
	}
	site := writeSite(t, t.TempDir(), files)
	dest := filepath.Join(t.TempDir(), "public")
	_, _, stderr := runCmd(t, "build", "--source", site, "--dest", dest)
	if n := strings.Count(stderr, "\nwarning: content/") + 1; n != 20 {
		t.Errorf("%d warnings printed, want 20", n)
	}
	if !strings.Contains(stderr, "warning: and ") || !strings.Contains(stderr, "playbook check lists them all (or build --verbose)") {
		t.Errorf("no count of the rest:\n%s", stderr)
	}
	_, _, stderr = runCmd(t, "build", "--verbose", "--source", site, "--dest", dest)
	if n := strings.Count(stderr, "warning: content/"); n < 300 {
		t.Errorf("--verbose printed %d warnings, want all", n)
	}
}

// TestLinksToHiddenFiles: a link that stays in the site but leads into a
// hidden file or folder (.git, .env) is refused like one that leads out:
// the repository's configuration holds CI tokens.
func TestLinksToHiddenFiles(t *testing.T) {
	for link, target := range map[string]string{
		"theme":                 ".git",
		"content/gitconfig.txt": "../.git/config",
		"content/env.txt":       "../.env",
	} {
		t.Run(link, func(t *testing.T) {
			site := writeSite(t, filepath.Join(t.TempDir(), "site"), map[string]string{
				".git/config":  "token = " + secret,
				".env":         "TOKEN=" + secret,
				"content/a.md": "# A\n",
			})
			p := filepath.Join(site, filepath.FromSlash(link))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.Symlink(target, p); err != nil {
				t.Skip(err)
			}
			dest := filepath.Join(t.TempDir(), "public")
			code, stdout, stderr := runCmd(t, "build", "--source", site, "--dest", dest)
			if code != 1 || !strings.Contains(stderr, link+":1:1: a symbolic link to ") || !strings.Contains(stderr, "a hidden file or folder") {
				t.Errorf("exit %d:\n%s", code, stderr)
			}
			if strings.Contains(stdout+stderr, secret) {
				t.Error("the output shows the secret")
			}
		})
	}
}

// TestFolderWherePageGoes: a folder of content/ named like the file of a
// page (content/index.html/) is an error naming it, not a failed write.
func TestFolderWherePageGoes(t *testing.T) {
	site := writeSite(t, t.TempDir(), map[string]string{"content/a.md": "# A\n", "content/index.html/a.txt": "x"})
	code, _, stderr := runCmd(t, "build", "--source", site, "--dest", filepath.Join(t.TempDir(), "public"))
	want := "content/index.html/a.txt:1:1: the folder content/index.html is where playbook writes the page /index.html: rename the folder"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "playbook-new") {
		t.Errorf("exit %d:\n%s\nwant %s", code, stderr, want)
	}
}

// TestDestInLinkedContent: --dest inside a content/ that is a link is
// refused as one inside content/ is.
func TestDestInLinkedContent(t *testing.T) {
	site := writeSite(t, t.TempDir(), map[string]string{"src/content/a.md": "# A\n"})
	if err := os.Symlink("src/content", filepath.Join(site, "content")); err != nil {
		t.Skip(err)
	}
	code, _, stderr := runCmd(t, "build", "--source", site, "--dest", filepath.Join(site, "content", "pub"))
	if code != 2 || !strings.Contains(stderr, "inside the site's content/ folder") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

// TestCheckJSONNoSource: check --format json prints one valid document
// even when the site's folder is missing.
func TestCheckJSONNoSource(t *testing.T) {
	code, stdout, _ := runCmd(t, "check", "--source", filepath.Join(t.TempDir(), "missing"), "--format", "json")
	var doc struct{ Errors []struct{ Message string } }
	if code != 1 || json.Unmarshal([]byte(stdout), &doc) != nil || len(doc.Errors) != 1 {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

// TestNewSite: new site starts a playbook that passes check --strict on
// the day it is made and later, builds, and says what to run next; a
// folder that holds a file is refused and left as it was.
func TestNewSite(t *testing.T) {
	for _, day := range []string{"2026-12-03", "2031-06-30"} {
		t.Setenv("PLAYBOOK_TODAY", day)
		dir := filepath.Join(t.TempDir(), "our-playbook")
		code, stdout, stderr := runCmd(t, "new", "site", dir)
		if code != 0 || !strings.Contains(stdout, "playbook serve --watch") {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
		for _, f := range []string{"content/_index.md", "content/website-redesign.md", "content/guide.md", "netlify.toml", ".gitignore"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s missing: %v", f, err)
			}
		}
		if code, out, errOut := runCmd(t, "check", "--source", dir, "--strict"); code != 0 {
			t.Errorf("%s: check --strict: exit %d\n%s%s", day, code, out, errOut)
		}
		if code, _, errOut := runCmd(t, "build", "--source", dir, "--dest", filepath.Join(dir, "public")); code != 0 {
			t.Errorf("build: %s", errOut)
		}
	}
	busy := writeSite(t, t.TempDir(), map[string]string{"notes.txt": "mine"})
	code, _, stderr := runCmd(t, "new", "site", busy)
	if code != 1 || !strings.Contains(stderr, "already holds files") {
		t.Errorf("a folder with a file: exit %d, %s", code, stderr)
	}
	if entries, _ := os.ReadDir(busy); len(entries) != 1 {
		t.Errorf("the busy folder now holds %d entries", len(entries))
	}
}

// TestTmplexecOff: PLAYBOOK_TMPLEXEC=off builds the bundled site with
// html/template alone, into the same bytes.
func TestTmplexecOff(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if code, _, stderr := runCmd(t, "build", "--source", "../..", "--dest", a, "--today", "2026-11-25"); code != 0 {
		t.Fatal(stderr)
	}
	t.Setenv("PLAYBOOK_TMPLEXEC", "off")
	if code, _, stderr := runCmd(t, "build", "--source", "../..", "--dest", b, "--today", "2026-11-25"); code != 0 {
		t.Fatal(stderr)
	}
	if ha, hb := treeHash(t, a), treeHash(t, b); ha != hb {
		t.Errorf("with tmplexec %s, without %s", ha, hb)
	}
}
