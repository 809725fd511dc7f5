package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that do not decompose into an ASCII base letter.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i",
}

// Fold returns the ASCII letters that a letter with no decomposition folds
// to ("ß" → "ss", "ø" → "o"), or "" for any other rune.
func Fold(r rune) string { return special[r] }

// Slug turns one path segment into its URL form: lowercased, accented letters
// folded to ASCII ("ö" → "o"), every run of other characters turned into one
// "-", and dashes trimmed from both ends. "SEO Refresh" → "seo-refresh".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent
		}
		var out string
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = string(unicode.ToLower(r))
		case special[r] != "":
			out = special[r]
		}
		if out == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
	}
	return b.String()
}

// SlugPath maps a path under content/ ("Web/SEO Refresh.md") to its URL
// ("/web/seo-refresh/"). The ".md" extension is dropped, "_index.md" and
// "index.md" stand for their folder. It returns "" when a segment has no
// letter or digit to make a URL from.
func SlugPath(rel string) string {
	parts := strings.Split(rel, "/")
	last := parts[len(parts)-1]
	name := last
	if strings.HasSuffix(strings.ToLower(name), ".md") {
		name = name[:len(name)-3]
	}
	parts = parts[:len(parts)-1]
	if name != "_index" && name != "index" {
		parts = append(parts, name)
	}
	url := "/"
	for _, p := range parts {
		s := Slug(p)
		if s == "" {
			return ""
		}
		url += s + "/"
	}
	return url
}
