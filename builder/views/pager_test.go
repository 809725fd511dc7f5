package views

import (
	"strconv"
	"strings"
	"testing"
)

// TestPagerNumbers: a pager shows the first and last pages and the current
// one's neighbours, with an ellipsis (Gap) where pages are left out.
func TestPagerNumbers(t *testing.T) {
	tests := []struct {
		total, k int
		want     string
	}{
		{1, 1, "[1]"},
		{3, 1, "[1] 2 3"},
		{10, 1, "[1] 2 … 10"},
		{10, 5, "1 … 4 [5] 6 … 10"},
		{10, 4, "1 2 3 [4] 5 … 10"},
		{10, 10, "1 … 9 [10]"},
		{6, 3, "1 2 [3] 4 5 6"},
	}
	for _, tt := range tests {
		p := Paginate("/x/", tt.total, 1)[tt.k-1]
		var parts []string
		for _, l := range p.Pages {
			if l.Gap {
				parts = append(parts, "…")
			}
			n := strconv.Itoa(l.Number)
			if l.Current {
				n = "[" + n + "]"
			}
			parts = append(parts, n)
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("page %d of %d: %s, want %s", tt.k, tt.total, got, tt.want)
		}
	}
}
