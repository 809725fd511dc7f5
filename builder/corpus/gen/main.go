// Command gen writes a generated playbook site to a folder, for trying
// playbook build or serve (or another static-site generator) on a large,
// realistic site:
//
//	go run ./builder/corpus/gen -n 1000 -o /tmp/corpus1k
//	playbook build --source /tmp/corpus1k --dest /tmp/out1k
//
// The site holds content/ with n briefs (see package corpus for its shape);
// the same -n and -seed always give the same files. Build it with
// --today 2026-11-25, the day its dates are relative to, to see the few
// health findings it is meant to have. gen refuses to write into a folder
// that is not empty.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/playbook-dev/playbook/builder/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of briefs")
	out := flag.String("o", "", "folder to write the site to: new or empty (required)")
	seed := flag.Int64("seed", 1, "seed of the generator")
	hugo := flag.Bool("hugo", false, "also write a Hugo configuration and theme that render the same pages")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gen [-n BRIEFS] [-seed N] [-hugo] -o DIR\n\nWrites a generated playbook site with BRIEFS briefs to DIR.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if *hugo {
		if err := writeHugo(*out); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
	}
	fmt.Printf("wrote %d briefs to %s (dates relative to %s)\n", *n, *out, corpus.Reference.Format("2006-01-02"))
}
