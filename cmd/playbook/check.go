package main

import (
	"io"
	"io/fs"
	"time"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
)

// check validates and scores the site in src without writing anything.
func check(src fs.FS, strict bool, format string, today time.Time, drafts bool, stdout, stderr io.Writer) int {
	r, err := builder.Check(src, builder.Options{Today: today, Drafts: drafts})
	if err != nil {
		if format == "json" {
			// One valid document, whatever happens.
			(&builder.CheckReport{Today: today.Format("2006-01-02"), Errors: content.Flatten(err)}).WriteJSON(stdout)
		}
		printErrors(stderr, err)
		return exitContent
	}
	if format == "json" {
		if err := r.WriteJSON(stdout); err != nil {
			printErrors(stderr, err)
			return exitContent
		}
	} else {
		r.WriteText(stdout, stderr)
	}
	if len(r.Errors) > 0 || (strict && r.WarningCount() > 0) {
		return exitContent
	}
	return exitOK
}
