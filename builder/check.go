package builder

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
)

// CheckReport is the outcome of `playbook check`: every error and warning of
// a site, and the health of each brief.
type CheckReport struct {
	Today    string
	Errors   content.ErrorList // the build fails on these
	Warnings content.ErrorList // problems outside briefs' health, like a skipped file
	Briefs   []*health.Report
}

// Check validates and scores the site in src, writing nothing. Its error is
// non-nil only when the site cannot be read at all; content errors are in
// the report.
func Check(src fs.FS, opts Options) (*CheckReport, error) {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	res, err := Build(src, discard{}, opts)
	r := &CheckReport{Today: opts.Today.Format("2006-01-02")}
	if err != nil && !errors.As(err, &r.Errors) {
		return nil, err
	}
	if res != nil {
		r.Briefs = res.Health
		if res.Site != nil {
			r.Warnings = res.Site.Warnings
		}
	}
	if len(r.Errors) > 0 && res != nil && res.Site != nil {
		// The build stopped at the errors: score every brief that has
		// none, so that one broken file does not hide the others.
		broken := map[string]bool{}
		for _, e := range r.Errors {
			broken[e.Path] = true
		}
		today := time.Date(opts.Today.Year(), opts.Today.Month(), opts.Today.Day(), 0, 0, 0, 0, time.UTC)
		r.Briefs = nil
		for _, p := range res.Site.Briefs {
			if !broken[p.Source] {
				r.Briefs = append(r.Briefs, health.Check(p, today))
			}
		}
	}
	return r, nil
}

// discard is an output.Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// WarningCount is the number of warnings that are not waived.
func (r *CheckReport) WarningCount() int {
	n := len(r.Warnings)
	for _, b := range r.Briefs {
		n += len(b.Active())
	}
	return n
}

// WriteText prints the report for people: every error and warning to
// findings, one per line as `playbook build` prints them
// ("path:line:col: message", warnings after "warning: "), so that editors
// and CI annotations read both alike; then to w the elements each brief
// meets and a summary.
func (r *CheckReport) WriteText(w, findings io.Writer) {
	type line struct {
		path string
		pos  content.Pos
		text string
	}
	var lines []line
	for _, e := range r.Errors {
		lines = append(lines, line{e.Path, e.Pos, e.Error()})
	}
	for _, e := range r.Warnings {
		lines = append(lines, line{e.Path, e.Pos, "warning: " + e.Error()})
	}
	for _, b := range r.Briefs {
		for _, x := range b.Warnings {
			if x.Waived {
				lines = append(lines, line{x.Path, x.Pos, "note: " + x.String() + " (waived)"})
			} else {
				lines = append(lines, line{x.Path, x.Pos, "warning: " + x.String()})
			}
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int { return content.ComparePlaces(a.path, a.pos, b.path, b.pos) })
	for _, l := range lines {
		fmt.Fprintln(findings, l.text)
	}
	healthy := 0
	if len(r.Briefs) > 0 {
		fmt.Fprintln(w, "Vital elements per brief (goals, roles, cross-functional):")
	}
	mark := map[health.Status]string{health.Met: "met", health.NotMet: "NOT MET", health.Waived: "waived"}
	for _, b := range r.Briefs {
		if b.Healthy() {
			healthy++
		}
		fmt.Fprintf(w, "  %-40s goals %-7s  roles %-7s  cross %s\n", b.Page.Source, mark[b.Status[health.Goals]], mark[b.Status[health.Roles]], mark[b.Status[health.Cross]])
	}
	fmt.Fprintf(w, "%d brief%s checked, %d meet%s all three vital elements; %d error%s, %d warning%s.\n",
		len(r.Briefs), plural(len(r.Briefs)), healthy, map[bool]string{true: "s", false: ""}[healthy == 1],
		len(r.Errors), plural(len(r.Errors)), r.WarningCount(), plural(r.WarningCount()))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// The JSON shape of `playbook check --format json`; README.md ("JSON
// output") describes it.
type (
	jsonCheck struct {
		Version  int            `json:"version"`
		Today    string         `json:"today"`
		Summary  jsonSummary    `json:"summary"`
		Errors   []jsonFinding  `json:"errors"`
		Warnings []jsonFinding  `json:"warnings"`
		Briefs   []jsonHealth   `json:"briefs"`
		Rules    []jsonRuleDocs `json:"rules"`
	}
	jsonSummary struct {
		Briefs   int `json:"briefs"`
		Healthy  int `json:"healthy"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Waived   int `json:"waived"`
	}
	jsonFinding struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Col     int    `json:"col"`
		Rule    string `json:"rule,omitempty"`
		Message string `json:"message"`
		Waived  bool   `json:"waived,omitempty"`
	}
	jsonHealth struct {
		Path     string            `json:"path"`
		URL      string            `json:"url"`
		Title    string            `json:"title"`
		Elements map[string]string `json:"elements"`
		Warnings []jsonFinding     `json:"warnings"`
	}
	jsonRuleDocs struct {
		Name    string `json:"name"`
		Element string `json:"element"`
		Checks  string `json:"checks"`
	}
)

// WriteJSON prints the report as one JSON document.
func (r *CheckReport) WriteJSON(w io.Writer) error {
	out := jsonCheck{Version: 1, Today: r.Today, Errors: []jsonFinding{}, Warnings: []jsonFinding{}, Briefs: []jsonHealth{}}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonFinding{Path: e.Path, Line: e.Pos.Line, Col: e.Pos.Col, Message: e.Msg})
	}
	for _, e := range r.Warnings {
		out.Warnings = append(out.Warnings, jsonFinding{Path: e.Path, Line: e.Pos.Line, Col: e.Pos.Col, Message: e.Msg})
	}
	for _, b := range r.Briefs {
		h := jsonHealth{Path: b.Page.Source, URL: b.Page.URL, Title: b.Page.Title, Elements: map[string]string{}, Warnings: []jsonFinding{}}
		for _, e := range health.Elements {
			h.Elements[string(e)] = string(b.Status[e])
		}
		for _, x := range b.Warnings {
			h.Warnings = append(h.Warnings, jsonFinding{Path: x.Path, Line: x.Pos.Line, Col: x.Pos.Col, Rule: x.Rule, Message: x.Message, Waived: x.Waived})
			if x.Waived {
				out.Summary.Waived++
			}
		}
		if b.Healthy() {
			out.Summary.Healthy++
		}
		out.Briefs = append(out.Briefs, h)
	}
	for _, rule := range health.Rules {
		out.Rules = append(out.Rules, jsonRuleDocs{Name: rule.Name, Element: string(rule.Element), Checks: rule.Doc})
	}
	out.Summary.Briefs = len(r.Briefs)
	out.Summary.Errors = len(r.Errors)
	out.Summary.Warnings = r.WarningCount()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
