package kpi

import (
	"errors"
	"regexp"
	"strings"
)

var (
	tomlHeader = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_."-]+)\s*\]\]?\s*(#.*)?$`)
	tomlKey    = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*`)
	tomlDate   = regexp.MustCompile(`\bdate\s*=\s*"?(\d{4}-\d{2}-\d{2})`)
	tomlValue  = regexp.MustCompile(`\bvalue\s*=\s*([-+]?[0-9][0-9_.eE+-]*)`)
	tomlNumber = regexp.MustCompile(`^[-+]?[0-9][0-9_.eE+-]*`)
	// A history entry's date written as a string, which new ones follow.
	tomlQuotedDate = regexp.MustCompile(`\bdate\s*=\s*"`)
)

// tomlLine is one line of TOML front matter.
type tomlLine struct {
	start, end int    // its offsets, end before the newline
	header     string // the table it opens ("kpis", "kpis.history"), if a header
	key        string // the key it sets, if a key line
	value      int    // where the key's value starts
}

// planTOML plans the edits of p in TOML front matter: KPIs written as
// [[kpis]] tables, their history as an inline list or as [[kpis.history]]
// tables.
func planTOML(src []byte, id string, p plan) ([]edit, error) {
	lines, err := tomlLines(src)
	if err != nil {
		return nil, err
	}
	// The KPI's own lines, and the history tables that follow them.
	from, to := -1, -1
	for i := 0; i < len(lines); i++ {
		if lines[i].header != "kpis" {
			continue
		}
		j := i + 1
		for j < len(lines) && (lines[j].header == "" || lines[j].header == "kpis.history") {
			j++
		}
		for _, l := range lines[i+1 : j] {
			if l.header != "" {
				break
			}
			if l.key == "id" && strings.Trim(strings.TrimSpace(stripComment(string(src[l.value:l.end]))), `"'`) == id {
				from, to = i, j
			}
		}
	}
	if from < 0 {
		return nil, errors.New("the KPI is not a [[kpis]] table")
	}
	own := from + 1
	for own < to && lines[own].header == "" {
		own++
	}
	var edits []edit
	var history *tomlLine
	lastKey := from
	for i := from + 1; i < own; i++ {
		l := &lines[i]
		if l.key != "" {
			lastKey = i
		}
		switch l.key {
		case "current":
			if p.current {
				n := tomlNumber.Find(src[l.value:l.end])
				if n == nil {
					return nil, errors.New("current is not a number")
				}
				edits = append(edits, edit{l.value, l.value + len(n), p.valueText()})
			}
		case "history":
			history = l
		}
	}
	if tomlQuotedDate.Match(src[lines[from].start:lines[min(to, len(lines)-1)].end]) {
		p.quote = `"`
	}
	entry := "{date = " + p.dateText() + ", value = " + p.valueText() + "}"
	switch {
	case history != nil:
		e, err := tomlInline(src, history.value, p, entry)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	case own < to:
		// [[kpis.history]] tables, one an entry.
		var tables []int // the header line of each
		for i := own; i < to; i++ {
			if lines[i].header == "kpis.history" {
				tables = append(tables, i)
			}
		}
		e, err := tomlTables(src, lines, tables, to, p)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	default:
		at := lines[lastKey].end
		edits = append(edits, edit{at, at, p.eol + "history = [" + entry + "]"})
	}
	return edits, nil
}

// tomlLines splits the TOML front matter of src into lines.
func tomlLines(src []byte) ([]tomlLine, error) {
	starts := lineStarts(src)
	var lines []tomlLine
	open := false
	for _, s := range starts {
		e := lineEnd(src, s)
		text := strings.TrimRight(string(src[s:e]), "\r\n")
		t := strings.TrimSpace(text)
		if !open {
			if t == "" {
				continue
			}
			if t != "+++" {
				return nil, errors.New("no TOML front matter")
			}
			open = true
			continue
		}
		if t == "+++" {
			return lines, nil
		}
		l := tomlLine{start: s, end: s + len(text)}
		if m := tomlHeader.FindStringSubmatch(text); m != nil && strings.HasPrefix(t, "[") {
			l.header = strings.ReplaceAll(m[1], " ", "")
		} else if m := tomlKey.FindStringSubmatchIndex(text); m != nil {
			l.key = text[m[2]:m[3]]
			l.value = s + m[1]
		}
		lines = append(lines, l)
	}
	return nil, errors.New("the front matter is never closed")
}

