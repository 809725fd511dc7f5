package content

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"golang.org/x/tools/txtar"
)

// seeds returns the Markdown files of the builder's test sites.
func seeds(f *testing.F) [][]byte {
	paths, _ := filepath.Glob("../testdata/sites/*.txtar")
	var out [][]byte
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if strings.HasSuffix(file.Name, ".md") {
				out = append(out, file.Data)
			}
		}
	}
	out = append(out, []byte(brief), []byte("+++\ntitle = 'T'\n[[goals]]\nid = 'g'\n+++\n"), []byte("{\n\"title\": \"J\", \"kpis\": [{\"id\": \"k\"}]\n}\n\nBody"), []byte("---\na: &a [x]\nb: [*a, *a]\n---\n"))
	return out
}

// FuzzParseDocument checks that any file splits and parses without a
// panic, and that every error and every value names a line inside the
// file.
func FuzzParseDocument(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := ParseDocument("content/x.md", src)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if lines := strings.Count(string(src), "\n") + 1; e.Pos.Line < 1 || e.Pos.Line > lines+1 {
				t.Fatalf("error at line %d of a %d-line file: %v", e.Pos.Line, lines, e)
			}
			return
		}
		if doc.Meta == nil || doc.Meta.Kind != MapNode {
			t.Fatalf("front matter is not a map: %+v", doc.Meta)
		}
		lines := strings.Count(string(src), "\n") + 1
		var walk func(n *Node)
		walk = func(n *Node) {
			if n.Pos.Line > lines || n.Pos.Line < 0 || n.Pos.Line > 0 && n.Pos.Col < 1 {
				t.Fatalf("a value at %d:%d of a %d-line file", n.Pos.Line, n.Pos.Col, lines)
			}
			for i := range n.Keys {
				walk(n.Keys[i])
				walk(n.Vals[i])
			}
			for _, item := range n.Items {
				walk(item)
			}
		}
		walk(doc.Meta)
	})
}

// FuzzLoad loads one file as a whole site: errors, never a panic.
func FuzzLoad(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		site, err := Load(fstest.MapFS{"content/a.md": {Data: src}}, Options{})
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error of type %T: %v", err, err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "content/a.md:") {
					t.Fatalf("error without a position: %v", e)
				}
			}
			return
		}
		if site.Home == nil {
			t.Fatal("no home page")
		}
	})
}

// FuzzSlug checks the URL rule: lowercase letters (ASCII, or of a script
// other than Latin, with their marks), digits and single dashes, never at
// either end.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Web/SEO Refresh.md", "Ärger über Öl", "日本", "a--b", "-x-", "C++ & Go", "ﬁnance", "ß", "/web/seo-refresh/-reach_2", "Q3 {NPS}: 40%~[x]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		slug := Slug(s)
		if fast, ok := slugASCII(s); ok && fast != slugUnicode(s) {
			t.Fatalf("Slug(%q): the ASCII path gives %q, the general one %q", s, fast, slugUnicode(s))
		}
		if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Fatalf("Slug(%q) = %q: stray dash", s, slug)
		}
		for _, r := range slug {
			ascii := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
			other := r >= utf8.RuneSelf && unicode.ToLower(r) == r &&
				(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me))
			if !ascii && !other {
				t.Fatalf("Slug(%q) = %q: %q is not allowed", s, slug, r)
			}
		}
		if a := Anchor(s); a == "" || strings.ContainsAny(a, " /#?%") {
			t.Fatalf("Anchor(%q) = %q", s, a)
		}
		if Slug(slug) != slug {
			t.Fatalf("Slug is not idempotent: %q → %q → %q", s, slug, Slug(slug))
		}
		u := SlugPath(s + ".md")
		if u != "" && (!strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/")) {
			t.Fatalf("SlugPath(%q) = %q", s, u)
		}
	})
}

// FuzzSplitFrontMatter checks the split of any file: YAML and TOML front
// matter and body are the ones github.com/adrg/frontmatter gives (the
// split is slices of the file, worked out from adrg's copy), and JSON
// front matter is one JSON value, the body what follows its line.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	for _, s := range []string{"---", "---\n", "---\n---", "  \n---\r\na: 1\r\n---  \r\nbody", "{\n\"a\": 1\n}", "{\n\"a\": 1\n}\nx\n}\n\nbody", "+++\na = 1\n+++\n", "{\n}\n}\n\n", "\n\n", "{\n\"a\": {\n\"b\": 1\n}\n\n}\nBody", "{\n\"a\" 1\n}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		format, openLine, raw, body, found := splitFrontMatter(src)
		first, line := "", 0
		for i, l := range strings.Split(string(src), "\n") {
			if first = strings.TrimSpace(l); first != "" {
				line = i + 1
				break
			}
		}
		switch {
		case format == "":
			if first == "---" || first == "+++" || first == "{" || !found || !bytes.Equal(body, src) {
				t.Fatalf("first line %q: format %q, found %v, body %q", first, format, found, body)
			}
			return
		case openLine != line:
			t.Fatalf("opening line %d, want %d", openLine, line)
		case found && body != nil && !bytes.HasSuffix(src, body):
			t.Fatalf("body %q is not the end of the file", body)
		}
		if format == JSON {
			if found && body == nil {
				if _, err := ParseDocument("content/x.md", src); err == nil {
					t.Fatalf("front matter %q handed on as invalid JSON parses", raw)
				}
			}
			if !found || body == nil {
				return
			}
			rawAt, bodyAt := cap(src)-cap(raw), len(src)-len(body)
			before, after := src[:rawAt], src[rawAt+len(raw):bodyAt]
			switch {
			case !json.Valid(raw) || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) || !bytes.HasSuffix(raw, []byte("}")):
				t.Fatalf("JSON front matter %q is not one JSON object", raw)
			case len(bytes.TrimSpace(before)) > 0 || len(bytes.TrimSpace(after)) > 0:
				t.Fatalf("text around the JSON front matter: %q | %q | %q", before, raw, after)
			case bytes.Count(after, []byte("\n")) > 2 || bodyAt < len(src) && !bytes.HasSuffix(after, []byte("\n")):
				t.Fatalf("the body %q does not start on a line after the front matter %q", body, raw)
			}
			return
		}
		var want []byte
		wantFound := false
		capture := func(data []byte, _ any) error {
			want, wantFound = append([]byte(nil), data...), true
			return nil
		}
		formats := []*frontmatter.Format{
			frontmatter.NewFormat("---", "---", capture),
			frontmatter.NewFormat("+++", "+++", capture),
		}
		wantBody, err := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
		if err != nil {
			t.Fatal(err)
		}
		if found != wantFound {
			t.Fatalf("found %v, want %v", found, wantFound)
		}
		if found && (!bytes.Equal(raw, want) || !bytes.Equal(body, wantBody)) {
			t.Fatalf("split %q | %q, want %q | %q", raw, body, want, wantBody)
		}
	})
}
