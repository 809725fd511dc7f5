package content

import (
	"bytes"
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
// panic, and that every error names a line inside the file.
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
	for _, s := range []string{"Web/SEO Refresh.md", "Ärger über Öl", "日本", "a--b", "-x-", "C++ & Go", "ﬁnance", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		slug := Slug(s)
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

// FuzzSplitFrontMatter checks the splitter against the front-matter rules
// of github.com/adrg/frontmatter, which playbook followed before it split
// files itself: the same front matter and body for every input.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	for _, s := range []string{"---", "---\n", "---\n---", "  \n---\r\na: 1\r\n---  \r\nbody", "{\n\"a\": 1\n}", "{\n\"a\": 1\n}\nx\n}\n\nbody", "+++\na = 1\n+++\n", "{\n}\n}\n\n", "\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var want []byte
		found := false
		capture := func(data []byte, _ any) error {
			want, found = append([]byte(nil), data...), true
			return nil
		}
		formats := []*frontmatter.Format{
			frontmatter.NewFormat("---", "---", capture),
			frontmatter.NewFormat("+++", "+++", capture),
			{Start: "{", End: "}", Unmarshal: capture, UnmarshalDelims: true, RequiresNewLine: true},
		}
		wantBody, err := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
		if err != nil {
			t.Skip()
		}
		first := ""
		for _, l := range strings.Split(string(src), "\n") {
			if first = strings.TrimSpace(l); first != "" {
				break
			}
		}
		if first != "---" && first != "+++" && first != "{" {
			return // not front matter: ParseDocument keeps the whole file
		}
		raw, body, ok := splitFrontMatter(src, first == "{")
		if ok != found {
			t.Fatalf("found %v, want %v", ok, found)
		}
		if ok && (!bytes.Equal(raw, want) || !bytes.Equal(body, wantBody)) {
			t.Fatalf("split %q | %q, want %q | %q", raw, body, want, wantBody)
		}
	})
}
