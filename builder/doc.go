// Package builder turns a playbook site, a folder of Markdown briefs, into a
// static web site. This comment is the reference for everything a site's
// author can write and everything a build produces: folders, URLs, front
// matter, layouts, template functions and output files.
//
// # Data flow
//
// [Build] reads the site through an [fs.FS] and writes through an [Output].
// It never touches a path on disk itself, so tests hand it a
// [testing/fstest.MapFS] and a [MemOutput]. A build runs in five steps:
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
//     is why [DirOutput] writes beside its destination; see Output.)
//  3. Render: each brief is scored by package health on the three vital
//     elements and on the sanity of its dates and KPIs; findings it does
//     not waive become warnings of the build. The views across briefs
//     (every KPI, every person, every taxonomy term) are computed once;
//     then each page is a job that executes its layout, and the jobs run
//     on every core.
//  4. Minify: HTML, CSS, JavaScript, SVG, JSON and XML are minified with
//     conservative settings that keep document and end tags, quotes,
//     default attribute values and whitespace between inline elements, so a
//     minified page renders exactly like an unminified one.
//     [Options].NoMinify (build --no-minify) turns this off. If minifying a
//     file fails, it is written as rendered and the build reports a warning.
//  5. Write: every rendered page and generated file goes through one
//     function, which minifies by media type and hands the bytes to
//     [Output.WriteFile]. Theme assets are minified before they are
//     fingerprinted (see Assets) and files copied from content/ are written
//     byte for byte; both go to the same Output.
//
// Errors are one line each, "path:line:col: message", with the path
// relative to the site's folder ("content/web/seo.md:12:3: …"), the line
// and column of the offending key or value, and what to do about it.
// Unknown keys get a "did you mean" for near misses. Problems that do not
// stop a build (health findings, printed as "path:line:col: rule: message",
// a skipped symbolic link, a file written unminified) are returned as
// [Result].Warnings, and each brief's health report as [Result].Health.
// [Check] runs the same build without writing anything and gathers the
// outcome in a [CheckReport], for playbook check.
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
// (names starting with "#" or ending in "~", ".swp", ".swx" or ".tmp", and
// "4913") and node_modules are skipped, folders included. A symbolic link to
// a file is read through; a link to a folder is skipped with a warning.
//
// A Markdown file (".md") is UTF-8 text of at most 32 MB. Its front matter,
// if any, starts on its first non-blank line and is YAML between "---"
// lines, TOML between "+++" lines, or a JSON object from a "{" line to a "}"
// line. A byte-order mark is dropped and CRLF line endings work. A file
// without front matter is all body.
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
// "-2" …), and the level 2 and 3 headings make the table of contents.
// Aligned table cells get the class align-left, align-center or
// align-right, and header cells scope="col". Footnote IDs are prefixed with
// the page's path so they stay unique.
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
// A page is rendered by executing base.html, which calls
// {{template "main" .}}: every page layout must define "main". Partials
// are called by their path, like {{template "partials/card.html" .}}.
// To change one layout, copy it into the site's layouts/ folder and edit
// it; to change every page's frame, override base.html. Other files in
// layouts/, and folders under partials/, are not read. Template errors are
// reported as "layouts/NAME:line:col: message".
//
// # Template data
//
// Every layout receives a *[Data] as its dot. The fields every page has:
//
//	.Site         *content.Site: Title, Description, BaseURL, Language, PageSize, RepoURL,
//	              Home, Pages, Briefs, Files
//	.Kind         home, section, brief, page, kpis, people, terms, list, search or 404
//	.Page         the *content.Page rendered; for generated pages (/kpis/, /people/,
//	              taxonomy pages, /search/, /404.html) a made-up one with a Title and Summary
//	.Title        the page's own title; from page 2 of a list on, with " (page 2 of 5)" added
//	.Description  the page's summary, else its description, else the site's
//	.URL          the page's path, like /web/seo/ or /web/page/2/
//	.Canonical    the page's absolute URL (root-relative without a base URL)
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
// [Person] is a name, an anchor ID ("person-dana-ruiz") and the roles held;
// a [Term] is a Taxonomy (approach, status, teams or tags), a Name, a URL
// and its Briefs. The approach and status terms come in the order of their
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
//	asset NAME          the fingerprinted URL of a theme file
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
//	humanize S          a value as a label
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
//	health PAGE         the brief's *health.Report; nil for a page that is not a brief
//	                    {{with health .}}{{if .Healthy}}Healthy{{end}}{{end}}
//	elements            the three vital elements in order (goals, roles, cross), each with a Title
//	                    {{range elements}}{{.Title}}{{end}} → Clear goals…
//	join LIST SEP       the list joined with SEP
//	                    {{join .Responsibilities "; "}}
//	lower S             S in lower case
//	                    {{lower .Name}}
//	dict K V …          a map from pairs, to pass several values to a template
//	                    {{template "partials/x.html" (dict "Page" .Page "Site" .Site)}}
//	add A B             the sum of two integers
//	                    {{add $i 1}}
//	termURL TAX TERM    the URL of a taxonomy term
//	                    {{termURL "tags" "CMS"}} → /tags/cms/
//	editURL PAGE        repo_url + "/" + the page's source path; "" without repo_url
//	                    {{with editURL .Page}}<a href="{{.}}">Edit</a>{{end}}
//	basename PATH       the last element of a slash-separated path
//	                    {{basename .Page.Source}} → seo-refresh.md
//
// markdownify does not rewrite relative links. asset fails the build when
// the theme has no such file.
//
// # Assets
//
// Every file of the theme (the site's theme/ over the embedded style.css
// and favicon.svg), hidden and temporary files and .go files aside, is
// minified and written as assets/NAME.HASH.EXT, where HASH is the first ten
// hex digits of the SHA-256 of the bytes written: theme/style.css becomes
// assets/style.073d942fe1.css, theme/icons/x.svg assets/icons/x.HASH.svg.
// A changed file gets a new name, so _headers lets browsers cache assets/*
// for a year. Layouts refer to assets only through asset, which knows the
// names.
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
//	404.html                        the page for unknown URLs
//	assets/NAME.HASH.EXT            the theme files
//	<path>                          every other file of content/, copied as is
//	sitemap.xml                     every page of content/ (lastmod from date), /kpis/, /people/
//	feed.xml                        Atom: the 50 most recently revised briefs, with summary,
//	                                body, sponsor as author and tags as categories
//	robots.txt                      allows everything; names the sitemap when there is a base URL
//	_headers                        Netlify headers: security headers on every path,
//	                                Cache-Control immutable for a year on assets/*
//	playbook.json                   the site and every brief with its goals, roles and KPIs
//	                                (with progress and on_track), ids for references
//	kpis.csv                        a header row, then one row per KPI: brief, brief_url,
//	                                status, approach, kpi_id, kpi, goal, owner, owner_person,
//	                                owner_team, unit, baseline, target, current, due,
//	                                progress_percent, on_track
//
// Without a base URL, feed entry IDs are "urn:playbook:<path>". Text cells
// of kpis.csv that start with =, +, -, @, a tab or a carriage return get a
// leading ' so spreadsheets do not run them as formulas.
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
// [Output] is the one interface a build writes through:
// WriteFile(name, data), with slash-separated names relative to the site
// root ("web/seo/index.html"), called from several goroutines at once.
//
// [MemOutput] keeps a build in memory, for the dev server and tests.
//
// [DirOutput] writes to disk atomically. [NewDirOutput] creates a fresh
// folder beside the destination (".public.playbook-new-…" for public);
// [DirOutput.Commit] puts it in place of the destination in one step (on
// Linux with renameat2 RENAME_EXCHANGE, elsewhere by renaming the old site
// aside first) and then removes the previous site; [DirOutput.Abort]
// removes it and leaves the destination as it was. So a failed or killed
// build never leaves a half-written site; [CleanStale] removes folders that
// killed builds left behind. [CheckDest] refuses destinations a build
// would damage: the filesystem root, the home folder, a folder holding the
// site, anything inside its content/, layouts/ or theme/, and a non-empty
// folder without a playbook.json from an earlier build.
//
// [CreateBrief] writes content/<slug>.md from a complete, commented
// template ([NewBrief]) for playbook new brief, and never overwrites a file.
package builder
