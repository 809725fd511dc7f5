package format

import (
	"math"
	"testing"
)

// TestValue checks how numbers and values with a unit are written, in
// pages and in the charts' labels.
func TestValue(t *testing.T) {
	cases := []struct {
		unit string
		v    float64
		want string
	}{
		{"", 0, "0"},
		{"", 1234.5, "1,234.5"},
		{"", -1234567.891, "-1,234,567.89"},
		{"", 999.999, "1,000"},
		{"", -0.5, "-0.5"},
		{"", 100, "100"},
		{"%", 42, "42%"},
		{"$", 1200, "$1,200"},
		{"€", -3.25, "€-3.25"},
		{"leads", 1e7, "10,000,000 leads"},
		{"", 0.004, "0.004"},
		{"incidents", 1, "1 incident"},
		{"days", 1, "1 day"},
		{"days", 0, "0 days"},
		{"days", 1.5, "1.5 days"},
		{"entries", 1, "1 entry"},
		{"ms", 1, "1 ms"},
		{"page views", 1, "1 page views"},
		{"%", 0.000012345, "0.0000123%"},
		{"s", math.Inf(1), "— s"},
		{"", math.NaN(), "—"},
	}
	for _, c := range cases {
		if got := Value(c.unit, c.v); got != c.want {
			t.Errorf("Value(%q, %v) = %q, want %q", c.unit, c.v, got, c.want)
		}
		if got := string(AppendValue([]byte("x"), c.unit, c.v)); got != "x"+c.want {
			t.Errorf("AppendValue(%q, %v) = %q, want %q", c.unit, c.v, got, "x"+c.want)
		}
		if c.unit == "" {
			if got := Number(c.v); got != c.want {
				t.Errorf("Number(%v) = %q, want %q", c.v, got, c.want)
			}
		}
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"marketing-led": "Marketing-led", "it": "IT", "it-led": "IT-led", "kpis": "KPIs",
		"not_started": "Not started", "市场": "市场", "": "",
	} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a long title here", 8, "a long…"},
		{"营销计划的标题", 4, "营销计…"},
	} {
		if got := Clip(c.s, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
