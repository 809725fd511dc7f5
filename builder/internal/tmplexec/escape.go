package tmplexec

import (
	"fmt"
	"strings"
	"text/template/parse"
)

// contentKind is what a value piped into an escaper is: html/template's
// template.HTML and template.URL are trusted, other values are text.
type contentKind int

const (
	plainText contentKind = iota
	htmlText
	urlText
)

// An escaper is one of the functions html/template adds to pipelines, for
// the contexts layouts print into: HTML text, attribute values, <title>
// and URLs. TestEscapers holds each to html/template's own.
type escaper func(s string, kind contentKind) string

// escaperOf returns the escaper cmd calls with no arguments but the value
// piped in, or nil.
func escaperOf(cmd *parse.CommandNode) escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	switch id.Ident {
	case "_html_template_htmlescaper":
		return htmlEscaper
	case "_html_template_attrescaper":
		return attrEscaper
	case "_html_template_rcdataescaper":
		return rcdataEscaper
	case "_html_template_urlfilter":
		return urlFilter
	case "_html_template_urlnormalizer":
		return urlNormalizer
	case "_html_template_urlescaper":
		return urlEscaper
	}
	return nil
}

func htmlEscaper(s string, kind contentKind) string {
	if kind == htmlText {
		return s
	}
	return replaceHTML(s, true)
}

func attrEscaper(s string, kind contentKind) string {
	if kind == htmlText {
		bail() // html/template strips the tags first
	}
	return replaceHTML(s, true)
}

func rcdataEscaper(s string, kind contentKind) string {
	return replaceHTML(s, kind != htmlText)
}

func urlFilter(s string, kind contentKind) string {
	if kind == urlText || safeURL(s) {
		return s
	}
	return "#ZgotmplZ"
}

func urlNormalizer(s string, _ contentKind) string {
	return escapeURL(s, true)
}

func urlEscaper(s string, kind contentKind) string {
	return escapeURL(s, kind == urlText)
}

// replaceHTML escapes the characters HTML gives a meaning to, and + (for
// UTF-7), as entities, and NUL as U+FFFD; with amp false it leaves & as it
// is (for text already HTML).
func replaceHTML(s string, amp bool) string {
	return replace(s, &htmlBytes, func(i int) string {
		switch s[i] {
		case 0:
			return "\uFFFD"
		case '"':
			return "&#34;"
		case '&':
			if amp {
				return "&amp;"
			}
		case '\'':
			return "&#39;"
		case '+':
			return "&#43;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		}
		return ""
	})
}

// safeURL reports whether s has no scheme, or http, https or mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// escapeURL percent-encodes the bytes of s that may not stand in a URL;
// normalizing, it leaves reserved characters and valid escapes as they
// are.
func escapeURL(s string, normalize bool) string {
	set := &urlBytes
	if normalize {
		set = &urlNormBytes
	}
	return replace(s, set, func(i int) string {
		if s[i] == '%' && normalize && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			return ""
		}
		return fmt.Sprintf("%%%02x", s[i])
	})
}

// A byteSet is a set of bytes: those an escaper may replace.
type byteSet [256]bool

var (
	htmlBytes    = bytesOf("\x00\"&'+<>")
	urlBytes     = bytesBut("-._~")
	urlNormBytes = bytesBut("-._~!#$&*+,/:;=?@[]")
)

// bytesOf returns the set of the bytes of s.
func bytesOf(s string) byteSet {
	var set byteSet
	for _, c := range []byte(s) {
		set[c] = true
	}
	return set
}

// bytesBut returns the set of all bytes but ASCII letters, digits and the
// bytes of keep.
func bytesBut(keep string) byteSet {
	var set byteSet
	for c := range set {
		b := byte(c)
		set[c] = !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte(keep, b) >= 0)
	}
	return set
}

// replace returns s with each byte s[i] in set for which with(i) is not
// empty replaced by it; s itself if there is none.
func replace(s string, set *byteSet, with func(i int) string) string {
	i := 0
	for i < len(s) && !set[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	written := 0
	for ; i < len(s); i++ {
		if !set[s[i]] {
			continue
		}
		repl := with(i)
		if repl == "" {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
