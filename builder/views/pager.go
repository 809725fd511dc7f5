package views

import "fmt"

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	First, Last   string
	Prev, Next    string // "" at the ends
	Pages         []PagerLink
}

// PagerLink is one numbered link of a Pager.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // pages before this one are left out: an ellipsis goes first
}

// Paginate splits n items into pages of size items, the first at the URL
// base, and returns the pager of each page (1-based page k is
// pagers[k-1]). Bounds says which items each page holds.
func Paginate(base string, n, size int) []*Pager {
	total := max((n+size-1)/size, 1)
	url := func(k int) string { return PageURL(base, k) }
	pagers := make([]*Pager, total)
	for k := 1; k <= total; k++ {
		p := &Pager{Number: k, Total: total, First: url(1), Last: url(total)}
		if k > 1 {
			p.Prev = url(k - 1)
		}
		if k < total {
			p.Next = url(k + 1)
		}
		// The first and last pages and the current one's neighbours, with
		// an ellipsis where pages are left out; a single page left out is
		// shown instead, as its number is as short as the ellipsis.
		var shown []int
		for _, j := range []int{1, k - 1, k, k + 1, total} {
			if j >= 1 && j <= total && (len(shown) == 0 || j > shown[len(shown)-1]) {
				if n := len(shown); n > 0 && j == shown[n-1]+2 {
					shown = append(shown, j-1)
				}
				shown = append(shown, j)
			}
		}
		for i, j := range shown {
			p.Pages = append(p.Pages, PagerLink{Number: j, URL: url(j), Current: j == k, Gap: i > 0 && j > shown[i-1]+1})
		}
		pagers[k-1] = p
	}
	return pagers
}

// PageURL is the URL of page k of the list at base: base itself for the
// first page, base + "page/k/" for the others.
func PageURL(base string, k int) string {
	if k <= 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, k)
}

// Bounds is the range [lo, hi) of the n items of a list that its page k
// holds, with size items a page.
func Bounds(k, size, n int) (lo, hi int) {
	lo = (k - 1) * size
	return lo, min(lo+size, n)
}