func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

// tomlInline inserts into, or replaces in, the inline list of history
// entries that starts at offset at: [{date = …, value = …}, …].
func tomlInline(src []byte, at int, p plan, entry string) (edit, error) {
	if at >= len(src) || src[at] != '[' {
		return edit{}, errors.New("history is not a list")
	}
	end, err := matching(src, at, true)
	if err != nil {
		return edit{}, err
	}
	// The entries: each inline table's span.
	type span struct{ start, end int }
	var items []span
	for i := at + 1; i < end-1; i++ {
		switch src[i] {
		case '{':
			e, err := matching(src, i, true)
			if err != nil {
				return edit{}, err
			}
			items = append(items, span{i, e})
			i = e - 1
		case '#':
			i = lineEnd(src, i) - 1
		}
	}
	if p.replace >= 0 {
		if p.replace >= len(items) {
			return edit{}, errors.New("the history does not match its entries")
		}
		it := items[p.replace]
		m := tomlValue.FindSubmatchIndex(src[it.start:it.end])
		if m == nil {
			return edit{}, errors.New("an entry has no value")
		}
		return edit{it.start + m[2], it.start + m[3], p.valueText()}, nil
	}
	if len(items) == 0 {
		return edit{at + 1, end - 1, entry}, nil
	}
	if it := items[0]; it.end-it.start > 2 && src[it.start+1] == ' ' {
		entry = "{ " + entry[1:len(entry)-1] + " }" // spaced like its neighbours
	}
	gap := func(i int) string { // the space before item i
		prev := at + 1
		if i > 0 {
			prev = items[i-1].end
		}
		g := strings.TrimLeft(string(src[prev:items[i].start]), ",")
		if n := strings.LastIndexByte(g, '\n'); n >= 0 {
			return p.eol + g[n+1:]
		}
		return " "
	}
	if p.at < len(items) {
		s := items[p.at].start
		return edit{s, s, entry + "," + gap(p.at)}, nil
	}
	last := items[len(items)-1]
	return edit{last.end, last.end, "," + gap(len(items)-1) + entry}, nil
}

// tomlTables inserts into, or replaces in, a history written as
// [[kpis.history]] tables, whose header lines are tables; to is the line
// after the KPI's last.
func tomlTables(src []byte, lines []tomlLine, tables []int, to int, p plan) (edit, error) {
	if len(tables) == 0 {
		return edit{}, errors.New("the KPI's tables hold no history")
	}
	// The lines of table i run to the next header.
	body := func(i int) (int, int) {
		end := to
		if i+1 < len(tables) {
			end = tables[i+1]
		}
		return tables[i] + 1, end
	}
	if p.replace >= 0 {
		if p.replace >= len(tables) {
			return edit{}, errors.New("the history does not match its entries")
		}
		a, b := body(p.replace)
		for _, l := range lines[a:b] {
			if l.key == "value" {
				n := tomlNumber.Find(src[l.value:l.end])
				if n == nil {
					return edit{}, errors.New("an entry's value is not a number")
				}
				return edit{l.value, l.value + len(n), p.valueText()}, nil
			}
		}
		return edit{}, errors.New("an entry has no value")
	}
	indent := string(src[lines[tables[0]].start : lines[tables[0]].start+len(src[lines[tables[0]].start:lines[tables[0]].end])-len(strings.TrimLeft(string(src[lines[tables[0]].start:lines[tables[0]].end]), " "))])
	table := indent + "[[kpis.history]]" + p.eol + indent + "date = " + p.dateText() + p.eol + indent + "value = " + p.valueText() + p.eol
	blank := func(l tomlLine) bool { return strings.TrimSpace(string(src[l.start:l.end])) == "" }
	if p.at < len(tables) {
		at := lines[tables[p.at]].start
		if tables[p.at] > 0 && blank(lines[tables[p.at]-1]) {
			table += p.eol // tables set apart by a blank line
		}
		return edit{at, at, table}, nil
	}
	// After the last table's last key line.
	a, b := body(len(tables) - 1)
	last := tables[len(tables)-1]
	for i := a; i < b; i++ {
		if !blank(lines[i]) {
			last = i
		}
	}
	sep := p.eol
	if tables[len(tables)-1] > 0 && blank(lines[tables[len(tables)-1]-1]) {
		sep += p.eol
	}
	at := lines[last].end
	return edit{at, at, sep + strings.TrimSuffix(table, p.eol)}, nil
}
