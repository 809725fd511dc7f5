package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func resolve(dest string) (string, error) {
	switch dest {
	case "other.md":
		return "/other/", nil
	case "../web/seo.md":
		return "/web/seo/", nil
	case "chart.png":
		return "/web/chart.png", nil
	}
	return "", fmt.Errorf("the link %q points nowhere", dest)
}

func TestConvert(t *testing.T) {
	tests := []struct {
		name, src string
		unsafe    bool
		want      []string // substrings of the HTML
		not       []string
	}{
		{"heading IDs keep letters of every script", "## Ziele für 2026\n\n## Цели\n\n## Ziele für 2026\n",
			false, []string{`<h2 id="ziele-für-2026">`, `<h2 id="цели">`, `<h2 id="ziele-für-2026-1">`}, nil},
		{"heading IDs avoid the layouts' own", "## Goals\n", false, []string{`<h2 id="goals-1">`}, nil},
		{"relative links are rewritten", "[a](other.md) [b](../web/seo.md#risks) ![c](chart.png) [d](https://example.com/x.md) [e](#top) [f](/abs/)",
			false, []string{`href="/other/"`, `href="/web/seo/#risks"`, `src="/web/chart.png"`, `href="https://example.com/x.md"`, `href="#top"`, `href="/abs/"`}, nil},
		{"raw HTML is left out", "<script>alert(1)</script>\n\nHi <b onclick=x>there</b>", false, []string{"raw HTML omitted"}, []string{"<script>", "onclick"}},
		{"raw HTML with unsafe_html", "<aside>note</aside>\n", true, []string{"<aside>note</aside>"}, nil},
		{"javascript links are dropped", "[x](javascript:alert(1))", false, []string{`<a href="">x</a>`}, []string{"javascript:"}},
		{"tables get classes and scope, not inline styles", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", false,
			[]string{`<th class="align-left" scope="col">a</th>`, `<td class="align-right">2</td>`}, []string{"style="}},
		{"task lists are labelled", "- [x] done\n- [ ] open\n", false, []string{`aria-label="Done"`, `aria-label="Not done"`}, nil},
		{"footnotes are prefixed", "Text[^1].\n\n[^1]: Note.\n", false, []string{`id="cms-fnref:1"`, `href="#cms-fn:1"`, `id="cms-fn:1"`}, nil},
		{"code is highlighted with classes", "```go\nfunc main() {}\n```\n", false,
			[]string{`<pre class="chroma"><code><span class="line"><span class="cl"><span class="kd">func</span>`}, []string{"style="}},
		{"code block attributes highlight lines and number them", "```go {hl_lines=[2] linenos=true}\nx := 1\ny := 2\n```\n", false,
			[]string{`<span class="line hl">`, `<span class="ln">1</span>`}, nil},
		{"code in an unknown language is plain and escaped", "```nolang\na < b\n```\n\n```\n<x>\n```\n", false,
			[]string{`<pre><code class="language-nolang">a &lt; b` + "\n</code></pre>", "<pre><code>&lt;x&gt;\n</code></pre>"}, []string{"chroma"}},
		{"typographer and strikethrough", `"Quotes" -- ~~old~~`, false, []string{"&ldquo;Quotes&rdquo; &ndash; <del>old</del>"}, nil},
		{"autolinks", "See https://example.com now.", false, []string{`<a href="https://example.com">https://example.com</a>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := New(Options{Unsafe: tt.unsafe}).Convert([]byte(tt.src), Context{FootnotePrefix: "cms-", Resolve: resolve})
			if err != nil {
				t.Fatal(err)
			}
			html := res.HTML
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %s:\n%s", w, html)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(html, w) {
					t.Errorf("HTML has %s:\n%s", w, html)
				}
			}
		})
	}
}

func TestLinkErrors(t *testing.T) {
	src := "# Title\n\nSome text and [a broken link](missing.md)\nand ![an image](gone.png).\n"
	res, err := New(Options{}).Convert([]byte(src), Context{Resolve: resolve})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg))
	}
	want := []string{`3:15: the link "missing.md" points nowhere`, `4:5: the link "gone.png" points nowhere`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTOC(t *testing.T) {
	res, _ := New(Options{}).Convert([]byte("# One\n## Two *em*\n### Three `code`\n#### Four\n"), Context{})
	var got []string
	for _, h := range res.TOC {
		got = append(got, fmt.Sprintf("%d %s %s", h.Level, h.ID, h.Text))
	}
	want := "2 two-em Two em\n3 three-code Three code"
	if strings.Join(got, "\n") != want {
		t.Errorf("TOC:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestText: a body's text is its words as the page shows them, without
// markup, raw HTML, images or link destinations.
func TestText(t *testing.T) {
	tests := []struct{ src, want string }{
		{"# Plan\n\nWe *ship* in **May**.\n", "Plan\nWe ship in May.\n"},
		{"Fish &amp; chips &lt;3\n", "Fish & chips <3\n"},
		{"See [the guide](guide.md) and <https://example.com/x>.\n", "See the guide and https://example.com/x .\n"},
		{"![a diagram](d.png) Text\n", " Text\n"},
		{"```go\nfunc main() {}\n```\n", "func main() {}\n\n"},
		{"Inline `code` here\n", "Inline code here\n"},
		{"<div>raw</div>\n\nAfter\n", "After\n"},
		{"- [x] done\n- [ ] open\n", "done\n\nopen\n\n\n"},
		{"| A | B |\n|---|---|\n| one | two |\n", "A\nB\n\none\ntwo\n\n\n"},
		{"line one\nline two\n", "line one line two\n"},
	}
	c := New(Options{})
	for _, tt := range tests {
		res, err := c.Convert([]byte(tt.src), Context{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Text != tt.want {
			t.Errorf("%q: text %q, want %q", tt.src, res.Text, tt.want)
		}
	}
}
