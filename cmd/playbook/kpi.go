package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/kpi"
)

const kpiUsage = `usage:
  playbook kpi record FILE KPI VALUE [--date YYYY-MM-DD] [--source DIR] [--today DATE]
  playbook kpi import FILE.csv [--date YYYY-MM-DD] [--write] [--source DIR] [--today DATE]
`

func runKPI(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, kpiUsage)
		return exitUsage
	}
	switch args[0] {
	case "record":
		return runRecord(args[1:], stdout, stderr)
	case "import":
		return runImport(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, kpiUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "playbook kpi: unknown command %q\n%s", args[0], kpiUsage)
	return exitUsage
}

// measureDay parses --date, falling back to --today, $PLAYBOOK_TODAY, then
// today.
func measureDay(dateFlag, todayFlag string) (time.Time, error) {
	if _, err := today(todayFlag); err != nil {
		return time.Time{}, err
	}
	if dateFlag != "" {
		t, err := time.Parse("2006-01-02", dateFlag)
		if err != nil {
			return time.Time{}, fmt.Errorf("--date %q: write the date as YYYY-MM-DD", dateFlag)
		}
		return t, nil
	}
	t, err := today(todayFlag)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

func runRecord(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("kpi record", stderr)
	source := fl.String("source", ".", "the site's folder, holding content/")
	date := fl.String("date", "", "the date of the measurement (YYYY-MM-DD; default today)")
	todayFlag := fl.String("today", "", "the date taken as today (YYYY-MM-DD; default $PLAYBOOK_TODAY or today)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 3 {
		fmt.Fprint(stderr, kpiUsage)
		return exitUsage
	}
	day, err := measureDay(*date, *todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "playbook kpi record: %v\n", err)
		return exitUsage
	}
	name, id := briefName(*source, pos[0]), pos[1]
	root, err := openSource(*source)
	if err != nil {
		fmt.Fprintf(stderr, "playbook kpi record: %v\n", err)
		return exitContent
	}
	defer root.Close()
	src, mode, err := kpi.ReadBrief(root, name)
	if err != nil {
		printErrors(stderr, err)
		return exitContent
	}
	k, err := kpi.Find(name, src, id)
	if err != nil {
		printErrors(stderr, err)
		return exitContent
	}
	value, err := kpi.ParseValue(pos[2])
	if err != nil {
		printErrors(stderr, &content.Error{Path: name, Pos: k.Pos, Msg: fmt.Sprintf("%v, the value given for %s", err, id)})
		return exitContent
	}
	res, err := kpi.Record(name, src, id, kpi.Measurement{Date: day, Value: value})
	if err != nil {
		printErrors(stderr, err)
		return exitContent
	}
	if res.Same {
		fmt.Fprintf(stdout, "%s: %s already holds %s on %s; nothing to change.\n", name, id, pos[2], day.Format("2006-01-02"))
		return exitOK
	}
	if err := kpi.WriteBrief(root, name, res.Data, mode); err != nil {
		fmt.Fprintf(stderr, "playbook kpi record: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "%s: %s\n", name, describe(id, day, value, res))
	return exitOK
}

// describe says what recording one measurement did.
func describe(id string, day time.Time, value float64, res *kpi.Result) string {
	v := kpi.FormatValue(value)
	s := fmt.Sprintf("recorded %s = %s on %s", id, v, day.Format("2006-01-02"))
	if res.Replaced {
		s = fmt.Sprintf("replaced %s's measurement of %s, %s, with %s", id, day.Format("2006-01-02"), kpi.FormatValue(res.Old), v)
	}
	if res.Current {
		s += "; current is " + v + " too"
	}
	return s
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("kpi import", stderr)
	source := fl.String("source", ".", "the site's folder, holding content/")
	date := fl.String("date", "", "the date of rows without one (YYYY-MM-DD; default today)")
	write := fl.Bool("write", false, "record the measurements (without it, only say what would be recorded)")
	todayFlag := fl.String("today", "", "the date taken as today (YYYY-MM-DD; default $PLAYBOOK_TODAY or today)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, kpiUsage)
		return exitUsage
	}
	day, err := measureDay(*date, *todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "playbook kpi import: %v\n", err)
		return exitUsage
	}
	csvName := pos[0]
	data, err := os.ReadFile(csvName)
	if err != nil {
		fmt.Fprintf(stderr, "playbook kpi import: %v\n", err)
		return exitContent
	}
	root, err := openSource(*source)
	if err != nil {
		fmt.Fprintf(stderr, "playbook kpi import: %v\n", err)
		return exitContent
	}
	defer root.Close()
	site, err := content.Load(root.FS(), content.Options{Drafts: true})
	if site == nil {
		printErrors(stderr, err)
		return exitContent
	}
	rows, err := kpi.ReadCSV(filepath.ToSlash(csvName), bytes.NewReader(data), site, day)
	// The good rows are recorded in memory too, for the errors they meet:
	// every error is reported at once, and then nothing is written.
	errs := content.Flatten(err)
	if len(rows) == 0 && len(errs) == 0 {
		fmt.Fprintf(stdout, "%s: every value is as the briefs have it; nothing to record.\n", csvName)
		return exitOK
	}
	// Every brief's edits are made in memory first: any error, and none is
	// written.
	type file struct {
		name  string
		data  []byte
		mode  fs.FileMode
		lines []string
	}
	var files []*file
	byName := map[string]*file{}
	for _, r := range rows {
		f := byName[r.Brief.Source]
		if f == nil {
			src, mode, err := kpi.ReadBrief(root, r.Brief.Source)
			if err != nil {
				errs = append(errs, content.Flatten(err)...)
				continue
			}
			f = &file{name: r.Brief.Source, data: src, mode: mode}
			byName[f.name] = f
			files = append(files, f)
		}
		res, err := kpi.Record(f.name, f.data, r.KPI.ID, r.Measurement)
		if err != nil {
			for _, e := range content.Flatten(err) {
				errs.Add(filepath.ToSlash(csvName), content.Pos{Line: r.Line, Col: 1}, "%s", e.Error())
			}
			continue
		}
		if !res.Same {
			f.data = res.Data
			f.lines = append(f.lines, describe(r.KPI.ID, r.Date, r.Value, res))
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		printErrors(stderr, errs)
		return exitContent
	}
	files = slices.DeleteFunc(files, func(f *file) bool { return len(f.lines) == 0 })
	slices.SortFunc(files, func(a, b *file) int { return strings.Compare(a.name, b.name) })
	n := 0
	for _, f := range files {
		fmt.Fprintln(stdout, f.name)
		for _, l := range f.lines {
			fmt.Fprintf(stdout, "  %s\n", l)
		}
		n += len(f.lines)
	}
	if !*write {
		fmt.Fprintf(stdout, "Would record %d measurement%s in %d brief%s; run again with --write to record them.\n", n, plural(n), len(files), plural(len(files)))
		return exitOK
	}
	for _, f := range files {
		if err := kpi.WriteBrief(root, f.name, f.data, f.mode); err != nil {
			fmt.Fprintf(stderr, "playbook kpi import: %v\n", err)
			return exitContent
		}
	}
	fmt.Fprintf(stdout, "Recorded %d measurement%s in %d brief%s.\n", n, plural(n), len(files), plural(len(files)))
	return exitOK
}

// briefName is the name of the brief at p as check prints it, relative to
// the site's folder: "./content/a.md" and an absolute path inside the
// folder name content/a.md.
func briefName(source, p string) string {
	if filepath.IsAbs(p) {
		if abs, err := filepath.Abs(source); err == nil {
			if rel, err := filepath.Rel(abs, p); err == nil && filepath.IsLocal(rel) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}
