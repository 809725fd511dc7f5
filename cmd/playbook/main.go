// Command playbook builds a static playbook site from Markdown briefs.
//
// Usage:
//
//	playbook build [--source DIR] [--dest DIR] [--drafts] [--base-url URL] [--no-minify] [--metrics] [--verbose] [--today DATE]
//	playbook serve [--watch] [--poll] [--source DIR] [--bind ADDR] [--port N] [--drafts] [--today DATE]
//	playbook check [--source DIR] [--strict] [--format text|json] [--today DATE] [--drafts]
//	playbook new site DIR
//	playbook new brief "Title" [--source DIR]
//	playbook kpi record FILE KPI VALUE [--date YYYY-MM-DD] [--source DIR]
//	playbook kpi import FILE.csv [--date YYYY-MM-DD] [--write] [--source DIR]
//	playbook version
//
// Exit status: 0 success, 1 content errors (or warnings under --strict),
// 2 usage errors. See the builder package for the reference.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/content"
	"github.com/playbook-dev/playbook/builder/health"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/sitefs"
	"github.com/playbook-dev/playbook/starter"
)

const usage = `playbook turns a folder of Markdown briefs into a static playbook site.

Usage:
  playbook build [--source DIR] [--dest DIR] [--drafts] [--base-url URL] [--no-minify] [--metrics] [--verbose] [--today DATE]
  playbook serve [--watch] [--poll] [--source DIR] [--bind ADDR] [--port N] [--drafts] [--today DATE]
  playbook check [--source DIR] [--strict] [--format text|json] [--today DATE] [--drafts]
  playbook new site DIR
  playbook new brief "Title" [--source DIR]
  playbook kpi record FILE KPI VALUE [--date YYYY-MM-DD] [--source DIR]
  playbook kpi import FILE.csv [--date YYYY-MM-DD] [--write] [--source DIR]
  playbook version

Run "playbook COMMAND -h" for a command's flags.
`

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "kpi":
		return runKPI(args, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "playbook %s\n", version())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "playbook: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "v0.1.0-dev"
}

// newFlags returns a flag set that reports errors to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("playbook "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagExit is the exit status after a flag error: 0 for -h.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// today parses --today, falling back to $PLAYBOOK_TODAY, then now.
func today(flagValue string) (time.Time, error) {
	v := flagValue
	if v == "" {
		v = os.Getenv("PLAYBOOK_TODAY")
	}
	if v == "" {
		return time.Now(), nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, fmt.Errorf("--today %q: write the date as YYYY-MM-DD", v)
	}
	return t, nil
}

// printErrors prints every error of err, one per line.
func printErrors(stderr io.Writer, err error) {
	list := content.Flatten(err)
	if len(list) == 1 && list[0].Path == "" {
		fmt.Fprintf(stderr, "playbook: %v\n", list[0].Msg)
		return
	}
	for _, e := range list {
		fmt.Fprintln(stderr, e.Error())
	}
	fmt.Fprintf(stderr, "%d error%s: nothing was written\n", len(list), plural(len(list)))
}

// shownWarnings is how many warnings a build prints without --verbose.
const shownWarnings = 20

// printWarnings prints the warnings of a build: all of them with verbose,
// else the first few and a count for each rule of the rest, so that a
// large site's build does not print thousands of lines.
func printWarnings(stderr io.Writer, ws content.ErrorList, verbose bool) {
	for i, w := range ws {
		if i == shownWarnings && !verbose {
			break
		}
		fmt.Fprintf(stderr, "warning: %s\n", w.Error())
	}
	if verbose || len(ws) <= shownWarnings {
		return
	}
	counts := map[string]int{}
	for _, w := range ws[shownWarnings:] {
		counts[ruleOf(w.Msg)]++
	}
	rules := slices.Sorted(maps.Keys(counts))
	slices.SortStableFunc(rules, func(a, b string) int { return counts[b] - counts[a] })
	var parts []string
	for _, r := range rules {
		parts = append(parts, fmt.Sprintf("%d %s", counts[r], r))
	}
	n := len(ws) - shownWarnings
	fmt.Fprintf(stderr, "warning: and %d more warning%s: %s; playbook check lists them all (or build --verbose)\n", n, plural(n), strings.Join(parts, ", "))
}

