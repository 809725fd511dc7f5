package kpi

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// A Row is one measurement to record, read from a line of a CSV file.
type Row struct {
	Brief *content.Page
	KPI   *content.KPI
	Measurement
	Line int // the line of the CSV file it was read from
}

// ReadCSV reads the measurements of a CSV file called name: the columns
// of the published kpis.csv (source or brief_url, kpi_id, current; a
// brief is matched by its source path where the file has that column),
// or a plain brief,kpi,date,value file, where brief is a brief's source
// path or URL. Rows with no value, and rows whose value is the KPI's
// latest already, are left out. A row without a date takes day. Every bad
// row is an error at its line and column, as is a second value for one
// KPI on one date; the good rows are returned with the errors of the bad
// ones, so that the caller can look for more before it writes anything.
func ReadCSV(name string, r io.Reader, site *content.Site, day time.Time) ([]Row, error) {
	// A spreadsheet set to a language that writes decimal commas saves
	// CSV with semicolons: a first line with semicolons and no comma says so.
	br := bufio.NewReader(r)
	first, _ := br.Peek(4096)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	if bytes.Contains(first, []byte(";")) && !bytes.Contains(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: "the file is empty: it needs a header row, like brief,kpi,date,value"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	pick := func(names ...string) int {
		for _, n := range names {
			if i, ok := col[n]; ok {
				return i
			}
		}
		return -1
	}
	briefCol := pick("source", "brief_url", "brief")
	kpiCol := pick("kpi_id")
	if kpiCol < 0 {
		kpiCol = pick("kpi") // in a plain file, the KPI's id
	}
	valueCol := pick("value", "current")
	dateCol := pick("date")
	var missing []string
	for what, i := range map[string]int{"brief (or source)": briefCol, "kpi (or kpi_id)": kpiCol, "value (or current)": valueCol} {
		if i < 0 {
			missing = append(missing, what)
		}
	}
	if len(missing) > 0 {
		return nil, &content.Error{Path: name, Pos: content.Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf(
			"the header row lacks the column %s: use the columns of the published kpis.csv, or brief,kpi,date,value", strings.Join(missing, " and "))}
	}

	bySource := map[string]*content.Page{}
	byURL := map[string]*content.Page{}
	for _, p := range site.Briefs {
		bySource[p.Source] = p
		byURL[p.URL] = p
	}
	var errs content.ErrorList
	var rows []Row
	seen := map[seenKey]seenRow{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			if _, ok := err.(*csv.ParseError); ok {
				continue // the next line may be read
			}
			break
		}
		line, _ := cr.FieldPos(0)
		at := func(i int) content.Pos {
			l, c := cr.FieldPos(min(i, len(rec)-1))
			return content.Pos{Line: l, Col: c}
		}
		cell := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if strings.Join(rec, "") == "" {
			continue // a blank line
		}
		v := cell(valueCol)
		if v == "" {
			continue // no measurement in this row
		}
		b := cell(briefCol)
		page := bySource[b]
		if page == nil {
			page = byURL[urlPath(b)]
		}
		if page == nil {
			errs.Add(name, at(briefCol), "no brief is at %q: name it by its source path (content/….md) or its URL", b)
			continue
		}
		id := cell(kpiCol)
		var k *content.KPI
		var ids []string
		for _, x := range page.Brief.KPIs {
			ids = append(ids, x.ID)
			if x.ID == id {
				k = x
			}
		}
		if k == nil {
			errs.Add(name, at(kpiCol), "%s has no KPI with the id %q; its KPIs are %s", page.Source, id, strings.Join(ids, ", "))
			continue
		}
		value, err := ParseValue(v)
		if err != nil {
			errs.Add(name, at(valueCol), "%v", err)
			continue
		}
		date, dated := day, false
		if d := cell(dateCol); d != "" {
			if date, err = time.Parse("2006-01-02", d); err != nil {
				errs.Add(name, at(dateCol), "%q is not a date: write it YYYY-MM-DD, like 2026-03-02", d)
				continue
			}
			dated = true
		}
		key := seenKey{page, k.ID, date}
		if first, ok := seen[key]; ok {
			if first.value != value {
				errs.Add(name, at(valueCol), "line %d gives %s of %s another value on %s (%s, here %s): keep one of the two", first.line, k.ID, page.Source, date.Format("2006-01-02"), FormatValue(first.value), FormatValue(value))
			}
			continue
		}
		seen[key] = seenRow{line, value}
		if holds(k, date, value) {
			continue // recorded already
		}
		if latest, ok := k.Latest(); ok && latest == value && !dated && !hasDate(k, date) {
			continue // the current column as it was
		}
		rows = append(rows, Row{Brief: page, KPI: k, Measurement: Measurement{date, value}, Line: line})
	}
	errs.Sort()
	return rows, errs.Err()
}

type seenKey struct {
	page *content.Page
	kpi  string
	date time.Time
}

type seenRow struct {
	line  int
	value float64
}

// holds reports whether the history of k has value on date.
func holds(k *content.KPI, date time.Time, value float64) bool {
	for _, h := range k.History {
		if h.Date.Equal(date) && h.Value == value {
			return true
		}
	}
	return false
}

// hasDate reports whether the history of k has a measurement on date.
func hasDate(k *content.KPI, date time.Time) bool {
	for _, h := range k.History {
		if h.Date.Equal(date) {
			return true
		}
	}
	return false
}

// urlPath is the path of a brief's URL, absolute or not, as Page.URL
// holds it.
func urlPath(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	p := u.EscapedPath()
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

func csvError(name string, err error) *content.Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &content.Error{Path: name, Pos: content.Pos{Line: pe.Line, Col: pe.Column}, Msg: pe.Err.Error()}
	}
	return &content.Error{Path: name, Msg: err.Error()}
}
