// Package format writes values as pages show them: numbers with thousands
// separators ("1,234.5"), values with their unit ("42%", "$1,200",
// "1 day"), keys as labels ("IT-led") and text clipped to a length.
//
// The template functions number, kpiValue and humanize, and the charts'
// labels, write through it, so a value reads the same in a page's text as
// in its chart.
package format

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Label turns a key into a label: "marketing-led" into "Marketing-led",
// "_" into a space, and "it" into "IT".
func Label(s string) string {
	switch s {
	case "it":
		return "IT"
	case "it-led":
		return "IT-led"
	case "kpis":
		return "KPIs"
	}
	r := []rune(strings.ReplaceAll(s, "_", " "))
	if len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// Number writes f with thousands separators and at most two decimals:
// 1234.5 → "1,234.5". A number under 0.01 keeps three significant digits,
// as two decimals would show 0.
func Number(f float64) string {
	var a [48]byte
	return string(appendNumber(a[:0], f))
}

// appendNumber appends f to dst as Number writes it.
func appendNumber(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "—"...) // never shown: the loader refuses such numbers
	}
	var a [48]byte
	var s []byte
	if m := math.Abs(f); m > 0 && m < 0.01 {
		// Two decimals would show 0: three significant digits instead.
		g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 3, 64), 64)
		s = strconv.AppendFloat(a[:0], g, 'f', -1, 64)
	} else {
		s = strconv.AppendFloat(a[:0], math.Round(f*100)/100, 'f', -1, 64)
	}
	if len(s) > 0 && s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	intPart, frac := s, []byte(nil)
	if i := bytes.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, c)
	}
	return append(dst, frac...)
}

// Value writes f with its unit, as a KPI's values are shown: "42%",
// "$1,200", "2.5 s", "1,200 leads", and "1 day" for a unit "days".
func Value(unit string, f float64) string {
	var a [64]byte
	return string(AppendValue(a[:0], unit, f))
}

// AppendValue appends f with its unit to dst, as Value writes it.
func AppendValue(dst []byte, unit string, f float64) []byte {
	switch unit {
	case "":
		return appendNumber(dst, f)
	case "%":
		return append(appendNumber(dst, f), '%')
	case "$", "€", "£":
		return appendNumber(append(dst, unit...), f)
	}
	if f == 1 || f == -1 {
		unit = singular(unit)
	}
	return append(append(appendNumber(dst, f), ' '), unit...)
}

// singular is the singular of a unit that is an English plural, for a
// value of one: "days" → "day", "entries" → "entry"; other units, and
// abbreviations like "ms", are as they are.
func singular(unit string) string {
	n := len(unit)
	if n < 4 || strings.ContainsFunc(unit, func(r rune) bool { return !unicode.IsLower(r) }) || strings.HasSuffix(unit, "ss") || !strings.HasSuffix(unit, "s") {
		return unit
	}
	switch {
	case strings.HasSuffix(unit, "ies"):
		return unit[:n-3] + "y"
	case strings.HasSuffix(unit, "ches"), strings.HasSuffix(unit, "shes"), strings.HasSuffix(unit, "xes"):
		return unit[:n-2]
	}
	return unit[:n-1]
}

// Clip shortens s to n runes, the last of them an ellipsis, for a title
// or a label that must fit a given width. A string of n runes or fewer is
// returned as it is.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