// ruleOf is the health rule a warning's message starts with, or "other".
func ruleOf(msg string) string {
	if r, _, ok := strings.Cut(msg, ": "); ok {
		if _, known := health.RuleByName(r); known {
			return r
		}
	}
	return "other"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	source := fs.String("source", ".", "the site's folder, holding content/")
	dest := fs.String("dest", "public", "where to write the site")
	drafts := fs.Bool("drafts", false, "include drafts")
	baseURL := fs.String("base-url", "", "the site's absolute URL, overriding base_url")
	noMinify := fs.Bool("no-minify", false, "write HTML, CSS, JS and data unminified")
	metrics := fs.Bool("metrics", false, "print the time and memory per stage and the time per layout")
	verbose := fs.Bool("verbose", false, "print every warning, not the first 20 and a count per rule")
	todayFlag := fs.String("today", "", "the date date-dependent rules use (YYYY-MM-DD; default $PLAYBOOK_TODAY or today)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "playbook build: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	day, err := today(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "playbook build: %v\n", err)
		return exitUsage
	}
	if err := output.CheckDest(*source, *dest); err != nil {
		fmt.Fprintf(stderr, "playbook build: %v\n", err)
		return exitUsage
	}
	root, err := openSource(*source)
	if err != nil {
		fmt.Fprintf(stderr, "playbook build: %v\n", err)
		return exitContent
	}
	defer root.Close()
	out, err := output.OpenDir(*dest, func() {
		fmt.Fprintf(stderr, "Another build into %s is running: waiting for it to finish.\n", *dest)
	})
	if err != nil {
		fmt.Fprintf(stderr, "playbook build: %v\n", err)
		return exitContent
	}
	restore := limitMemory()
	src := sitefs.Open(root)
	res, err := builder.Build(src, out, builder.Options{
		Drafts: *drafts, BaseURL: *baseURL, NoMinify: *noMinify, Today: day,
		HTMLTemplateOnly: os.Getenv("PLAYBOOK_TMPLEXEC") == "off",
		Stream:           true, // a failed build is aborted below
	})
	src.Close()
	restore()
	if err != nil {
		out.Abort()
		printErrors(stderr, err)
		return exitContent
	}
	if err := out.Commit(); err != nil {
		fmt.Fprintf(stderr, "playbook build: %v\n", err)
		return exitContent
	}
	printWarnings(stderr, res.Warnings, *verbose)
	if res.Site.BaseURL == "" {
		fmt.Fprintln(stderr, "note: no base URL: sitemap.xml, feed.xml and canonical links are root-relative; set base_url in content/_index.md or pass --base-url to make them absolute")
	}
	if *metrics {
		res.Metrics.WriteTo(stdout)
	}
	fmt.Fprintf(stdout, "Built %d pages (%d files) in %s into %s\n", res.Pages, res.Files, res.Duration.Round(time.Millisecond), *dest)
	return exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	source := fs.String("source", ".", "the site's folder, holding content/")
	strict := fs.Bool("strict", false, "exit 1 on any warning")
	format := fs.String("format", "text", "output format: text or json")
	todayFlag := fs.String("today", "", "the date date-dependent rules use (YYYY-MM-DD; default $PLAYBOOK_TODAY or today)")
	drafts := fs.Bool("drafts", false, "check drafts too")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "playbook check: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "playbook check: --format %q: use text or json\n", *format)
		return exitUsage
	}
	day, err := today(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "playbook check: %v\n", err)
		return exitUsage
	}
	root, err := openSource(*source)
	if err != nil {
		if *format == "json" {
			// One valid document, whatever happens.
			(&builder.CheckReport{Today: day.Format("2006-01-02"), Errors: content.Flatten(err)}).WriteJSON(stdout)
		}
		fmt.Fprintf(stderr, "playbook check: %v\n", err)
		return exitContent
	}
	defer root.Close()
	src := sitefs.Open(root)
	defer src.Close()
	return check(src, *strict, *format, day, *drafts, stdout, stderr)
}

// openSource opens the site's folder. Everything a build reads goes
// through the returned root, which never opens a file outside it, however
// a symbolic link inside points: a pull request cannot publish the build
// machine's files by adding a link to them.
func openSource(dir string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("--source %s: no such folder: pass the folder that holds the site's content/", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("--source %s: %w", dir, err)
	}
	return root, nil
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	source := fs.String("source", ".", "the site's folder, holding content/")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) == 2 && pos[0] == "site" {
		day, err := today("")
		if err != nil {
			fmt.Fprintf(stderr, "playbook new: %v\n", err)
			return exitUsage
		}
		return newSite(pos[1], day, stdout, stderr)
	}
	if len(pos) != 2 || pos[0] != "brief" {
		fmt.Fprintln(stderr, "usage: playbook new site DIR\n       playbook new brief \"Title\" [--source DIR]")
		return exitUsage
	}
	p, err := starter.CreateBrief(*source, pos[1], time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "playbook new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Wrote %s: fill in its front matter, then run playbook serve --watch to see it.\n", p)
	return exitOK
}

// newSite starts a playbook of one's own in dir.
func newSite(dir string, day time.Time, stdout, stderr io.Writer) int {
	if _, err := starter.CreateSite(dir, day); err != nil {
		fmt.Fprintf(stderr, "playbook new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, `Started a playbook in %[1]s: the site settings (content/_index.md), an
example brief, a guide to writing briefs, netlify.toml and .gitignore.
Next:
  cd %[1]s
  playbook serve --watch           preview it at http://127.0.0.1:1313
  playbook new brief "Your project" write your first brief
  playbook check --strict          see what a brief still lacks
  git init && git add . && git commit -m "Our playbook"
                                   then connect the repository to Netlify
`, dir)
	return exitOK
}
