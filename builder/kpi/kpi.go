// Package kpi records measurements of a brief's KPIs in its file, as a
// careful person would edit it: one history entry added (or the one of its
// date replaced), and `current` updated where the KPI sets it, with every
// other byte of the file as it was. YAML, TOML and JSON front matter are
// edited each in its own syntax, following the style of the entries around
// the new one; the result is decoded again and compared with the original
// before it is returned, so that an edit that would change anything else
// is refused rather than written.
package kpi

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// A Measurement is one dated value of a KPI.
type Measurement struct {
	Date  time.Time
	Value float64
}

// Result is what Record did.
type Result struct {
	Data     []byte  // the file with the measurement recorded
	Replaced bool    // a measurement on the same date was there, and is replaced
	Old      float64 // the value replaced
	Current  bool    // the KPI's `current` was updated too
	Same     bool    // the measurement was there already: Data is the file as it was
}

// ParseValue parses a value as a writer types it: digits, a point for
// decimals, an optional sign. "12,5" and "12 %" are refused with a
// sentence.
func ParseValue(s string) (float64, error) {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(t, "xXpP_") {
		hint := ""
		if strings.Contains(t, ",") {
			hint = " (write decimals with a point, like 12.5, and no thousands separators)"
		}
		return 0, fmt.Errorf("%q is not a number%s", s, hint)
	}
	if v != 0 && math.Abs(v) < content.MinValue || math.Abs(v) > content.MaxValue {
		return 0, fmt.Errorf("%q is outside what a KPI may hold (between -1e15 and 1e15, and 0 or at least 1e-9 either way)", s)
	}
	return v, nil
}

// FormatValue writes v as the shortest decimal that reads back as v, as
// Record writes it into a file.
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Find returns the KPI of id in the brief decoded from src, or an error
// that names the brief's KPIs.
func Find(path string, src []byte, id string) (*content.KPI, error) {
	pg, err := content.DecodeFile(path, src)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s has errors; fix them before recording a measurement", err, path)
	}
	if pg.Brief == nil {
		return nil, &content.Error{Path: path, Pos: content.Pos{Line: 1, Col: 1}, Msg: "this is not a brief (it has no goals, roles or KPIs): name a brief's file"}
	}
	var ids []string
	for _, k := range pg.Brief.KPIs {
		if k.ID == id {
			return k, nil
		}
		ids = append(ids, k.ID)
	}
	pos := content.Pos{Line: 1, Col: 1}
	if p, ok := pg.KeyPos.Lookup("kpis"); ok {
		pos = p
	}
	msg := fmt.Sprintf("no KPI has the id %q", id)
	if len(ids) > 0 {
		msg += "; this brief's KPIs are " + strings.Join(ids, ", ")
	} else {
		msg += "; this brief has no KPIs"
	}
	return nil, &content.Error{Path: path, Pos: pos, Msg: msg}
}

// Record adds the measurement m to the history of the KPI id in src, the
// text of the brief at path (as `playbook check` names it), keeping the
// history in date order; a measurement on the same date is replaced. When
// the KPI sets `current` and m is its latest measurement, current is set
// to m's value too.
func Record(path string, src []byte, id string, m Measurement) (*Result, error) {
	k, err := Find(path, src, id)
	if err != nil {
		return nil, err
	}
	if m.Value != 0 && math.Abs(m.Value) < content.MinValue || math.Abs(m.Value) > content.MaxValue || math.IsNaN(m.Value) {
		return nil, fmt.Errorf("%s is outside what a KPI may hold", FormatValue(m.Value))
	}
	day := time.Date(m.Date.Year(), m.Date.Month(), m.Date.Day(), 0, 0, 0, 0, time.UTC)
	p := plan{date: day, value: m.Value, at: len(k.History), replace: -1}
	latest := true
	for i, h := range k.History {
		switch c := h.Date.Compare(day); {
		case c == 0:
			p.replace = i
		case c > 0:
			latest = false
			if p.at == len(k.History) {
				p.at = i
			}
		}
	}
	res := &Result{}
	if p.replace >= 0 {
		res.Replaced, res.Old = true, k.History[p.replace].Value
	}
	_, explicit := k.KeyPos.Lookup("current")
	p.current = explicit && k.Current != nil && latest && *k.Current != m.Value
	res.Current = p.current
	if p.replace >= 0 && k.History[p.replace].Value == m.Value && !p.current {
		res.Data, res.Same = src, true
		return res, nil
	}
	eol := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		eol = "\r\n"
	}
	p.eol = eol
	doc, err := content.ParseDocument(path, src)
	if err != nil {
		return nil, err
	}
	// A byte-order mark stays where it is, in front of the text edited.
	bom := []byte(nil)
	text := src
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		bom, text = src[:3], src[3:]
	}
	var edits []edit
	switch doc.Format {
	case content.YAML:
		edits, err = planYAML(text, id, p)
	case content.JSON:
		edits, err = planJSON(text, id, p)
	case content.TOML:
		edits, err = planTOML(text, id, p)
	default:
		err = errors.New("the file has no front matter")
	}
	if err != nil {
		return nil, &content.Error{Path: path, Pos: k.Pos, Msg: fmt.Sprintf("cannot record the measurement of %s: %v; add it to the KPI's history by hand", id, err)}
	}
	out := append(slices.Clone(bom), apply(text, edits)...)
	if err := verify(path, src, out, id, p); err != nil {
		return nil, &content.Error{Path: path, Pos: k.Pos, Msg: fmt.Sprintf("cannot record the measurement of %s safely (%v); add it to the KPI's history by hand", id, err)}
	}
	res.Data = out
	return res, nil
}

