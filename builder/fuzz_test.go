package builder

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/output"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// FuzzBuildBrief runs one brief through the whole load, validate, render and
// minify path: a build either succeeds or fails with positioned errors, and
// writes nothing when it fails. Hostile text in the brief never reaches the
// page as markup.
func FuzzBuildBrief(f *testing.F) {
	paths, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if strings.HasPrefix(file.Name, "content/") && strings.HasSuffix(file.Name, ".md") {
				f.Add(file.Data)
			}
		}
	}
	f.Add([]byte("---\ntitle: \"<script>alert(1)</script>\"\nsummary: '\"><img src=x onerror=alert(1)>'\ngoals: [{id: g, title: \"<b>x</b>\"}]\nroles: [{id: r, title: \"<svg onload=alert(1)>\", team: it, responsibilities: [\"</text><script>\"]}]\nkpis: [{id: k, name: \"=HYPERLINK(1)\", goal: g, owner: r, baseline: 1, target: 2, history: [{date: 2026-01-01, value: 1}, {date: 2026-02-01, value: 2}]}]\n---\n[x](javascript:alert(1)) <script>bad()</script>\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out := new(output.Mem)
		_, err := Build(fstest.MapFS{"content/a.md": {Data: src}}, out, Options{Today: today})
		if err != nil {
			var list content.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if n := len(out.Names()); n > 0 {
				t.Fatalf("a failed build wrote %d files", n)
			}
			return
		}
		for name, data := range out.Files() {
			if strings.HasSuffix(name, ".html") {
				if msg := hostileMarkup(data); msg != "" {
					t.Fatalf("%s: %s", name, msg)
				}
			}
		}
	})
}

// hostileMarkup reports markup that a brief's text must never become: a
// script that is not the theme's, an event-handler attribute, a javascript:
// link.
func hostileMarkup(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return fmt.Sprintf("<%s> has an event handler %s=%q", tok.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					return fmt.Sprintf("<%s> links to %q", tok.Data, a.Val)
				}
			}
			if tok.Data == "script" {
				src := ""
				for _, a := range tok.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if !strings.Contains(src, "/assets/") {
					return fmt.Sprintf("a <script> that is not the theme's: %s", tok)
				}
			}
		}
	}
}
