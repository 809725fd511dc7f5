// Package builder turns a playbook site, a folder of Markdown briefs, into a
// static web site. This comment is the reference for everything a site's
// author can write and everything a build produces: folders, URLs, front
// matter, layouts, template data and functions, output files, the search
// index, incremental rebuilds and the checks of playbook check.
//
// # Data flow
//
// [Build] reads the site through an [fs.FS] and writes through an
// [output.Output]. It never touches a path on disk itself, so tests hand it
// a [testing/fstest.MapFS] and an [output.Mem]. A build runs in five steps:
//
//  1. Load: [content.Load] walks content/, splits every Markdown file into
//     front matter and body, decodes the front matter into typed values
//     (content.Page, content.Brief, content.Goal, content.Role, content.KPI),
//     resolves the ids that goals, roles and KPIs use to point at each
//     other, and arranges pages into sections.
//  2. Validate: every problem of every file is collected, not just the
//     first. Loading reports bad front matter; converting the Markdown
//     bodies (in parallel, with one goldmark converter for the whole build)
//     reports relative links that point nowhere; parsing the layouts reports
//     template syntax errors. If anything is wrong, Build returns a
//     [content.ErrorList] and writes nothing. (An error while executing a
//     layout can still stop a build after some files are written, which
//     is why [output.Dir] writes beside its destination; see Output. A
//     build with [Options].Stream finds the link errors of briefs as it
//     renders them: see Output.)
//  3. Render: each brief is scored by package health on the three vital
//     elements and on the sanity of its dates and KPIs; findings it does
//     not waive become warnings of the build (see Health). The views across
//     briefs (every KPI, every person, every taxonomy term) are computed
//     once; then each page is a job that executes its layout, each data
//     file (feed, sitemap, playbook.json, kpis.csv …) and each file of the
//     search index is a job too, and the jobs run on every core. With
//     [Options].Cache, a page whose inputs did not change since the last
//     build is not rendered again (see Incremental builds).
//  4. Minify: HTML, CSS, JavaScript, SVG, JSON and XML are minified with
//     conservative settings that keep document and end tags, quotes,
//     default attribute values and whitespace between inline elements, so a
//     minified page renders exactly like an unminified one.
//     [Options].NoMinify (build --no-minify) turns this off. If minifying a
//     file fails, it is written as rendered and the build reports a warning.
//  5. Write: every rendered page and generated file goes through one
//     function, which minifies by media type and hands the bytes to
//     the Output's WriteFile. Theme assets are minified before they are
//     fingerprinted (see Assets) and files copied from content/ are written
//     byte for byte; both go to the same Output.
//
// Errors are one line each, "path:line:col: message", with the path
// relative to the site's folder ("content/web/seo.md:12:3: …"), the line
// and column of the offending key or value, and what to do about it.
// Unknown keys get a "did you mean" for near misses. Problems that do not
// stop a build (health findings, a skipped symbolic link, a file written
// unminified) are returned, sorted, as [Result].Warnings, and each brief's
// health report as [Result].Health. [Check] runs the same build without
// writing anything and gathers the outcome in a [CheckReport], for
// playbook check (see Check).
//
// # Health
//
// Every build scores every brief with [health.Check] on the day
// [Options].Today: the three vital elements (clear goals; roles and
// governance; cross-functional leadership) and the sanity of dates and
// KPIs. The rules are listed, with what each checks, in [health.Rules].
// A finding whose rule the brief waives (health: {ignore: [rule]}) is kept
// in the report, marked Waived, and is not a warning. Every other finding
// joins the build's warnings as one [content.Error] whose message is the
// rule and the sentence:
//
//	content/web/seo.md:2:1: roles/no-sponsor: Name a sponsor with `sponsor:` and …
//
// so [Result].Warnings holds the loader's warnings, the health findings and
// any "written unminified" warning together. Warnings never fail a build:
// playbook build prints each as "warning: …" and writes the site;
// playbook check --strict exits 1 on any.
//
// # Site layout
//
// A site is a folder:
//
//	content/_index.md         the home page; its front matter holds the site settings
//	content/cms-migration.md  a brief or page: /cms-migration/
//	content/web/_index.md     a section: /web/
//	content/web/seo.md        a brief or page in a section: /web/seo/
//	content/web/diagram.png   any other file, copied to /web/diagram.png
//	layouts/brief.html        optional: replaces the embedded layout of that name
//	theme/style.css           optional: replaces the embedded asset of that name
//
// Only content/ is required, and it may hold a single Markdown file. The
// layouts and theme files are embedded in the binary (packages layouts and
// theme). A build reads the site's own layouts/ and theme/ laid over them: a
// file the site has wins over the embedded file of the same name, every
// other embedded file is still used, and a site may add files of its own
// (new partials, new assets). [Options].Layouts and [Options].Theme replace
// the embedded defaults; nil means the embedded ones.
//
// Under content/, hidden names (starting with "."), editors' temporary files
// (names starting with "#" or ending in "~", ".swp", ".swx", ".tmp",
// "___jb_tmp___" or "___jb_old___", and "4913") and node_modules are
// skipped, folders included. A symbolic link to
// a file is read through; a link to a folder is skipped with a warning. A
// link anywhere in content/, layouts/ or theme/ that leads outside src (an
// absolute one, or one that climbs out with "..") is an error naming it,
// and nothing is read through it; the playbook command reads src through
// an [os.Root], which enforces the same rule at every open.
//
// A Markdown file (".md") is UTF-8 text of at most 32 MB. Its front matter,
// if any, starts on its first non-blank line and is YAML between "---"
// lines, TOML between "+++" lines, or a JSON object from a "{" line to its
// closing brace, which ends its line (braces of nested objects on lines of
// their own do not end it); the body starts on the next line, or after it
// if that line is blank. A byte-order mark is dropped and CRLF line
// endings work. A file without front matter is all body.
//
// # URLs
//
// A Markdown file's URL is its path under content/ without ".md", each
// segment turned into a slug, with a trailing slash:
//
//	content/Web/SEO Refresh.md  →  /web/seo-refresh/
//	content/web/_index.md       →  /web/   (a section)
//	content/web/index.md        →  /web/   (a brief or page standing for its folder)
//	content/_index.md           →  /
//
// A slug is lowercased; accented letters are folded to ASCII ("ö" → "o",
// "é" → "e", and "ß" → "ss", "æ" → "ae", "ø" → "o", "œ" → "oe", "ł" → "l",
// "đ" and "ð" → "d", "þ" → "th", "ı" → "i"); every run of other characters,
// letters of other scripts included, becomes one "-"; dashes are trimmed
// from both ends. A segment with nothing left is an error. The template
// function slug applies the same rule.
//
// Any other file under content/ keeps its name and path; only its URL is
// escaped:
//
//	content/web/Launch Plan.pdf  →  web/Launch Plan.pdf, linked as /web/Launch%20Plan.pdf
//
// Two sources that map to the same URL or output path (Foo.md, foo.md and
// föo.md; web.md beside a folder web/) are an error naming both. The URLs
// the builder makes itself are reserved: content may not use a first
// segment of kpis, people, search, approach, status, teams, tags, page or
// assets, nor the root names feed.xml, sitemap.xml, robots.txt, 404.html,
// _headers, playbook.json and kpis.csv.
//
// Every folder under content/ that holds Markdown files, and every folder
// above one, is a section. A folder without an _index.md gets a section
// titled from its name ("case-studies" → "Case studies"). A section lists
// its children (pages, briefs and subsections) ordered by weight, then
// subsections first, then newest first, then by title. The top-level
// sections appear in the site's navigation. The home page lists every brief
// of the site, in every section, newest first (by date, then title, then
// URL).
//
// # Front matter values
//
// The key lists below give each key's type:
//
//	text          a single value; numbers, true/false and dates are taken as their text
//	id            text of one word, like cmo or web-lead (dashes, no spaces)
//	list          a list of text: [a, b] or one "- item" per line
//	date          YYYY-MM-DD, like 2026-03-02 (an RFC 3339 time is accepted too)
//	URL           text that is a web address, like https://playbook.example.com/
//	number        a number written alone, like 120 or 99.5; the unit goes in unit
//	whole number  an integer
//	true/false    a boolean
//
// Every key is optional unless it says otherwise. A key that is not listed
// is an error, and so is a key written twice.
//
// # Site settings
//
// The front matter of content/_index.md holds the site settings, and only
// these keys:
//
//	title        text          the site's name, in the header and every page title (default "Playbook")
//	description  text          the meta description of pages without their own; the feed's subtitle
//	base_url     URL           the absolute http(s) URL the site is published at, like
//	                           https://playbook.example.com/ (a missing final "/" is added)
//	language     text          the lang of every page and of the feed (default "en")
//	unsafe_html  true/false    keep raw HTML written in Markdown (default false: it is left out)
//	page_size    whole number  entries per page of every list, at least 1 (default 50)
//	repo_url     URL           the folder of the site in its repository, like
//	                           https://github.com/acme/playbook/edit/main; adds an "edit this" link
//
// The body of content/_index.md is the home page's introduction. The file
// is optional; without it the site is called "Playbook".
//
// [Options].BaseURL (build --base-url) overrides base_url. Without a base
// URL, links are root-relative, and so are the canonical links, the feed
// and the sitemap. A base URL with a path (https://example.com/docs/) puts
// the whole site under that path: every link the layouts make through
// relURL, absURL, asset and termURL, and every relative link rewritten in
// Markdown, starts with /docs/.
//
// # Briefs and pages
//
// A Markdown file other than an _index.md is a brief when its front matter
// has a goals, roles or kpis key (even an empty one) or says type: brief.
// Any other such file is a plain page (an about page, a how-to guide): a
// title and a body. content/_index.md is the home page and every other
// _index.md a section; neither is ever a brief.
//
// # Brief front matter
//
// The keys of a brief:
//
//	title        text          required: the project's name
//	summary      text          one sentence stating the purpose; on cards, under the title,
//	                           as the meta description and in the feed
//	description  text          the meta description when there is no summary
//	status       text          proposed, active, paused or done (default proposed)
//	approach     text          marketing-led, it-led, partnership, amalgamated or vendor
//	sponsor      id            the role that owns the outcome; the feed entry's author
//	date         date          last revised (default: start); orders briefs and the feed
//	start        date          when the project started
//	due          date          when it is due; also the due date of KPIs without their own
//	tags         list          each tag groups briefs under /tags/<tag>/
//	draft        true/false    see Drafts
//	weight       whole number  order within the section, lower first (default 0)
//	type         text          brief or page; brief makes a file without goals, roles
//	                           or kpis a brief (page does not turn a brief into a page)
//	health       keys          ignore: a list of health rules waived for this brief,
//	                           like [cross/one-team] (the rules are listed in package health)
//	goals        list of goals
//	roles        list of roles
//	kpis         list of KPIs
//
// status and approach are matched without regard to case. The approaches:
// one function leads and owns the project (marketing-led, it-led), both
// partner with common KPIs (partnership), the two are one team
// (amalgamated), or an outside vendor bridges them (vendor).
//
// Each goal:
//
//	id     id    required; unique among the brief's goals; what KPIs name in goal
//	title  text  the business goal
//	why    text  why it matters
//
// Each role:
//
//	id                id    required; unique among the brief's roles
//	title             text  the role's name, like Chief Marketing Officer
//	team              text  one word, lowercased: marketing, it, vendor, leadership or any other
//	person            text  who holds it; one name across briefs (any case) is one person on /people/
//	reports_to        id    another role of this brief; left out for the top of the chart
//	responsibilities  list  what the role owns
//	requirements      list  what the role needs from the project
//
// A role cannot report to itself, and reporting lines may not go round in a
// circle.
//
// Each KPI:
//
//	id        id      required; unique among the brief's KPIs
//	name      text    required: what is measured
//	goal      id      the goal it measures
//	owner     id      the role that answers for it
//	unit      text    shown with values: "%" after, "$", "€" and "£" before, any other after a space
//	baseline  number  the value when the project started
//	target    number  the value aimed for; below the baseline means lower is better
//	current   number  the latest value (default: the last history entry)
//	due       date    when the target should be met (default: the brief's due)
//	history   list    dated measurements, oldest first, each {date: …, value: …}
//
// Each history entry has both keys:
//
//	date   date    when it was measured
//	value  number  what was measured
//
// A KPI's progress is how far its latest value has come from baseline
// toward target, from 0 to 1; it is unknown unless all three are known and
// target differs from baseline. A KPI is on track when it has met its
// target, or when its progress is known and no more than ten points behind
// the share of time elapsed between its start (the brief's start, or the
// first history entry if earlier) and its due date. From the due date on,
// an unmet KPI is off track; without dates, any progress counts as on
// track. The day used is [Options].Today.
//
// # Pages and sections
//
// The keys of a plain page:
//
//	title        text          the page's title (default: from the file name,
//	                           "how-to-write-a-brief.md" → "How to write a brief")
//	summary      text          shown under the title; the meta description
//	description  text          the meta description when there is no summary
//	date         date          last revised; the sitemap's lastmod
//	draft        true/false    see Drafts
//	weight       whole number  order within the section, lower first (default 0)
//	type         text          page or brief (brief makes the file a brief)
//
// The keys of a section's _index.md are the same without type: title
// (default: from the folder name), summary, description, date, draft and
// weight. Its body is shown above the list of its children.
//
// # Drafts
//
// A brief, page or section with draft: true is left out of the build unless
// [Options].Drafts is set (--drafts).
// A draft is still read and checked, so its errors fail the build, and it
// still owns its URL. A relative link to a draft that is left out is an
// error that says so.
//
// # Markdown and relative links
//
// Bodies are CommonMark with GitHub's tables, strikethrough, task lists and
// bare links, plus footnotes and typographic quotes and dashes. Raw HTML is
// left out unless unsafe_html is set. Headings get IDs that keep letters of
// every script ("Ziele für 2026" → "ziele-für-2026", repeats get "-1",
// "-2" …), and the level 2 and 3 headings make the table of contents. The
// IDs the layouts use around a body are never given to a heading: main,
// goals, roles, health, brief, kpis, people, search, q, results, top and
// toc ("## Goals" gets the ID goals-1). Aligned table cells get the class
// align-left, align-center or align-right, and header cells scope="col".
// Task-list checkboxes are disabled and named "Done" or "Not done" for
// screen readers. Footnote IDs are prefixed with the page's path so they
// stay unique.
//
// Relative link and image destinations are rewritten to the URL of what
// they point at, so links work both in the repository and on the site. A
// destination is resolved against the folder of the file it is written in;
// it is left alone when it is empty or starts with "#", "/" or "?", or has a
// scheme or host (https:, mailto:, //host). The target is looked up as
// written, then, for a path ending in "/", as that folder's _index.md, then,
// for a path without extension, with ".md" added. In content/_index.md:
//
//	[SEO](web/seo-refresh.md#plan)  →  /web/seo-refresh/#plan
//	[SEO](web/seo-refresh)          →  /web/seo-refresh/
//	[Web](web/)                     →  /web/        (needs content/web/_index.md)
//	![Plan](web/diagram.png)        →  /web/diagram.png
//
// The query and fragment are kept and the base URL's path is put in front.
// A link that leaves content/, names a missing file or names a draft that
// is left out is an error at its line and column.
//
// # Layouts
//
// Pages are rendered with [html/template]. base.html and every
// partials/*.html are parsed once per build; each of these page layouts is
// then parsed into a clone of that set:
//
//	home.html     the home page (/ and /page/N/)
//	brief.html    each brief
//	page.html     each plain page
//	section.html  each section
//	list.html     the briefs of one term, like /tags/cms/
//	terms.html    the terms of one taxonomy: /approach/, /status/, /teams/, /tags/
//	kpis.html     /kpis/
//	people.html   /people/
//	search.html   /search/
//	404.html      /404.html
//
// Before its first page, each layout is executed once by html/template
// with empty data, its output discarded: that escapes the layout as
// html/template does. Pages are then executed from the escaped templates
// by package tmplexec, which does what text/template does for the
// constructs layouts commonly use, without its reflection per action (the
// functions layouts call on every page are called directly), and leaves
// anything else (a range over a map, JavaScript contexts, every error) to
// html/template, page by page. --metrics counts the pages html/template
// executed.
//
// A page is rendered by executing base.html (the <head> with the title,
// meta description, canonical link, stylesheet, icon and feed link; then
// the header, a <main id="main"> holding {{template "main" .}}, and the
// footer): every page layout must define "main". Partials are called by
// their path, like {{template "partials/card.html" .}}. The embedded
// partials, and the dot each receives:
//
//	partials/header.html       the *Data: site name, main navigation (briefs, the
//	                           top-level sections, KPIs, people, approaches, search)
//	partials/footer.html       the *Data: links to the taxonomies, the feed,
//	                           playbook.json and kpis.csv
//	partials/card.html         one *content.Page (brief, plain page or section) in a
//	                           list: title, status and approach, summary, sponsor,
//	                           health chips, KPIs on track and a bar per KPI
//	partials/kpi.html          one *content.KPI on a brief: on track or not, progress
//	                           bar, baseline, now, target, owner, due and kpiChart
//	partials/health.html       a *health.Report: the checklist of the three elements
//	                           and of dates and KPIs, each finding with its rule
//	partials/healthchips.html  a *health.Report: one chip per element (met, not met
//	                           or waived); nil renders nothing
//	partials/status.html       a status string: its chip
//	partials/pager.html        the *Data: the links of .Pager, nothing without one
//
// To change one layout or partial, copy it into the site's layouts/ folder
// (layouts/partials/ for a partial) and edit it; to change every page's
// frame, override base.html. Other files in layouts/, and folders under
// partials/, are not read. Template errors are reported as
// "layouts/NAME:line:col: message".
//
// # Template data
//
// Every layout receives a *[Data] as its dot. The fields every page has:
//
//	.Site         *content.Site: Title, Description, BaseURL, Language, UnsafeHTML,
//	              PageSize, RepoURL, Home, Pages, Briefs, Files
//	.Kind         home, section, brief, page, kpis, people, terms, list, search or 404
//	.Page         the *content.Page rendered; for generated pages (/kpis/, /people/,
//	              taxonomy pages, /search/, /404.html) a made-up one with a Title and Summary
//	.Title        the page's own title; from page 2 of a list on, with " (page 2 of 5)" added
//	.DocTitle     the text of <title>: "Title · Site title", or .Title alone (cut to 70
//	              characters with "…") when both would pass 70; the site's title on the home page
//	.Description  the page's summary, else its description, else the site's
//	.URL          the page's path, like /web/seo/ or /web/page/2/
//	.Canonical    the page's absolute URL (root-relative without a base URL)
//	.Brief        the page's *content.Brief; nil unless the page is a brief
//	.Health       the brief's *health.Report; nil unless the page is a brief
//	.Content      the rendered Markdown body, as template.HTML ("" when there is none)
//	.TOC          the body's level 2 and 3 headings
//	.Sections     the top-level sections, for navigation
//	.Today        the day date-dependent rules use
//
// And by layout:
//
//	home.html     .List (the briefs on this page), .Pager, .Content and .TOC of content/_index.md
//	brief.html    .Brief, .Health, .Content, .TOC, .Prev and .Next (the newer and the older brief)
//	page.html     .Content, .TOC
//	section.html  .List (the children on this page), .Pager, .Content, .TOC
//	list.html     .Term, .List (the term's briefs on this page), .Pager
//	terms.html    .Terms (the taxonomy's terms on this page), .Pager
//	kpis.html     .KPIs (off-track first, then by brief title and KPI name), .Pager
//	people.html   .People (by name), .Pager
//	search.html   nothing more
//	404.html      nothing more
//
// .Content is the rendered body and .TOC its [markdown.Heading] entries
// (Level, ID, Text). .Brief is the *content.Brief: Status, Approach,
// Sponsor, Start, Due, Tags, Goals (each with the KPIs that measure it),
// Roles (each with ReportsTo and Reports) and KPIs (with Goal, Owner,
// Baseline, Target, Current, History and the methods Progress, Latest,
// Met, LowerIsBetter and OnTrack). .Health is the brief's *health.Report:
// Status (met, not met or waived, for each element), Warnings (every
// finding, waived ones marked) and the methods Of, Active and Healthy.
//
// A [KPIRow] is a KPI, its brief's page and whether it is on track; a
// [Person] is a name, an anchor ID ("person-dana-ruiz"), the roles held
// and, so that no page grows without bound, the first dozen of them
// (Shown), how many more there are (More) and the Count of all;
// a [Term] is a Taxonomy (approach, status, teams or tags), a Name (as
// first written), a URL, its Briefs and their Count, and a Label to show ({{.Label}}: a tag
// as written, "CMS"; a status, approach or team in words, "Marketing-led"). The approach and status terms come in the order of their
// allowed values, teams and tags alphabetically; tags that slug alike
// ("CMS", "cms") are one term.
//
// A [Pager] is nil when a list fits on one page. Otherwise it holds the
// Number and Total of pages, the First, Last, Prev and Next URLs (Prev and
// Next are "" at the ends) and Pages: a [PagerLink] (Number, URL, Current)
// for the first and last pages and up to two pages either side of the
// current one.
//
// URLs in the data (Page.URL, Term.URL, the pager's) are site paths like
// /web/seo/; pass them through relURL so they work under a base URL with a
// path.
//
// # Template functions
//
// Besides the html/template built-ins, layouts can call:
//
//	asset NAME          the fingerprinted URL of a theme file, under the base URL's path
//	                    {{asset "style.css"}} → /assets/style.073d942fe1.css
//	relURL PATH         a site path made to work under the base URL's path
//	                    {{relURL "/kpis/"}} → /kpis/ (/docs/kpis/ under https://example.com/docs/)
//	absURL PATH         an absolute URL; root-relative without a base URL
//	                    {{absURL "/feed.xml"}} → https://playbook.example.com/feed.xml
//	date LAYOUT TIME    a time in a Go time layout; "" for the zero time
//	                    {{date "2 Jan 2006" .Brief.Due}} → 30 Jun 2026
//	isoDate TIME        a time as YYYY-MM-DD; "" for the zero time
//	                    {{isoDate .Page.Date}} → 2026-03-02
//	number F            a number with thousands separators and at most two decimals
//	                    {{number 1234.5}} → 1,234.5
//	percent F           a fraction as a rounded percentage
//	                    {{percent 0.42}} → 42%
//	markdownify S       a short Markdown text as HTML, a lone paragraph unwrapped
//	                    {{markdownify .Why}} → Leads <em>matter</em>
//	humanize S          a value as a label: first letter capitalised, "_" as a space
//	                    {{humanize "marketing-led"}} → Marketing-led; "it" → IT, "kpis" → KPIs
//	slug S              a URL segment, by the URL rules
//	                    {{slug "SEO Refresh"}} → seo-refresh
//	kpiValue KPI V      a value (a number or a pointer to one) with the KPI's unit; "—" when nil
//	                    {{kpiValue . .Target}} → 200 leads, 42%, $1,200
//	progress KPI        the KPI's progress as a whole percentage, 0 when unknown
//	                    {{progress .}} → 38
//	hasProgress KPI     whether the KPI's progress is known
//	                    {{if hasProgress .}}<progress …>{{end}}
//	onTrack KPI         whether the KPI is on track on .Today
//	                    {{if onTrack .}}On track{{end}}
//	kpiState KPI        a KPIState: Key ("met", "on-track", "off-track", "not-started",
//	                    "paused", "missed") and Label ("Target met", "Not started", …)
//	                    {{with kpiState .}}<span class="chip state-{{.Key}}">{{.Label}}</span>{{end}}
//	kpiSummary PAGE     a KPISummary of a brief's KPIs: OnTrack, Met, Total and the brief's
//	                    Status (zero for a non-brief)
//	                    {{$s := kpiSummary .Page}}{{$s.OnTrack}} of {{$s.Total}} on track → 2 of 3 on track
//	kpiChart KPI        the KPI's dated history as an inline SVG line chart, with labelled
//	                    axes and the target as a dashed line; "" with fewer than two entries
//	                    {{with kpiChart .}}<figure class="chart">{{.}}</figure>{{end}}
//	orgChart BRIEF      the brief's reporting lines as an inline SVG org chart: one row per
//	                    role, indented under the role it reports to, with title, person and
//	                    team (by colour and in words); "" when the brief has no roles
//	                    {{orgChart .Brief}} → <svg class="org-chart" role="img" …>
//	health PAGE         the brief's *health.Report; nil for a page that is not a brief
//	                    {{with health .}}{{if .Healthy}}Healthy{{end}}{{end}}
//	elements            the three vital elements in order (goals, roles, cross), each with a Title
//	                    {{range elements}}{{.Title}}{{end}} → Clear goals…
//	terms TAX           every *Term of a taxonomy (approach, status, teams or tags) across the
//	                    site, in the order of its index page, not paginated; nil for another name
//	                    {{range terms "status"}}{{humanize .Name}} ({{.Count}}){{end}} → Active (4)…
//	attention           what needs attention, an Attention: OffTrack (active briefs with KPIs
//	                    off track), Overdue (briefs not done past their due date), Stale (active
//	                    briefs not revised in 180 days), each an AttentionList of the first five
//	                    Items (Page, Note: "2 of 3 KPIs off track") with their Count and More,
//	                    and Recent, the five briefs revised last; Any says whether a list holds one
//	                    {{with attention}}{{range .OffTrack.Items}}{{.Page.Title}}: {{.Note}}{{end}}{{end}}
//	repeated PAGE       whether another brief has the page's title (then show where it is)
//	                    {{if repeated .}}{{.Section.Title}}{{end}}
//	stats               the site's numbers at a glance, a Stats: Briefs, Active (briefs with
//	                    status active), Healthy (briefs meeting or waiving all three elements),
//	                    KPIs, Tracked (those of active and done briefs), OnTrack (KPIs on
//	                    track or met on .Today), People (distinct names)
//	                    {{with stats}}{{.OnTrack}} of {{.Tracked}} KPIs on track{{end}} → 9 of 12 KPIs on track
//	join LIST SEP       the list joined with SEP
//	                    {{join .Responsibilities "; "}}
//	lower S             S in lower case
//	                    {{lower .Name}}
//	dict K V …          a map from pairs, to pass several values to a template
//	                    {{template "partials/x.html" (dict "Page" .Page "Site" .Site)}}
//	add A B             the sum of two integers
//	                    {{add $i 1}}
//	termURL TAX TERM    the URL of a taxonomy term, under the base URL's path
//	                    {{termURL "tags" "CMS"}} → /tags/cms/
//	editURL PAGE        repo_url + "/" + the page's source path; "" without repo_url
//	                    {{with editURL .Page}}<a href="{{.}}">Edit</a>{{end}}
//	basename PATH       the last element of a slash-separated path
//	                    {{basename .Page.Source}} → seo-refresh.md
//
// See [KPISummary], [Stats] and [Term] for the values returned.
// markdownify does not rewrite relative links. asset fails the build when
// the theme has no such file. terms and stats depend on every brief of
// the site, which matters for incremental builds (see there). The charts
// carry a <title> and a <desc> that state their content in words (each
// value with its date; each reporting line), so screen readers get what
// the picture shows.
//
// # Assets
//
// The embedded theme holds four files:
//
//	style.css    every page's stylesheet: light and dark, print, team colours
//	favicon.svg  the icon, also the logo in the header
//	search.js    the search page's client (see Search index); search.html loads it
//	sort.js      makes tables marked data-sortable sortable by column (a cell's
//	             data-value, if any, is what it sorts by); kpis.html loads it
//
// Every file of the theme (the site's theme/ over the embedded files),
// hidden and temporary files and .go files aside, is minified and written
// as assets/NAME.HASH.EXT, where HASH is the first ten hex digits of the
// SHA-256 of the bytes written: theme/style.css becomes
// assets/style.073d942fe1.css, theme/icons/x.svg assets/icons/x.HASH.svg.
// A changed file gets a new name, so _headers lets browsers cache assets/*
// for a year. Layouts refer to assets only through asset, which knows the
// names.
//
// The Content-Security-Policy that _headers sets allows scripts and
// stylesheets from the site itself only: a layout of your own must load
// its JavaScript and CSS from theme files, not inline <script> or <style>,
// or Netlify's visitors will not run them. (playbook serve does not apply
// _headers, so this shows only once deployed.)
//
// # Output files
//
// A build writes:
//
//	index.html, <path>/index.html   the home page, each section, brief and plain page
//	<path>/page/N/index.html        the further pages of a list (see Pagination)
//	kpis/index.html                 every KPI of every brief
//	people/index.html               every person, the roles they hold and who they report to
//	approach/, status/, teams/, tags/ index.html
//	                                the terms of each taxonomy
//	approach/<a>/, status/<s>/, teams/<t>/, tags/<t>/ index.html
//	                                the briefs of each term
//	search/index.html               the search page
//	search/meta.json                the search index's table of contents (see Search index)
//	search/shard-N.json             the index's terms and postings, N = 0, 1, …
//	search/docs-N.json              the records of the documents, 16 to a file, N = 0, 1, …
//	404.html                        the page for unknown URLs
//	assets/NAME.HASH.EXT            the theme files: assets/style.HASH.css,
//	                                assets/favicon.HASH.svg, assets/search.HASH.js,
//	                                assets/sort.HASH.js, and any the site adds
//	<path>                          every other file of content/, copied as is
//	sitemap.xml                     every page of content/ (home, sections, briefs, plain
//	                                pages; lastmod from date), /kpis/, /people/
//	feed.xml                        Atom: the 50 most recently revised briefs, with summary,
//	                                body, sponsor as author and tags as categories
//	robots.txt                      allows everything; names the sitemap when there is a base URL
//	_headers                        Netlify headers on every path (under the base URL's path):
//	                                nosniff, X-Frame-Options DENY, a strict referrer policy,
//	                                no camera, microphone or geolocation, and the
//	                                Content-Security-Policy; Cache-Control immutable for a
//	                                year on assets/*
//	playbook.json                   the site and every brief with its goals, roles and KPIs
//	                                (with progress, on_track and state), ids for references
//	kpis.csv                        a header row, then one row per KPI: brief, brief_url,
//	                                status, approach, kpi_id, kpi, goal, owner, owner_person,
//	                                owner_team, unit, baseline, target, current, due,
//	                                progress_percent, on_track, source (the brief's file,
//	                                which playbook kpi import matches rows by), state
//
// Without a base URL, feed entry IDs are "urn:playbook:<path>". Text cells
// of kpis.csv that start with =, +, -, @, a tab or a carriage return get a
// leading ' so spreadsheets do not run them as formulas. JSON files are
// minified without rewriting numbers.
//
// # Search index
//
// The /search/ page searches the whole site in the browser, with no
// server. Its index is JSON under search/, in three kinds of file, so that
// one query downloads a small part of it however large the site (under
// 1 MB for a query of two words at 10,000 briefs):
//
//	search/meta.json     {"version": 1, "build": "3f9a0c1b2d", "docs": 1234,
//	                      "docs_per_file": 16, "weights": [1, 2, 4, 8],
//	                      "prefix_shards": 2, "shards": ["", "delivery", "metric", …]}
//	search/shard-N.json  {"terms": ["lead", "leads", …], "postings": [[13, 6, …], …]}
//	search/docs-N.json   [{"title": "…", "url": "/web/seo/", "kind": "brief",
//	                       "status": "active", "approach": "partnership", "summary": "…",
//	                       "facts": ["Goal: …", "Role: title, person", "KPI: …", "Tag: …"]}, …]
//
// Every brief, plain page and section (not the home page, nor the pages
// playbook generates) is a document. Its id is its place in the index:
// the briefs newest first, then the pages and sections by URL. Its record
// is entry id % docs_per_file of docs-(id / docs_per_file).json, so the
// client loads only the records of the results it shows. A record's url
// is under the base URL's path; status and approach are left out for
// pages; summary is the summary, else the description, else the start of
// the body, cut at a word to at most 180 characters; facts are what a
// brief's result can show where a word matched.
//
// A term is a run of letters and digits, with accents dropped, lowercased
// and folded like a slug ("Überblick" → "uberblick"; letters of other
// scripts are kept, lowercased), cut to 32 letters; search.js splits a
// query the same way. All terms of the site are sorted by code point and
// cut into consecutive shards of about 48 KB of JSON each; meta.json
// lists the first term of every shard ("" for the first), so the client
// finds by binary search the one shard that holds a word, and reads at
// most prefix_shards consecutive shards for the terms a word is a prefix
// of. A small site has a single shard, shard-0.json. The terms and the
// postings of a shard are parallel arrays.
//
// A term's postings list the documents that contain it, in id order, each
// as one number: (id − previous id) × 4 + tier. The tier is where the
// term occurs, its best place in the document, and weights[tier] its
// score: 3 the title; 2 the summary or description, a goal's title or
// why, a role's title, person or team, a KPI's name or unit, a tag; 1 the
// body three times or more, a responsibility, a requirement or the
// approach; 0 the body once or twice. A word that is only a prefix of a
// term scores half. build is a hash of the other index files: the client
// asks for meta.json afresh and for the other files with ?v=BUILD, so one
// query never mixes two builds.
//
// # Pagination
//
// Every list (the home page, sections, /kpis/, /people/, the taxonomy
// indexes and the term pages) shows page_size entries per page. Page 1 is
// the list's own URL; page N is N under page/ below it:
//
//	/  /page/2/  /page/3/
//	/web/  /web/page/2/
//	/tags/cms/  /tags/cms/page/2/
//
// A list that fits on one page has no pager; an empty list still has its
// page 1.
//
// # Output
//
// [output.Output] is the one interface a build writes through:
// WriteFile(name, data), with slash-separated names relative to the site
// root ("web/seo/index.html"), called from several goroutines at once. It
// keeps nothing of data once it returns, whatever the Output, so a build
// without a [Cache] renders pages into buffers it uses again; with one,
// which keeps pages, each page gets bytes of its own. An Output that takes
// a file in pieces ([output.ChunkWriter]) is handed playbook.json as every
// brief's part of it, not joined into one more copy. One that can keep
// bytes the build gives up ([output.Keeper], as output.Mem can) is handed
// every file but a page in a reused buffer as it is: the dev server's site
// shares the pages its Cache keeps rather than copy them at every rebuild.
//
// [output.Mem] keeps a build in memory, for the dev server and tests.
// [output.Dir] writes to disk atomically: [output.OpenDir] creates a
// folder beside the destination (".public.playbook-new-…" for public),
// [output.Dir.Commit] puts it in place of the destination in one step and
// keeps the previous site beside it as the spare the next build writes
// into, [output.Dir.Abort] removes it and leaves the destination as it
// was. So a failed or killed build never leaves a half-written site.
// [output.CheckDest] refuses destinations a build would damage: the
// filesystem root, the home folder, a folder holding the site, anything
// inside its content/, layouts/ or theme/, and a non-empty folder without
// a playbook.json from an earlier build. See package output for the rest.
//
// Unless it streams (below), Build finds every error of the content, a
// relative link to nowhere, a file of content/ where playbook writes a
// page and a layout that does not parse before it writes anything, so a
// build into any Output that fails on them writes nothing. A layout that
// fails as it executes, a file of content/ that cannot be read, or a
// failing Output stops a build after some files are written: a caller
// keeps the files of a build that succeeded only (playbook build aborts
// its output.Dir; the dev server drops its output.Mem and keeps serving
// the last good build).
//
// A build with [Options].Stream and without a Cache (playbook build)
// streams, so that its memory grows with what one page needs, not with
// the site: the loader leaves each brief's and plain page's Markdown in
// its file ([content.Options].LeaveBodies), and the page's job reads it
// again, converts it, renders the page, hands the body's search terms to
// the index and lets it all go. Home and section bodies, which every page
// of their lists shows, are converted first. Errors in a streamed body (a
// relative link to nowhere, a file changed since it was loaded) are
// gathered and returned once every page is done, as a content.ErrorList
// like any other, but other pages are written by then: Stream is for an
// Output that is thrown away when the build fails, as playbook build
// aborts its output.Dir, and nothing of the build is seen. The output is
// byte for byte that of a build that does not stream. A layout that reads
// .Page.Body keeps every body, and the build does not stream.
//
// # Incremental builds
//
// [Options].Cache takes a [Cache] from [NewCache], which carries work from
// one build of a site over to the next; playbook serve keeps one for the
// life of the server, so a rebuild after one saved file redoes little.
// A Cache is for one site and one set of Options, and safe for concurrent
// use. It holds:
//
//   - Parsed Markdown files (front matter and body), by source path. A file
//     whose size and modification time are unchanged is not read again, and
//     the page decoded from it last time is reused. (Files without a
//     modification time, like those of a [testing/fstest.MapFS] that sets
//     none, are always read.) The YAML tree of a decoded file is let go.
//   - Converted bodies, by source path, keyed by a hash of the file's
//     bytes, of the site's shape (the source path and URL of every page and
//     the path of every other file, which relative links resolve against),
//     of the page's URL and of the base URL's path. A body with link errors
//     is not kept.
//   - Each brief's health report, for the same decoded page and day.
//   - Each page's search record and terms and its card
//     (partials/card.html), keyed by the page; each brief's part of
//     playbook.json and its rows of kpis.csv, for the same decoded page,
//     day and base URL.
//   - The views across briefs: made again only for the briefs an edit
//     changed. The KPIs of every title whose briefs are unchanged keep
//     their order; people and taxonomy terms are the last build's with
//     the edited briefs in place, when the edit changed no person, team,
//     tag, status or approach; sections and briefs are sorted starting
//     from the last build's order.
//   - Rendered, minified pages, by output file name, keyed by the page key
//     below. A page whose key is unchanged is written from the cache
//     without executing its layout.
//
// Everything else is redone on every build: assembling the site and its
// sections, the theme assets, the files copied
// from content/, the sitemap, feed, robots.txt and _headers, and merging
// the search index.
//
// A page key is a 64-bit hash of
//
//   - what every page depends on: the site settings (title, description,
//     base URL, language, unsafe_html, repo_url, page_size),
//     [Options].Today, the name and fingerprinted URL of every asset, the
//     path and text of every file under layouts/ (the site's over the
//     embedded ones) and the URL and title of every top-level section;
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
//     As a layout executes, every read of a page's field and of the site's
//     lists is told to a recorder, whichever way the template reached the
//     value (a field, a chain, a variable, with, range, a partial, a
//     function's result). A read of a page not named above (through
//     .Site.Briefs, .Site.Pages, .Site.Home, .Site.Lookup, a page's
//     Children or Section, a Term's Briefs, a Person's Roles) adds what
//     lists show of every page of the site; a call of stats or terms adds
//     their results; a read of another page's Body adds every page's
//     source; a call of card adds what the cards read. A page rendered by
//     html/template rather than tmplexec (see "Layouts") is taken to read
//     all of it.
//
// Rendering is a function of what it reads, so a page whose recorded
// reads hash as they did reads the same values again and makes the same
// bytes: a cached build writes what a fresh one would. A Term's Count and
// a Person's Count are keyed with the page, as the default layouts use
// them. playbook build never uses a Cache, so what it writes is
// always current.
//
// # Check
//
// [Check] validates and scores a site without writing anything: it runs
// [Build] into an Output that keeps nothing, so layouts are executed and
// their errors found too. Its error is non-nil only when the site cannot
// be read at all; content errors are in the [CheckReport]:
//
//	Today     Options.Today as YYYY-MM-DD (set it: the zero time prints as 0001-01-01)
//	Errors    every error of the build, which fails on them
//	Warnings  the loader's warnings, like a skipped link to a folder
//	Briefs    each brief's *health.Report, in the order of Site.Briefs
//
// [CheckReport.WarningCount] counts the loader's warnings and every
// finding that is not waived; playbook check --strict exits 1 when it is
// not 0. [CheckReport.WriteText] prints every error and warning grouped by
// file, waived findings marked "(waived)", then one line per brief with
// its three elements and a summary line. [CheckReport.WriteJSON] prints
// one document (playbook check --format json) whose shape changes only
// with its version:
//
//	{
//	  "version": 1,
//	  "today": "2026-11-25",
//	  "summary": {"briefs": 6, "healthy": 5, "errors": 1, "warnings": 2, "waived": 1},
//	  "errors": [{"path": "content/a.md", "line": 4, "col": 9, "message": "…"}],
//	  "warnings": [{"path": "content/x", "line": 1, "col": 1, "message": "…"}],
//	  "briefs": [
//	    {"path": "content/cms-migration.md", "url": "/cms-migration/", "title": "…",
//	     "elements": {"goals": "met", "roles": "met", "cross": "not met"},
//	     "warnings": [{"path": "…", "line": 13, "col": 1, "rule": "cross/one-team", "message": "…"},
//	                  {"path": "…", "line": 17, "col": 5, "rule": "goals/kpi-baseline",
//	                   "message": "…", "waived": true}]}
//	  ],
//	  "rules": [{"name": "goals/no-summary", "element": "goals", "checks": "…"}]
//	}
//
// errors and warnings are always arrays, empty when there are none. Each
// brief's warnings are its health findings, "waived": true on those its
// front matter waives (the key is left out otherwise); "warnings" in the
// summary is WarningCount, "waived" the number of waived findings and
// "healthy" the briefs that meet or waive all three elements. rules lists
// every rule of [health.Rules] with its element (goals, roles, cross or
// other) and what it checks.
//
// # New briefs
//
// [CreateBrief] writes content/<slug>.md from a complete, commented
// template ([NewBrief]) for playbook new brief, and never overwrites a file.
package builder