// plan is what Record changes in the history of one KPI.
type plan struct {
	date    time.Time
	value   float64
	at      int  // where a new entry goes among the history's entries
	replace int  // the entry of the same date, or -1
	current bool // set current to value too
	eol     string
	quote   string // around a date, as the entries around it are written
}

func (p plan) dateText() string  { return p.quote + p.date.Format("2006-01-02") + p.quote }
func (p plan) valueText() string { return FormatValue(p.value) }

// An edit replaces src[from:to] with text.
type edit struct {
	from, to int
	text     string
}

// apply makes the edits, which must not overlap, on a copy of src.
func apply(src []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return b.from - a.from })
	out := slices.Clone(src)
	for _, e := range edits {
		out = slices.Concat(out[:e.from], []byte(e.text), out[e.to:])
	}
	return out
}

// verify decodes the edited file and checks that it says what the original
// said, but for the KPI's history and current, which say what p planned.
func verify(path string, before, after []byte, id string, p plan) error {
	old, err := content.DecodeFile(path, before)
	if err != nil {
		return err
	}
	nu, err := content.DecodeFile(path, after)
	if err != nil {
		return fmt.Errorf("the edited file does not load: %v", err)
	}
	if old.Title != nu.Title || old.Summary != nu.Summary || string(old.Body) != string(nu.Body) || nu.Brief == nil ||
		len(old.Brief.KPIs) != len(nu.Brief.KPIs) || len(old.Brief.Goals) != len(nu.Brief.Goals) || len(old.Brief.Roles) != len(nu.Brief.Roles) {
		return errors.New("the edit changed more than the KPI")
	}
	for i, g := range old.Brief.Goals {
		if n := nu.Brief.Goals[i]; g.ID != n.ID || g.Title != n.Title || g.Why != n.Why {
			return errors.New("the edit changed a goal")
		}
	}
	for i, r := range old.Brief.Roles {
		if n := nu.Brief.Roles[i]; r.ID != n.ID || r.Title != n.Title || r.Person != n.Person || r.Team != n.Team {
			return errors.New("the edit changed a role")
		}
	}
	for i, ko := range old.Brief.KPIs {
		kn := nu.Brief.KPIs[i]
		if ko.Name != kn.Name || ko.Unit != kn.Unit || !ko.Due.Equal(kn.Due) {
			return fmt.Errorf("the edit changed the KPI %q", ko.ID)
		}
		want := history(ko)
		wantCur := ko.Current
		_, explicit := ko.KeyPos.Lookup("current")
		if ko.ID == id {
			e := content.Measurement{Date: p.date, Value: p.value}
			if p.replace >= 0 {
				want[p.replace] = e
			} else {
				want = slices.Insert(want, p.at, e)
			}
			if p.current {
				v := p.value
				wantCur = &v
			}
			if !explicit {
				// current is the last measurement.
				v := want[len(want)-1].Value
				wantCur = &v
			}
		}
		if kn.ID != ko.ID || !samePtr(kn.Baseline, ko.Baseline) || !samePtr(kn.Target, ko.Target) || !samePtr(kn.Current, wantCur) || !slices.Equal(history(kn), want) {
			return fmt.Errorf("the KPI %q would not hold what was planned", kn.ID)
		}
	}
	return nil
}

func history(k *content.KPI) []content.Measurement {
	out := make([]content.Measurement, len(k.History))
	for i, h := range k.History {
		out[i] = content.Measurement{Date: h.Date, Value: h.Value}
	}
	return out
}

func samePtr(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// lineStarts returns the offset of the start of every line of src.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 0-based line of offset off.
func lineOf(starts []int, off int) int {
	i, _ := slices.BinarySearch(starts, off+1)
	return i - 1
}

// indentOf returns the spaces that start the line holding off.
func indentOf(src []byte, starts []int, off int) string {
	s := starts[lineOf(starts, off)]
	e := s
	for e < len(src) && src[e] == ' ' {
		e++
	}
	return string(src[s:e])
}

// lineEnd returns the offset just past the end of the line holding off,
// its newline included.
func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// matching returns the offset just past the bracket that closes the one
// at open ('{' or '['), skipping quoted strings and comments. A quote
// starts a string only where a value starts (after a bracket, a comma, a
// colon or a space), and a '#' a comment only after a space, as in YAML,
// where "Visitors' time" is plain text.
func matching(src []byte, open int, comments bool) (int, error) {
	depth := 0
	valueStart := func(i int) bool {
		return i == 0 || strings.IndexByte("{[,: \t\n=", src[i-1]) >= 0
	}
	for i := open; i < len(src); i++ {
		switch c := src[i]; c {
		case '"', '\'':
			if !valueStart(i) {
				continue
			}
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			i = j
		case '#':
			if comments && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n') {
				i = lineEnd(src, i) - 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, errors.New("a bracket is never closed")
}
