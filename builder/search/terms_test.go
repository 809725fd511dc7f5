package search

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"SEO Refresh", []string{"seo", "refresh"}},
		{"Öl-Preis 2026", []string{"ol", "preis", "2026"}},
		{"Straße, Æsir, łódź", []string{"strasse", "aesir", "lodz"}},
		{"don’t e-mail", []string{"don", "t", "e", "mail"}},
		{"Ziele für 2026!", []string{"ziele", "fur", "2026"}},
		{"东京 Москва", []string{"东京", "москва"}},
		{"ﬁnance", []string{"finance"}},
		{"cafe\u0301 Ｗｅｂ-Ａ ﬁx2", []string{"cafe", "web", "a", "fix2"}},
		{"<script>", []string{"script"}},
		{strings.Repeat("a", 40), []string{strings.Repeat("a", termRunes)}},
		{"  —  ", nil},
	} {
		if got := Terms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Terms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// bodyTerms returns the terms of a rendered body with their counts, read
// by countHTML or, with slow set, from htmlText.
func bodyTerms(h string, slow bool) map[string]int32 {
	sp := newTermSplitter()
	if slow {
		splitTerms(sp, htmlText(h), countBody)
	} else {
		sp.countHTML(h)
	}
	got := map[string]int32{}
	for _, id := range sp.page {
		got[sp.terms[id]] = sp.on[id].count
	}
	return got
}

var countHTMLCases = []string{
	`<h2 id="a">Plan &amp; risks</h2><p>One<br>two <a href="/x/">three</a></p><script>var secret=1</script><style>.x{}</style><p>four&nbsp;five</p>`,
	`<p>don&rsquo;t &ldquo;quote&rdquo; &hellip; a&ndash;b&mdash;c &laquo;x&raquo; &lt;tag&gt; &quot;q&quot; it&#39;s &#34;x&#34;</p>`,
	`<p>&copy; 2026 &#x41;&#66;c &amp without semicolon &ampx; &unknown; &#233;t&eacute; caf&#xe9;</p>`,
	`<p>Straße Öl-Preis ﬁnance café 东京 Москва</p><SCRIPT>hidden</SCRIPT><p>shown</p><style>also hidden</style>`,
	`<p>` + strings.Repeat("a", 40) + ` ` + strings.Repeat("é", 40) + `</p><p>unclosed <b`,
	`text & more &; &;; & amp; &#; &#x; &#xfe0e;&#x21a9; &#160; &#0; &#128; &#x9f; &#xd800; &#x110000; &#+12; &#-1; &#x+a; &#1a; &#00000065; &#X41;`,
}

// TestCountHTML checks that countHTML reads a body's terms exactly as
// splitting its htmlText does.
func TestCountHTML(t *testing.T) {
	for _, h := range countHTMLCases {
		if got, want := bodyTerms(h, false), bodyTerms(h, true); !maps.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", h, got, want)
		}
	}
	// One splitter for many pages: its dictionary outlives each page.
	sp := newTermSplitter()
	for i, h := range countHTMLCases {
		sp.countHTML(h)
		for _, id := range sp.page {
			if n := bodyTerms(h, true)[sp.terms[id]]; sp.on[id].count != n {
				t.Errorf("page %d: %q counted %d times, want %d", i, sp.terms[id], sp.on[id].count, n)
			}
		}
		if len(sp.page) != len(bodyTerms(h, true)) {
			t.Errorf("page %d: %d terms, want %d", i, len(sp.page), len(bodyTerms(h, true)))
		}
		sp.page = sp.page[:0]
		sp.number++
	}
}

func FuzzCountHTML(f *testing.F) {
	for _, h := range countHTMLCases {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := bodyTerms(h, false), bodyTerms(h, true); !maps.Equal(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", h, got, want)
		}
	})
}

func TestHTMLText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<h2 id="a">Plan &amp; risks</h2><p>One<br>two <a href="/x/">three</a></p><script>var secret=1</script><style>.x{}</style><p>four&nbsp;five</p>`, "Plan & risks One two three four five"}, // strings.Fields splits at the no-break space
		// Read as a browser reads them.
		{`<p>1 < 2 &lt; 3</p><!-- a > b --><p>c</p>`, "1 < 2 < 3 c"},
		{`<script>if (a<b) { x = "</b>" }</script ><p>d</p><SCRIPT type="module">y</SCRIPT>e`, "d e"},
		{`<style/>.x{}</style>f<script>`, "f"},
		{`<p>unclosed <b`, "unclosed"},
	} {
		if got := strings.Join(strings.Fields(htmlText(tc.in)), " "); got != tc.want {
			t.Errorf("htmlText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if s := snippet("one two three four", 9); s != "one two…" {
		t.Errorf("snippet = %q", s)
	}
}
