package search

import (
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
