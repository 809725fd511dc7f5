package content

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that do not decompose into an ASCII base letter.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i",
}

// Fold returns the ASCII letters that a letter with no decomposition folds
// to ("ß" → "ss", "ø" → "o"), or "" for any other rune.
func Fold(r rune) string { return special[r] }

// Slug turns one path segment into its URL form: lowercased, Latin letters
// with accents folded to ASCII ("ö" → "o"), letters and digits of other
// scripts kept as they are ("营销"), every run of other characters turned
// into one "-", and dashes trimmed from both ends. "SEO Refresh" →
// "seo-refresh". It returns "" when s has no letter or digit.
func Slug(s string) string {
	if slug, ok := slugASCII(s); ok {
		return slug
	}
	return slugUnicode(s)
}

// slugASCII is Slug of s made of ASCII only, in one allocation: its
// letters and digits are all it keeps, lowercased. It reports false for
// any other s.
func slugASCII(s string) (string, bool) {
	buf := make([]byte, 0, len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			dash = len(buf) > 0
			continue
		}
		if dash {
			buf = append(buf, '-')
			dash = false
		}
		buf = append(buf, c)
	}
	return string(buf), true
}

// slugUnicode is Slug of any s.
func slugUnicode(s string) string {
	var b strings.Builder
	dash := false
	kept := false // the last rune was a letter kept as it is: its marks stay
	emit := func(out string) {
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
	}
	for _, r := range norm.NFC.String(s) {
		switch {
		case r < utf8.RuneSelf:
			kept = false
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				emit(string(unicode.ToLower(r)))
				continue
			}
		case special[r] != "":
			kept = false
			emit(special[r])
			continue
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			if kept {
				b.WriteRune(r) // a vowel sign of Devanagari, say: part of the word
			}
			continue // an accent on a Latin letter is folded away
		case unicode.Is(unicode.Latin, r):
			kept = false
			if ascii := foldLatin(r); ascii != "" {
				emit(ascii)
				continue
			}
			if unicode.IsLetter(r) {
				emit(string(unicode.ToLower(r)))
				continue
			}
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			kept = true
			var a [utf8.UTFMax]byte
			emit(string(utf8.AppendRune(a[:0], unicode.ToLower(r))))
			continue
		}
		kept = false
		dash = b.Len() > 0
	}
	// Lowercasing can leave a letter and its mark that compose ("ρ" and
	// U+0313 after "Ρ"): composed, a slug is its own slug.
	return norm.NFC.String(b.String())
}

// foldLatin returns the ASCII letters and digits of a Latin letter's
// compatibility decomposition: "ö" → "o", "ﬁ" → "fi", "Ａ" → "a".
func foldLatin(r rune) string {
	var b strings.Builder
	for _, c := range norm.NFKD.String(string(r)) {
		if c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

// Anchor returns a slug of s for an HTML id or a URL segment that is never
// empty: where s has no letter or digit (an emoji, say), the code points of
// its characters stand in ("u+1f680"), which no slug can be.
func Anchor(s string) string {
	if a := Slug(s); a != "" {
		return a
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString("u+" + strconv.FormatInt(int64(r), 16)) // "+": no slug has one
	}
	if b.Len() == 0 {
		return "blank"
	}
	return b.String()
}

// Unique makes the anchors it returns unique: the first of a name is the
// name, the next ones get "-2", "-3" and so on.
type Unique map[string]bool

// Of returns a unique form of a.
func (u Unique) Of(a string) string {
	out := a
	for n := 2; u[out]; n++ {
		out = a + "-" + strconv.Itoa(n)
	}
	u[out] = true
	return out
}

// SlugPath maps a path under content/ ("Web/SEO Refresh.md") to its URL
// ("/web/seo-refresh/"), percent-encoded where a segment keeps letters
// other than ASCII ("营销.md" → "/%E8%90%A5%E9%94%80/"). The ".md" extension is dropped, "_index.md" and
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
	u := "/"
	for _, p := range parts {
		s := Slug(p)
		if s == "" {
			return ""
		}
		u += url.PathEscape(s) + "/"
	}
	return u
}
