// Package builder turns a playbook site, a folder of Markdown briefs, into a
// static web site. It is the library behind the playbook command.
//
// This comment describes the package's API and how a build works inside.
// What a site's author writes and what a build produces (folders, URLs,
// front matter, layouts, template data and functions, output files, the
// health rules, the output of playbook check) is documented for them in
// README.md and docs/layouts.md; see "Site authors' reference" below.
//
// # API
//
// [Build] builds the site read from an fs.FS (a folder holding content/
// and, optionally, layouts/ and theme/) into an output.Output, as
// [Options] say, and returns a [Result]: the loaded site, each brief's
// health report, the files and pages written, the warnings and [Metrics]
// (where the time went, as playbook build --metrics prints it). Build
// never touches a path on disk itself, so tests hand it a
// testing/fstest.MapFS and an output.Mem.
//
// [Check] runs the same build into an Output that keeps nothing, so that
// layouts are executed and their errors found too, and returns a
// [CheckReport]; [CheckReport.WriteText] and [CheckReport.WriteJSON] print
// it for playbook check (the JSON document is described in README.md,
// section "JSON output"), and [CheckReport.WarningCount] is what
// playbook check --strict fails on. Check's error is non-nil only when the
// site cannot be read at all; content errors are in the report.
//
// [NewCache] makes the [Cache] that [Options].Cache takes, which carries
// work from one build of a site over to the next (see Incremental builds).
// New briefs and new sites are written by package
// [github.com/playbook-dev/playbook/starter].
//
// [Data] is the dot of every layout; the views of package
// [github.com/playbook-dev/playbook/builder/views] (KPIRow, Person, Term,
// Pager, Attention, Letter, Stats, KPISummary, KPIState) are values
// layouts read through it or get from the template functions;
// docs/layouts.md describes them and the functions for layout authors.
//
// # Data flow
//
// A build runs in four stages, each with packages of its own under
// builder/:
//
//  1. Load. Package content's Load walks content/, splits every Markdown
//     file into front matter and body, decodes the front matter into
//     typed values (content.Page, Brief, Goal, Role, KPI) that keep the
//     line and column of every key, resolves the ids that goals, roles and
//     KPIs use to point at each other and arranges pages into sections.
//     Package markdown converts the bodies in parallel, with one goldmark
//     converter for the whole build, and reports relative links that
//     point nowhere. Package templates reads the layouts once (and what
//     fields they read, from their parse trees); they are parsed:
//     base.html and the partials once, each page layout into a clone of
//     that set. Every problem of
//     every file is collected, not just the first; if there is any, Build
//     returns a content.ErrorList and writes nothing.
//  2. Plan. Package health scores each brief on [Options].Today; the
//     findings it does not waive become warnings of the build. The views
//     across briefs (package views: the rows of /kpis/, the people, the
//     taxonomy terms, what needs attention, the stats) are computed once.
//     Then every file to write is a job: each page (a layout and its
//     [Data]), each data file (package
//     feed makes the sitemap, the Atom feed, playbook.json and kpis.csv;
//     robots.txt and _headers are made here), each file of the search
//     index (package search), the theme assets and the files copied from
//     content/. Two jobs that would write one file are an error before
//     anything is written.
//  3. Render. The jobs run on every core (package internal/par), the data
//     files and the search index first. A page's layout is executed by
//     package internal/tmplexec (see below) into a buffer used again for
//     the next page; the charts of a page are drawn as
//     inline SVG by package charts, and each page's card once per build.
//     With [Options].Cache, a page whose key is unchanged is not rendered
//     at all (see Incremental builds). --metrics' memory per stage comes
//     from package internal/memstat.
//  4. Write. Every file goes through one function, which minifies it by
//     media type with tdewolff/minify's conservative settings (package
//     internal/minifier; unless
//     [Options].NoMinify; pages are written as rendered when the layouts
//     could be minified once instead), warns and writes it as it is when
//     that fails, and hands the bytes to the Output. Theme assets are
//     minified before they are fingerprinted; files copied from content/
//     are written byte for byte.
//
// Package output holds the Output interface and its two implementations:
// output.Mem keeps a site in memory, for the dev server and tests;
// output.Dir writes one beside its destination and puts it in place in
// one step, so a failed or killed build never leaves a half-written site.
// Package sitefs is how the playbook command and the dev server hand a
// site's folder to Build: through an os.Root, opening each folder once a
// build. Package serve is the dev server: it builds into an output.Mem with a
// Cache on every change and serves the last good build. Package kpi edits
// the briefs for playbook kpi record and import.
//
// Errors and warnings are content.Error values, one line each,
// "path:line:col: message", with the path relative to the site's folder.
// [Result].Warnings holds, sorted, the loader's warnings, the health
// findings and any "written unminified" warning; warnings never fail a
// build.
//
// # Output
//
// An Output's WriteFile is called from several goroutines at once and
// keeps nothing of data once it returns, so a build without a [Cache]
// renders pages into buffers it uses again. An output.ChunkWriter is handed
// playbook.json as every brief's part of it, not joined into one more copy;
// an output.Keeper (output.Mem) keeps the bytes the build gives up as they
// are, so the dev server's site shares the pages its Cache keeps.
//
// Unless it streams, Build finds every error of the content, the links and
// the layouts' syntax before it writes anything. A layout that fails as it
// executes, a file of content/ that cannot be read, or a failing Output
// stops a build after some files are written: a caller keeps the files of
// a build that succeeded only (playbook build aborts its output.Dir; the
// dev server drops its output.Mem and keeps serving the last good build).
//
// A build with [Options].Stream and without a Cache (playbook build)
// streams, so that its memory grows with what one page needs, not with the
// site: the loader leaves each brief's and plain page's Markdown in its
// file (content.Options.LeaveBodies), and the page's job reads it again,
// converts it, renders the page, hands the body's search terms to the
// index and lets it all go. The index (a search.Stream) writes each file of
// records once its documents are in and keeps postings packed; the cards
// past 32 MB wait in an unlinked temporary file (package internal/spill).
// Home and section bodies, which every page of their lists shows, are
// converted first. Errors in a streamed body are
// gathered and returned once every page is done, as a content.ErrorList,
// but other pages are written by then: Stream is for an Output that is
// thrown away when the build fails. The output is byte for byte that of a
// build that does not stream. A layout that reads .Page.Body keeps every
// body, and the build does not stream.
//
// # Incremental builds
//
// [Options].Cache takes a [Cache] from [NewCache]; playbook serve keeps
// one for the life of the server, so a rebuild after one saved file redoes
// little. A Cache is for one site and one set of Options, and safe for
// concurrent use. It holds:
//
//   - Parsed Markdown files by source path: the front matter, and the
//     body only if a layout reads .Page.Body (else a body is read again
//     when it must be converted). A file whose size and modification time
//     are unchanged is not read again, and the page decoded from it last
//     time is reused. (Files without a modification time, like those of a
//     MapFS that sets none, are always read.) The YAML tree of a decoded
//     file is let go.
//   - Converted bodies, by source path, keyed by a hash of the file's
//     bytes, of the site's shape (the source path and URL of every page and
//     the path of every other file, which relative links resolve against),
//     of the page's URL and of the base URL's path, packed (see
//     output.Packed) and unpacked each time a build reads one. A body with
//     link errors is not kept.
//   - Each brief's health report, for the same decoded page and day.
//   - Each page's search record and terms and its card
//     (partials/card.html), keyed by the page; each brief's part of
//     playbook.json and its rows of kpis.csv, for the same decoded page,
//     day and base URL.
//   - The views across briefs, made again only for the briefs an edit
//     changed: the KPIs of every title whose briefs are unchanged keep
//     their order; people and taxonomy terms are the last build's with the
//     edited briefs in place, when the edit changed no person, team, tag,
//     status or approach; sections and briefs are sorted starting from the
//     last build's order. The home page's attention lists and the index of
//     /people/ are kept with the views they were made from.
//   - The layouts, parsed and escaped, with their copies for the workers
//     and their tmplexec Runners, for builds whose layout files and
//     settings are the same; the template functions reach the build that
//     runs them through a reference, and one build at a time holds them.
//   - Rendered, minified pages, packed, by output file name, keyed by the
//     page key below. A page whose key is unchanged is written from the
//     cache without executing its layout; an output.Packer (the dev
//     server's output.Mem) is handed the same packed bytes.
//
// Everything else is redone on every build: assembling the site and its
// sections, the theme assets (minified again only where a file changed),
// the files copied from content/, the sitemap, feed, robots.txt and
// _headers, and merging the search index.
//
// A page key is a 64-bit hash of
//
//   - what every page depends on: the site settings, [Options].Today, the
//     name and fingerprinted URL of every asset, the path and text of every
//     file under layouts/ (the site's over the embedded ones) and the URL
//     and title of every top-level section;
//   - the layout's name and the page's Kind, URL, Title and Description;
//   - each page the [Data] names: .Page, .Prev, .Next, .Page.Section and
//     every page of .List, each by the hash of its front matter, its URL,
//     its title, its summary and its number of children, and .Page by the
//     hash of its whole source;
//   - for .KPIs, each row's brief and KPI id; for .People, each name, the
//     brief and id of each role shown and how many are not; for .Terms and
//     .Term, each term's name, URL and number of briefs; the pager's Number
//     and Total;
//   - what the page read beyond that, as recorded while it last rendered.
//     As a layout executes, tmplexec tells a recorder of every read of a
//     page's field and of the site's lists, whichever way the template
//     reached the value (a field, a chain, a variable, with, range, a
//     partial, a function's result). A read of a page not named above
//     (through .Site.Briefs, .Site.Pages, .Site.Home, .Site.Lookup, a
//     page's Children or Section, a Term's Briefs, a Person's Roles) adds
//     what lists show of every page of the site; a call of stats or terms
//     adds their results; a read of another page's Body adds every page's
//     source; a call of card adds what the cards read. A page rendered by
//     html/template rather than tmplexec is taken to read all of it.
//
// Rendering is a function of what it reads, so a page whose recorded reads
// hash as they did reads the same values again and makes the same bytes: a
// cached build writes what a fresh one would. A Term's Count and a
// Person's Count are keyed with the page, as the default layouts use them.
// playbook build never uses a Cache, so what it writes is always current.
//
// # The template executor and other hand-written stand-ins
//
// Layouts are html/template files, and each is executed once by
// html/template with empty data, its output discarded, which escapes it.
// Pages are then executed from the escaped trees by package
// internal/tmplexec, which does what text/template does for the constructs
// layouts commonly use without its reflection per action: the escapers,
// the comparison built-ins and the functions layouts call on every page
// are plain Go calls, fields are looked up once per type, and a set of
// layouts is compiled into closures once. Anything else (a range over a
// map, JavaScript contexts, every error) is left to html/template, page by
// page; [Metrics].Slow counts those pages. [Options].HTMLTemplateOnly, or
// PLAYBOOK_TMPLEXEC=off for the playbook command, turns it off.
//
// Each stand-in is kept for a measured gain, and tests hold it to what it
// stands in for:
//
//   - internal/tmplexec, for text/template's execution. A clean build of
//     the 1,000 generated briefs of builder/corpus takes about 1.3 seconds
//     of CPU with it and 2.3 without, on two shared cores. TestTmplexec
//     holds its pages, byte for byte, to html/template's on the bundled
//     site, a generated corpus and every test site; TestRunner, TestEscapers,
//     FuzzRunner and FuzzEscapers in the package do the same for single
//     templates.
//   - Layouts minified once as they are parsed (templates.Compact), for
//     minifying every page: BenchmarkMinify/1000, what a build would spend
//     minifying the pages and data files of those 1,000 briefs, takes about
//     1.3 s on two cores. A layout holding <pre> or <textarea> turns it
//     off. TestCompactLayouts holds the pages to what the minifier makes of
//     them.
//   - quickYAML in package content, for go.yaml.in/yaml/v3 on front matter
//     in the usual shape; package content's documentation gives its gain
//     and the tests and fuzz test that hold it to yaml.v3.
//
// # Site authors' reference
//
// README.md (https://github.com/playbook-dev/playbook#readme) is the
// reference for everything a site's author writes and reads, and
// docs/layouts.md the template reference. By topic:
//
//   - Site layout, files read, front matter formats: https://github.com/playbook-dev/playbook#a-site
//   - Front matter values: https://github.com/playbook-dev/playbook#front-matter-values
//   - Site settings: https://github.com/playbook-dev/playbook#site-settings
//   - Brief front matter, KPIs: https://github.com/playbook-dev/playbook#brief-front-matter
//   - Pages and sections: https://github.com/playbook-dev/playbook#plain-pages-and-sections
//   - Drafts: https://github.com/playbook-dev/playbook#drafts
//   - Markdown, relative links: https://github.com/playbook-dev/playbook#markdown-and-relative-links
//   - URLs: https://github.com/playbook-dev/playbook#urls
//   - Pagination: https://github.com/playbook-dev/playbook#pagination
//   - Output files: https://github.com/playbook-dev/playbook#what-a-build-writes
//   - Search: https://github.com/playbook-dev/playbook#search
//   - Theme and assets: https://github.com/playbook-dev/playbook#theme-and-assets
//   - Health rules, playbook check: https://github.com/playbook-dev/playbook#health-checks
//   - Commands, errors, warnings: https://github.com/playbook-dev/playbook#commands
//   - Layouts, template data and functions, search index files:
//     https://github.com/playbook-dev/playbook/blob/main/docs/layouts.md
package builder
