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

var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(s string, kind contentKind) string {
		if kind == htmlText {
			return s
		}
		return replaceHTML(s, true)
	},
	"_html_template_attrescaper": func(s string, kind contentKind) string {
		if kind == htmlText {
			bail() // html/template strips the tags first
		}
		return replaceHTML(s, true)
	},
	"_html_template_rcdataescaper": func(s string, kind contentKind) string {
		return replaceHTML(s, kind != htmlText)
	},
	"_html_template_urlfilter": func(s string, kind contentKind) string {
		if kind == urlText || safeURL(s) {
			return s
		}
		return "#ZgotmplZ"
	},
	"_html_template_urlnormalizer": func(s string, _ contentKind) string {
		return escapeURL(s, true)
	},
	"_html_template_urlescaper": func(s string, kind contentKind) string {
		return escapeURL(s, kind == urlText)
	},
}

// escaperOf returns the escaper cmd calls with no arguments but the value
// piped in, or nil.
func escaperOf(cmd *parse.CommandNode) escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || !strings.HasPrefix(id.Ident, "_html_template_") {
		return nil
	}
	return escapers[id.Ident]
}

// replaceHTML escapes the characters HTML gives a meaning to, and + (for
// UTF-7), as entities, and NUL as U+FFFD; with amp false it leaves & as it
// is (for text already HTML).
func replaceHTML(s string, amp bool) string {
	return replace(s, func(i int) string {
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
	return replace(s, func(i int) string {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			return ""
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			if normalize {
				return ""
			}
		case c == '%':
			if normalize && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				return ""
			}
		}
		return fmt.Sprintf("%%%02x", c)
	})
}

// replace returns s with each byte s[i] for which with(i) is not empty
// replaced by it; s itself if there is none.
func replace(s string, with func(i int) string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
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
