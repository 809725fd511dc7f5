package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
)

// check validates the site in src without writing anything.
func check(src fs.FS, strict bool, format string, today time.Time, drafts bool, stdout, stderr io.Writer) int {
	res, err := builder.Build(src, discard{}, builder.Options{Today: today, Drafts: drafts})
	var errs content.ErrorList
	if err != nil && !errors.As(err, &errs) {
		fmt.Fprintf(stderr, "playbook check: %v\n", err)
		return exitContent
	}
	var warnings content.ErrorList
	if res != nil {
		warnings = res.Warnings
	}
	if format == "json" {
		type item struct {
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Col     int    `json:"col"`
			Message string `json:"message"`
		}
		conv := func(l content.ErrorList) []item {
			out := []item{}
			for _, e := range l {
				out = append(out, item{e.Path, e.Pos.Line, e.Pos.Col, e.Msg})
			}
			return out
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Errors   []item `json:"errors"`
			Warnings []item `json:"warnings"`
		}{conv(errs), conv(warnings)})
	} else {
		for _, e := range errs {
			fmt.Fprintln(stderr, e.Error())
		}
		printWarnings(stderr, warnings)
		fmt.Fprintf(stdout, "%d error%s, %d warning%s\n", len(errs), plural(len(errs)), len(warnings), plural(len(warnings)))
	}
	if len(errs) > 0 || (strict && len(warnings) > 0) {
		return exitContent
	}
	return exitOK
}

// discard is an Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
