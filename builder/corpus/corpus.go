// Package corpus generates synthetic playbook sites of realistic size and
// shape, for benchmarks and for trying playbook (or another generator) on a
// large site.
//
// A generated site of n briefs holds:
//
//	content/_index.md                  the home page with the site settings
//	content/about.md                   a plain page
//	content/guide/_index.md            a section of plain pages
//	content/guide/how-to-write-a-brief.md
//	content/<section>/_index.md        up to eight sections (web, commerce, data …),
//	content/web/seo/_index.md          and two subsections on larger sites
//	content/<slug>-<i>.md              about a third of the briefs at the top level,
//	content/<section>/<slug>-<i>.md    the rest spread over the sections
//
// Each brief has YAML front matter with every key a real brief uses: a
// summary, a status and an approach (spread over all their values), start,
// due and revision dates, one to three tags from a small set, 2–5 goals, 3–8
// roles from the marketing, it, vendor and leadership teams whose
// reports_to lines form one tree, a sponsor, and 2–6 KPIs that point at
// those goals and roles, with a baseline, a target, usually a current value
// and a dated history in ascending order. Some KPIs are lower-is-better and
// some are in "%". Its Markdown body is 2–8 KB of ## and ### headings,
// paragraphs with emphasis, code and footnotes, tables with aligned
// columns, bullet, numbered and task lists, block quotes, the odd fenced
// code block, and relative links to other briefs and sections of the same
// site, all of which exist.
//
// Most briefs are healthy; as on a real site, a few are not: about one in
// twenty active briefs has not been revised for over 180 days (half of
// those waive the rule), a few have a goal no KPI measures, and about one
// brief in a hundred is a draft (never the target of a link). Every file
// loads and builds without errors.
//
// Generation is deterministic: the same n and seed give byte-identical
// files, on every platform and Go release (the package uses its own
// random number generator). Dates are relative to [Reference], 2026-11-25;
// build a corpus with that day as Options.Today to see the health findings
// described above and no others.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
)

// Reference is the day generated dates are relative to: no KPI measurement
// is later, and active briefs are due after it.
var Reference = time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)

// Body sizes of generated briefs, in bytes of Markdown after the front
// matter.
const (
	MinBody = 2 << 10
	MaxBody = 8 << 10
)

// Generate returns a site of n briefs, generated from seed, as an in-memory
// file system rooted at the site's folder (it holds content/). A negative n
// counts as 0: the site then has its home page, sections and plain pages
// but no brief.
func Generate(n int, seed int64) fstest.MapFS {
	files := Files(n, seed)
	fsys := make(fstest.MapFS, len(files))
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys
}

// Files returns the files of the site Generate makes, by slash-separated
// path relative to the site's folder ("content/web/checkout-rebuild-12.md").
func Files(n int, seed int64) map[string][]byte {
	p := newPlan(n, seed)
	files := map[string][]byte{}
	files["content/_index.md"] = []byte(p.home())
	files["content/about.md"] = []byte(p.about())
	files["content/guide/_index.md"] = []byte(p.guideIndex())
	files["content/guide/how-to-write-a-brief.md"] = []byte(p.guide())
	for i := range p.sections {
		s := &p.sections[i]
		files["content/"+s.dir+"/_index.md"] = []byte(p.section(s))
	}
	for i := range p.briefs {
		b := &p.briefs[i]
		files["content/"+b.path] = []byte(p.brief(b))
	}
	return files
}

// Write writes the site Generate makes to dir, creating dir if needed. It
// refuses to write into a folder that is not empty, so that it never mixes
// a corpus with other files or overwrites any.
func Write(dir string, n int, seed int64) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("%s is not empty: write a corpus into a new or empty folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	files := Files(n, seed)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	made := map[string]bool{}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// rng is a splitmix64 generator: small, fast, and the same everywhere, so
// that a corpus does not change when math/rand does.
type rng struct{ s uint64 }

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{s: uint64(seed)*0x9e3779b97f4a7c15 ^ (stream+1)*0xd1b54a32d192ed03}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }

// sample returns k distinct elements of list, in random order.
func sample[T any](r *rng, list []T, k int) []T {
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	if k > len(list) {
		k = len(list)
	}
	out := make([]T, k)
	for i := 0; i < k; i++ {
		j := i + r.intn(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
		out[i] = list[idx[i]]
	}
	return out
}

// plan is the shape of a site: its sections and where each brief goes.
// Generating a file needs the plan, because bodies link to other files.
type plan struct {
	seed     int64
	company  string
	people   map[string]string // executive role id → the one person holding it
	sections []section
	briefs   []briefPlan
	live     []int            // indexes of the briefs that are not drafts
	bySect   map[string][]int // section folder → live briefs in it
}

type section struct {
	dir, title, summary string
	weight              int
}

type briefPlan struct {
	i     int
	path  string // under content/: "web/checkout-rebuild-12.md"
	title string
	topic topic
	draft bool
}

func newPlan(n int, seed int64) *plan {
	if n < 0 {
		n = 0
	}
	r := newRNG(seed, 0)
	p := &plan{seed: seed, company: pick(r, companies), people: map[string]string{}, bySect: map[string][]int{}}
	for _, group := range [][]roleKind{leadershipRoles, marketingRoles, itRoles, vendorRoles} {
		for _, k := range group {
			if k.exec {
				p.people[k.id] = pick(r, firstNames) + " " + pick(r, lastNames)
			}
		}
	}
	ns := 1 + n/150
	if ns > len(sectionKinds) {
		ns = len(sectionKinds)
	}
	for i, s := range sectionKinds[:ns] {
		p.sections = append(p.sections, section{dir: s.dir, title: s.title, summary: s.summary, weight: i + 1})
	}
	for _, s := range subsectionKinds {
		parent := path.Dir(s.dir)
		if n >= 300 && p.hasSection(parent) {
			p.sections = append(p.sections, section{dir: s.dir, title: s.title, summary: s.summary})
		}
	}
	for i := 0; i < n; i++ {
		br := newRNG(seed, uint64(i)+1)
		t := pick(br, topics)
		title := t.title(br)
		dir := ""
		if br.float() >= 0.3 && len(p.sections) > 0 {
			dir = pick(br, p.sections).dir + "/"
		}
		b := briefPlan{i: i, path: fmt.Sprintf("%s%s-%d.md", dir, slug(title), i+1), title: title, topic: t}
		b.draft = br.chance(0.01)
		p.briefs = append(p.briefs, b)
		if !b.draft {
			p.live = append(p.live, i)
			d := strings.TrimSuffix(dir, "/")
			p.bySect[d] = append(p.bySect[d], i)
		}
	}
	return p
}

func (p *plan) hasSection(dir string) bool {
	for _, s := range p.sections {
		if s.dir == dir {
			return true
		}
	}
	return false
}

// relLink is the relative link from a file in folder from (under content/,
// "" for the top) to target (also under content/).
func relLink(from, target string) string {
	var f []string
	if from != "" {
		f = strings.Split(from, "/")
	}
	t := strings.Split(target, "/")
	i := 0
	for i < len(f) && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-i) + strings.Join(t[i:], "/")
}

func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// slug is a URL segment made from a title, the way playbook makes them.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		case c == 'é' || c == 'è':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte('e')
		default:
			dash = true
		}
	}
	return b.String()
}

// q writes s as a YAML scalar, quoted when it would otherwise be read as
// something else.
func q(s string) string {
	if s == "" {
		return `""`
	}
	quote := strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@` ") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.HasSuffix(s, ":") || strings.HasSuffix(s, " ")
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		quote = true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		quote = true
	}
	if quote {
		return strconv.Quote(s)
	}
	return s
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func daysFrom(t time.Time, d int) time.Time { return t.AddDate(0, 0, d) }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func round(v float64, decimals int) float64 {
	m := math.Pow(10, float64(decimals))
	return math.Round(v*m) / m
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// home writes content/_index.md.
func (p *plan) home() string {
	r := newRNG(p.seed, 1<<40)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s web playbook\n", p.company)
	fmt.Fprintf(&b, "description: How Marketing and IT at %s plan, run and measure web projects together.\n", p.company)
	b.WriteString("language: en\npage_size: 50\n---\n")
	fmt.Fprintf(&b, "Welcome to the %s web playbook. Every digital project we run has a one-page brief here that says what we are trying to achieve, who is doing what, and how we will know it worked.\n\n", p.company)
	b.WriteString("Start with [how to write a brief](guide/how-to-write-a-brief.md), or read [about this playbook](about.md). The briefs are grouped by area:\n\n")
	for _, s := range p.sections {
		if strings.Contains(s.dir, "/") {
			continue
		}
		fmt.Fprintf(&b, "- [%s](%s/): %s\n", s.title, s.dir, s.summary)
	}
	b.WriteString("\n")
	if len(p.live) > 0 {
		b.WriteString("Recently discussed at the steering meeting:\n\n")
		for _, i := range sample(r, p.live, 3) {
			fmt.Fprintf(&b, "1. [%s](%s)\n", p.briefs[i].title, p.briefs[i].path)
		}
	}
	return b.String()
}

// about writes content/about.md, a plain page.
func (p *plan) about() string {
	r := newRNG(p.seed, 1<<40+1)
	var b strings.Builder
	b.WriteString("---\ntitle: About this playbook\nsummary: Why we keep one brief per web project, and who looks after the playbook.\ndate: ")
	b.WriteString(day(daysFrom(Reference, -40)))
	b.WriteString("\n---\n")
	for i := 0; i < 4; i++ {
		b.WriteString(paragraph(r, &ctx{company: p.company, topic: pick(r, topics)}, 4))
	}
	b.WriteString("## Who looks after it\n\n")
	b.WriteString(paragraph(r, &ctx{company: p.company, topic: pick(r, topics)}, 3))
	return b.String()
}

func (p *plan) guideIndex() string {
	return "---\ntitle: Guide\nsummary: How to write and keep up a brief.\nweight: 100\n---\nThe guide explains the three vital elements of a web project — clear goals, defined roles and governance, cross-functional leadership — and how a brief records them.\n"
}

// guide writes a how-to page with a brief's front matter as an example.
func (p *plan) guide() string {
	r := newRNG(p.seed, 1<<40+2)
	var b strings.Builder
	b.WriteString("---\ntitle: How to write a brief\nsummary: A brief in five steps, from the summary to the KPIs.\nweight: 1\n---\n")
	for i, step := range []string{"State the purpose", "Name the goals", "Name the roles", "Agree the KPIs", "Keep it current"} {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, step)
		b.WriteString(paragraph(r, &ctx{company: p.company, topic: pick(r, topics)}, 4))
	}
	b.WriteString("```yaml\n---\ntitle: Headless CMS migration\nstatus: active\napproach: partnership\nsponsor: coo\ngoals:\n  - id: leads\n    title: Grow qualified leads from the website\n---\n```\n")
	return b.String()
}

// section writes a section's _index.md.
func (p *plan) section(s *section) string {
	r := newRNG(p.seed, 1<<41+uint64(s.weight)*7+uint64(len(s.dir)))
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nsummary: %s\n", q(s.title), q(s.summary))
	if s.weight > 0 {
		fmt.Fprintf(&b, "weight: %d\n", s.weight)
	}
	b.WriteString("---\n")
	b.WriteString(paragraph(r, &ctx{company: p.company, topic: pick(r, topics)}, 3))
	if list := p.bySect[s.dir]; len(list) > 0 {
		b.WriteString("Briefs to read first:\n\n")
		for _, i := range sample(r, list, 3) {
			fmt.Fprintf(&b, "- [%s](%s)\n", p.briefs[i].title, relLink(s.dir, p.briefs[i].path))
		}
	}
	return b.String()
}

// The values status and approach take, with how often each is drawn.
var (
	statuses   = []string{"proposed", "active", "active", "active", "active", "paused", "done", "done", "done"}
	approaches = []string{"marketing-led", "it-led", "partnership", "amalgamated", "vendor"}
)

// A generated role: its kind and whom it reports to.
type genRole struct {
	roleKind
	person    string
	reportsTo string
}

// brief writes one brief.
func (p *plan) brief(bp *briefPlan) string {
	r := newRNG(p.seed, uint64(bp.i)+1<<32)
	status := pick(r, statuses)
	approach := pick(r, approaches)

	// Dates.
	var start, due, date time.Time
	stale := false
	switch status {
	case "proposed":
		start = daysFrom(Reference, r.between(-20, 90))
		due = daysFrom(start, r.between(120, 400))
		date = daysFrom(Reference, -r.between(0, 60))
	case "active":
		start = daysFrom(Reference, -r.between(30, 420))
		due = daysFrom(Reference, r.between(20, 330))
		date = daysFrom(Reference, -r.between(0, 150))
		if r.chance(0.05) {
			stale = true
			date = daysFrom(Reference, -r.between(190, 400))
			start = daysFrom(date, -r.between(30, 200))
		}
	case "paused":
		start = daysFrom(Reference, -r.between(120, 600))
		due = daysFrom(start, r.between(200, 600))
		date = daysFrom(Reference, -r.between(10, 300))
	case "done":
		start = daysFrom(Reference, -r.between(300, 1000))
		due = daysFrom(start, r.between(90, 280))
		date = daysFrom(due, r.between(0, 20))
	}
	if date.Before(start) {
		date = start
	}
	if date.After(Reference) {
		date = Reference
	}

	// Goals.
	goals := sample(r, goalKinds, r.between(2, 5))

	// Roles: the ones the approach needs, then others, each reporting to
	// an earlier one, so that the reporting lines form one tree.
	roles := p.roles(r, approach, r.between(3, 8))
	sponsor := roles[0].id
	if len(roles) > 1 && r.chance(0.2) && roles[1].team != "vendor" {
		sponsor = roles[1].id
	}

	// KPIs: at least one per goal, except on a few briefs.
	nk := r.between(2, 6)
	if nk < len(goals) && !r.chance(0.03) {
		nk = len(goals)
	}
	kinds := sample(r, kpiKinds, nk)

	var b strings.Builder
	b.Grow(12 << 10)
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", q(bp.title))
	fmt.Fprintf(&b, "summary: %s\n", q(bp.topic.summary(r)))
	fmt.Fprintf(&b, "status: %s\napproach: %s\nsponsor: %s\n", status, approach, sponsor)
	if !r.chance(0.1) || stale {
		fmt.Fprintf(&b, "date: %s\n", day(date))
	}
	fmt.Fprintf(&b, "start: %s\ndue: %s\n", day(start), day(due))
	tags := append([]string{pick(r, bp.topic.tags)}, sample(r, tagSet, r.between(0, 2))...)
	tags = dedupe(tags)
	fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(tags, ", "))
	if bp.draft {
		b.WriteString("draft: true\n")
	}
	if stale && r.chance(0.5) {
		b.WriteString("health: {ignore: [dates/stale]}\n")
	}
	b.WriteString("goals:\n")
	for _, g := range goals {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n", g.id, q(g.title))
		if r.chance(0.85) {
			fmt.Fprintf(&b, "    why: %s\n", q(pick(r, g.why)))
		}
	}
	b.WriteString("roles:\n")
	for _, ro := range roles {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n    team: %s\n    person: %s\n", ro.id, q(ro.title), ro.team, q(ro.person))
		if ro.reportsTo != "" {
			fmt.Fprintf(&b, "    reports_to: %s\n", ro.reportsTo)
		}
		b.WriteString("    responsibilities:\n")
		for _, s := range sample(r, teamDuties[ro.team], r.between(1, 3)) {
			fmt.Fprintf(&b, "      - %s\n", q(s))
		}
		if r.chance(0.3) {
			fmt.Fprintf(&b, "    requirements: [%s]\n", strings.Join(sample(r, requirements, r.between(1, 2)), ", "))
		}
	}
	b.WriteString("kpis:\n")
	for i, k := range kinds {
		goal := goals[i%len(goals)].id
		if i >= len(goals) {
			goal = pick(r, goals).id
		}
		owner := p.kpiOwner(r, i, approach, roles)
		p.writeKPI(&b, r, k, goal, owner, status, start, due)
	}
	b.WriteString("---\n")
	b.WriteString(p.body(r, bp, roles, goals, kinds))
	return b.String()
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// roles picks n roles for an approach. The first is the top of the chart.
func (p *plan) roles(r *rng, approach string, n int) []genRole {
	var need [][]roleKind
	switch approach {
	case "marketing-led":
		need = [][]roleKind{marketingHeads, itRoles}
	case "it-led":
		need = [][]roleKind{itHeads, marketingRoles}
	case "partnership":
		need = [][]roleKind{leadershipRoles, marketingHeads, itHeads}
	case "amalgamated":
		need = [][]roleKind{leadershipRoles, marketingRoles, itRoles}
	case "vendor":
		need = [][]roleKind{pickList(r, leadershipRoles, marketingHeads), vendorRoles, marketingRoles, itRoles}
	}
	var out []genRole
	used := map[string]bool{}
	add := func(k roleKind) bool {
		if used[k.id] {
			return false
		}
		used[k.id] = true
		person := p.people[k.id]
		if person == "" {
			person = pick(r, firstNames) + " " + pick(r, lastNames)
		}
		gr := genRole{roleKind: k, person: person}
		if len(out) > 0 {
			// Report to the first earlier role of the same team, else to
			// an earlier role at random, most often the top.
			gr.reportsTo = out[0].id
			for _, o := range out {
				if o.team == gr.team && o.team != "vendor" {
					gr.reportsTo = o.id
					break
				}
			}
			if r.chance(0.25) {
				gr.reportsTo = pick(r, out).id
			}
		}
		out = append(out, gr)
		return true
	}
	for _, list := range need {
		for tries := 0; tries < 20 && !add(pick(r, list)); tries++ {
		}
	}
	pool := [][]roleKind{marketingRoles, itRoles, marketingRoles, itRoles}
	if approach == "vendor" {
		pool = append(pool, vendorRoles)
	}
	for tries := 0; len(out) < n && tries < 100; tries++ {
		add(pick(r, pick(r, pool)))
	}
	return out
}

func pickList(r *rng, a, b []roleKind) []roleKind {
	if r.chance(0.5) {
		return a
	}
	return b
}

// kpiOwner picks the owner of the i-th KPI: a partnership gives marketing
// the first and IT the second.
func (p *plan) kpiOwner(r *rng, i int, approach string, roles []genRole) string {
	want := ""
	if approach == "partnership" && i < 2 {
		want = []string{"marketing", "it"}[i]
	}
	if want == "" && r.chance(0.1) {
		return roles[0].id
	}
	var cands []string
	for _, ro := range roles {
		if (want == "" && ro.team != "vendor") || ro.team == want {
			cands = append(cands, ro.id)
		}
	}
	if len(cands) == 0 {
		return roles[0].id
	}
	return pick(r, cands)
}

// writeKPI writes one KPI with values that fit its kind and the brief's
// status.
func (p *plan) writeKPI(b *strings.Builder, r *rng, k kpiKind, goal, owner, status string, start, due time.Time) {
	base := round(k.lo+(k.hi-k.lo)*r.float(), k.decimals)
	d := 0.1 + 0.45*r.float()
	var target float64
	switch {
	case k.lower:
		target = base * (1 - d)
	case k.unit == "%":
		target = math.Min(base*(1+d), base+(100-base)*d)
	default:
		target = base * (1 + d)
	}
	target = round(target, k.decimals)
	step := math.Pow(10, -float64(k.decimals))
	if target == base {
		if k.lower {
			target = base - step
		} else {
			target = base + step
		}
	}
	var progress float64
	switch status {
	case "proposed":
		progress = 0
	case "done":
		progress = 0.7 + 0.5*r.float()
	case "paused":
		progress = 0.5 * r.float()
	default:
		progress = -0.1 + 1.1*r.float()
	}
	value := func(p float64) float64 {
		v := round(base+(target-base)*p, k.decimals)
		if k.unit == "%" {
			v = math.Max(0, math.Min(100, v))
		}
		return v
	}
	current := value(progress)

	fmt.Fprintf(b, "  - id: %s\n    name: %s\n    goal: %s\n    owner: %s\n    unit: %s\n", k.id, q(k.name), goal, owner, q(k.unit))
	fmt.Fprintf(b, "    baseline: %s\n    target: %s\n", num(base), num(target))

	// History: monthly measurements from the start, none in the future.
	var hist []time.Time
	if status != "proposed" {
		end := Reference
		if status == "done" && due.Before(end) {
			end = due
		}
		every := pick(r, []int{14, 30, 30, 30, 91})
		for t := daysFrom(start, every); !t.After(end) && len(hist) < 8; t = daysFrom(t, every) {
			hist = append(hist, t)
		}
		if len(hist) > 0 && r.chance(0.15) {
			hist = nil // measured, but nobody keeps the history
		}
	}
	if len(hist) == 0 || r.chance(0.7) {
		if status != "proposed" || r.chance(0.3) {
			fmt.Fprintf(b, "    current: %s\n", num(current))
		}
	}
	if r.chance(0.3) {
		kd := due
		if status == "active" && r.chance(0.5) {
			kd = daysFrom(due, -r.between(0, 60))
			if !kd.After(Reference) {
				kd = due
			}
		}
		fmt.Fprintf(b, "    due: %s\n", day(kd))
	}
	if len(hist) > 0 {
		b.WriteString("    history:\n")
		for j, t := range hist {
			f := float64(j+1) / float64(len(hist))
			v := value(progress*f + (r.float()-0.5)*0.06)
			if j == len(hist)-1 {
				v = current
			}
			fmt.Fprintf(b, "      - {date: %s, value: %s}\n", day(t), num(v))
		}
	}
}

// ctx is what sentence templates fill in.
type ctx struct {
	company string
	topic   topic
	roles   []genRole
	goals   []goalKind
	kpis    []kpiKind
}

func (c *ctx) fill(r *rng, tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}') + i
		b.WriteString(tmpl[:i])
		b.WriteString(c.slot(r, tmpl[i+1:j]))
		tmpl = tmpl[j+1:]
	}
}

func (c *ctx) slot(r *rng, name string) string {
	switch name {
	case "company":
		return c.company
	case "topic":
		return c.topic.name
	case "role":
		if len(c.roles) > 0 {
			t := pick(r, c.roles).title
			// "Chief Marketing Officer" and "SEO specialist" keep their
			// capitals; "Web platform lead" becomes "web platform lead".
			_, rest, _ := strings.Cut(t, " ")
			if t[:2] != strings.ToUpper(t[:2]) && rest[:1] != strings.ToUpper(rest[:1]) {
				t = strings.ToLower(t[:1]) + t[1:]
			}
			return "the " + t
		}
		return "the project lead"
	case "person":
		if len(c.roles) > 0 {
			return pick(r, c.roles).person
		}
		return pick(r, firstNames)
	case "goal":
		if len(c.goals) > 0 {
			return strings.ToLower(pick(r, c.goals).title)
		}
		return "the goals"
	case "kpi":
		if len(c.kpis) > 0 {
			return strings.ToLower(pick(r, c.kpis).name)
		}
		return "the KPIs"
	case "n":
		return strconv.Itoa(r.between(2, 40))
	case "pct":
		return strconv.Itoa(r.between(5, 60)) + "%"
	case "month":
		return pick(r, months)
	case "team":
		return pick(r, []string{"Marketing", "IT", "the agency", "Finance", "Legal", "Customer service", "Sales"})
	}
	return pick(r, words[name])
}

// paragraph returns a paragraph of about n sentences and a blank line.
func paragraph(r *rng, c *ctx, n int) string {
	var b strings.Builder
	for i, s := range sample(r, sentences, n-1+r.intn(3)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(upperFirst(c.fill(r, s)))
	}
	b.WriteString("\n\n")
	return b.String()
}

// body writes a brief's Markdown body of MinBody to MaxBody bytes.
func (p *plan) body(r *rng, bp *briefPlan, roles []genRole, goals []goalKind, kpis []kpiKind) string {
	c := &ctx{company: p.company, topic: bp.topic, roles: roles, goals: goals, kpis: kpis}
	dir := dirOf(bp.path)
	size := r.between(MinBody, MaxBody)

	// Footnotes: referenced from the opening paragraphs, defined at the end.
	nf := r.between(0, 3)
	var foot strings.Builder
	for i := 1; i <= nf; i++ {
		fmt.Fprintf(&foot, "[^%d]: %s\n", i, c.fill(r, pick(r, footnotes)))
	}
	if nf > 0 {
		foot.WriteString("\n")
	}
	footer := foot.String()

	var b strings.Builder
	b.Grow(MaxBody)
	ref := 1
	para := func(n int) string {
		s := paragraph(r, c, n)
		if ref <= nf {
			s = strings.TrimSuffix(s, ".\n\n") + fmt.Sprintf(".[^%d]\n\n", ref)
			ref++
		}
		return s
	}
	b.WriteString(para(3))
	b.WriteString("## Context\n\n")
	b.WriteString(para(4))
	b.WriteString(para(4))
	if nf == 3 {
		b.WriteString(para(3))
	}
	heads := sample(r, headings, len(headings))
	for h := 0; b.Len() < size; h++ {
		var block string
		if h < len(heads) && r.chance(0.5) || h%3 == 0 {
			block = "## " + heads[h%len(heads)] + "\n\n"
		} else if r.chance(0.2) {
			block = "### " + pick(r, subheadings) + "\n\n"
		}
		block += p.block(r, c, dir, bp)
		if b.Len()+len(block)+len(footer) > MaxBody {
			break
		}
		b.WriteString(block)
	}
	b.WriteString(footer)
	return b.String()
}

// block returns one block of Markdown.
func (p *plan) block(r *rng, c *ctx, dir string, bp *briefPlan) string {
	var b strings.Builder
	switch k := r.intn(12); {
	case k < 4:
		s := paragraph(r, c, 4)
		if r.chance(0.4) {
			s = strings.TrimSuffix(s, "\n\n") + " " + p.linkSentence(r, dir, bp) + "\n\n"
		}
		if r.chance(0.3) {
			w := pick(r, words["thing"])
			s = strings.Replace(s, w, "**"+w+"**", 1)
		}
		if r.chance(0.2) {
			s = strings.Replace(s, " the ", " the `"+pick(r, codeWords)+"` ", 1)
		}
		b.WriteString(s)
	case k < 6:
		// A table of milestones with aligned columns.
		b.WriteString("| Milestone | Owner | Due | Effort (days) | Status |\n|:---|:---|:---:|---:|:---|\n")
		t := Reference.AddDate(0, -r.between(0, 6), 0)
		for i, n := 0, r.between(3, 7); i < n; i++ {
			t = daysFrom(t, r.between(7, 45))
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %s |\n", c.fill(r, pick(r, milestones)), c.slot(r, "person"), day(t), r.between(1, 60), pick(r, []string{"done", "on track", "at risk", "not started", "blocked"}))
		}
		b.WriteString("\n")
	case k == 6:
		for i, n := 0, r.between(3, 6); i < n; i++ {
			fmt.Fprintf(&b, "- %s\n", upperFirst(c.fill(r, pick(r, sentences))))
		}
		b.WriteString("\n")
	case k == 7:
		for i, n := 0, r.between(3, 5); i < n; i++ {
			fmt.Fprintf(&b, "%d. %s\n", i+1, upperFirst(c.fill(r, pick(r, sentences))))
		}
		b.WriteString("\n")
	case k == 8:
		for i, n := 0, r.between(3, 6); i < n; i++ {
			mark := " "
			if r.chance(0.5) {
				mark = "x"
			}
			fmt.Fprintf(&b, "- [%s] %s\n", mark, c.fill(r, pick(r, milestones)))
		}
		b.WriteString("\n")
	case k == 9:
		fmt.Fprintf(&b, "> **Decision (%s):** %s\n> %s\n\n", c.slot(r, "month"), upperFirst(c.fill(r, pick(r, sentences))), upperFirst(c.fill(r, pick(r, sentences))))
	case k == 10:
		b.WriteString("Related briefs:\n\n")
		for i, n := 0, r.between(2, 4); i < n; i++ {
			b.WriteString("- " + p.linkSentence(r, dir, bp) + "\n")
		}
		b.WriteString("\n")
	default:
		b.WriteString(pick(r, codeBlocks))
		b.WriteString("\n")
	}
	return b.String()
}

// linkSentence is a sentence with a relative link to another brief or a
// section of the site.
func (p *plan) linkSentence(r *rng, dir string, bp *briefPlan) string {
	if len(p.live) < 2 || r.chance(0.15) {
		var secs []section
		for _, s := range p.sections {
			if s.dir != dir {
				secs = append(secs, s)
			}
		}
		if len(secs) > 0 {
			s := pick(r, secs)
			return fmt.Sprintf("The [%s briefs](%s) cover the neighbouring work.", strings.ToLower(s.title), relLink(dir, s.dir+"/"))
		}
		return "See also the [guide](" + relLink(dir, "guide/how-to-write-a-brief.md") + ")."
	}
	var t *briefPlan
	if list := p.bySect[dir]; len(list) > 1 && r.chance(0.5) {
		t = &p.briefs[pick(r, list)]
	} else {
		t = &p.briefs[pick(r, p.live)]
	}
	if t.i == bp.i {
		t = &p.briefs[p.live[(indexOf(p.live, t.i)+1)%len(p.live)]]
	}
	link := relLink(dir, t.path)
	switch r.intn(4) {
	case 0:
		link += "#context"
	case 1:
		link = strings.TrimSuffix(link, ".md")
	}
	return c0(r, linkSentences, t.title, link)
}

func indexOf(list []int, v int) int {
	i := sort.SearchInts(list, v)
	if i < len(list) && list[i] == v {
		return i
	}
	return 0
}

func c0(r *rng, templates []string, title, link string) string {
	return strings.NewReplacer("{title}", title, "{link}", link).Replace(pick(r, templates))
}

// The vocabulary of generated sites.

var companies = []string{"Northwind Outfitters", "Contoso Living", "Fabrikam Foods", "Tailspin Travel", "Wide World Outdoors", "Alpine Ski House", "Lamna Healthcare", "Woodgrove Home"}

type sectionKind struct{ dir, title, summary string }

var sectionKinds = []sectionKind{
	{"web", "Website", "The public website: content, search visibility, speed and accessibility."},
	{"commerce", "Commerce", "Catalogue, checkout, payments and the journeys that end in an order."},
	{"data", "Data and analytics", "Measurement, tracking, consent and the numbers every team reads."},
	{"brand", "Brand and content", "Campaigns, brand refreshes and the content that carries them."},
	{"platform", "Platform", "Hosting, security, integrations and the tools the web runs on."},
	{"mobile", "Mobile apps", "The shopping and loyalty apps for iOS and Android."},
	{"crm", "CRM and email", "Customer records, email, loyalty and personalisation."},
	{"campaigns", "Campaigns", "Seasonal and product campaigns that Marketing and IT launch together."},
}

var subsectionKinds = []sectionKind{
	{"web/seo", "Search", "Organic search: rankings, structured data, redirects and site health."},
	{"data/privacy", "Privacy", "Consent, data retention and what we may track."},
}

type topic struct {
	name  string // as in a sentence: "checkout"
	noun  string // the thing changed, for titles: "Checkout"
	tags  []string
	verbs []string // what a project does to it
}

var topics = []topic{
	{"headless CMS", "Headless CMS", []string{"cms", "website", "content"}, []string{"migration", "rollout", "pilot"}},
	{"checkout", "Checkout", []string{"checkout", "commerce"}, []string{"rebuild", "redesign", "speed-up"}},
	{"site search", "Site search", []string{"search", "website"}, []string{"replacement", "tuning", "upgrade"}},
	{"analytics stack", "Analytics", []string{"analytics", "data"}, []string{"consolidation", "audit", "migration"}},
	{"consent banner", "Consent management", []string{"privacy", "analytics"}, []string{"rollout", "audit", "refresh"}},
	{"mobile app", "Mobile app", []string{"mobile", "app"}, []string{"relaunch", "redesign", "rebuild"}},
	{"loyalty programme", "Loyalty programme", []string{"loyalty", "crm"}, []string{"relaunch", "integration", "pilot"}},
	{"email platform", "Email platform", []string{"email", "crm"}, []string{"migration", "consolidation", "upgrade"}},
	{"CRM", "CRM", []string{"crm", "data"}, []string{"integration", "migration", "clean-up"}},
	{"product catalogue", "Product catalogue", []string{"catalogue", "commerce"}, []string{"migration", "enrichment", "clean-up"}},
	{"store locator", "Store locator", []string{"stores", "website"}, []string{"rebuild", "refresh", "redesign"}},
	{"personalisation engine", "Personalisation", []string{"personalisation", "data"}, []string{"pilot", "rollout", "tuning"}},
	{"accessibility of the site", "Accessibility", []string{"accessibility", "website"}, []string{"audit", "remediation", "programme"}},
	{"page speed", "Site speed", []string{"performance", "website"}, []string{"programme", "sprint", "audit"}},
	{"SEO foundations", "SEO", []string{"seo", "website"}, []string{"refresh", "audit", "migration"}},
	{"customer chat", "Customer chat", []string{"service", "website"}, []string{"pilot", "rollout", "integration"}},
	{"payment options", "Payments", []string{"payments", "commerce"}, []string{"integration", "upgrade", "consolidation"}},
	{"content hub", "Content hub", []string{"content", "brand"}, []string{"launch", "redesign", "migration"}},
	{"B2B portal", "B2B portal", []string{"b2b", "commerce"}, []string{"launch", "rebuild", "integration"}},
	{"data warehouse", "Data warehouse", []string{"data", "analytics"}, []string{"migration", "consolidation", "rollout"}},
	{"brand guidelines", "Brand", []string{"brand", "content"}, []string{"refresh", "rollout", "relaunch"}},
	{"café finder", "Café finder", []string{"stores", "mobile"}, []string{"launch", "redesign", "pilot"}},
	{"image pipeline", "Image pipeline", []string{"performance", "content"}, []string{"rebuild", "migration", "upgrade"}},
	{"identity and login", "Customer login", []string{"security", "crm"}, []string{"upgrade", "consolidation", "rollout"}},
}

// title returns a project title about the topic.
func (t topic) title(r *rng) string {
	v := pick(r, t.verbs)
	switch r.intn(4) {
	case 0:
		return fmt.Sprintf("%s %s %d", t.noun, v, Reference.Year()+r.intn(2))
	case 1:
		return fmt.Sprintf("%s: %s", t.noun, pick(r, []string{"phase one", "phase two", "the next step", "quick wins", "from pilot to rollout"}))
	}
	return upperFirst(fmt.Sprintf("%s %s", t.noun, v))
}

// summary returns a one-sentence purpose of a project about the topic.
func (t topic) summary(r *rng) string {
	c := &ctx{topic: t}
	return c.fill(r, pick(r, []string{
		"{Verb} the {topic} so {audience} can {benefit}, without {risk}.",
		"{Verb} the {topic} so that {audience} can {benefit} and {team} stops firefighting.",
		"Give {audience} a {topic} that lets them {benefit}, measured by numbers Marketing and IT agree on.",
		"{Verb} the {topic} before peak season so {audience} can {benefit}.",
	}))
}

type goalKind struct {
	id, title string
	why       []string
}

var goalKinds = []goalKind{
	{"leads", "Grow qualified leads from the website", []string{"The sales pipeline depends on the website more every quarter.", "Paid campaigns cost more each year, so organic leads matter."}},
	{"conversion", "Turn more visits into orders", []string{"We pay for every visit; a lost order is a visit paid for twice.", "Conversion on phones lags desktop by half."}},
	{"speed", "Make every page fast on a mid-range phone", []string{"Slow pages lose shoppers and rankings.", "Most of our visitors are on phones on patchy networks."}},
	{"self-serve", "Let marketers publish without waiting on IT", []string{"Campaign pages wait about six working days in the IT queue.", "Developers spend their week on copy changes."}},
	{"trust", "Keep customer data safe and tracking consensual", []string{"A breach or a fine would cost more than the whole programme.", "We promise customers we only track what they agree to."}},
	{"reach", "Keep our search traffic through the change", []string{"Search brings in four of every ten online orders.", "Migrations are when sites lose their rankings."}},
	{"retention", "Bring customers back more often", []string{"A returning customer costs a fifth of a new one.", "Loyalty members spend twice as much a year."}},
	{"cost", "Cut the cost of running the web", []string{"Licences and hosting grew faster than revenue last year.", "Four tools do the work of one."}},
	{"insight", "One set of numbers every team trusts", []string{"Reviews start with an argument about whose numbers are right.", "Decisions wait while spreadsheets are reconciled."}},
	{"uptime", "Stay up during promotions", []string{"The last three outages all happened during a sale.", "Every hour down in December costs a week of margin."}},
	{"accessibility", "Make the site usable by everyone", []string{"One shopper in five has a disability.", "The accessibility regulations apply to us from next year."}},
	{"brand", "One brand, everywhere a customer meets us", []string{"Customers see three different logos between ad and checkout.", "Inconsistent pages look untrustworthy."}},
}

type roleKind struct {
	id, title, team string
	exec            bool // one person holds it across the whole site
}

var (
	leadershipRoles = []roleKind{
		{"coo", "Chief Operating Officer", "leadership", true},
		{"ceo", "Chief Executive Officer", "leadership", true},
		{"cdo", "Chief Digital Officer", "leadership", true},
		{"vp-digital", "VP Digital", "leadership", true},
		{"cfo", "Chief Financial Officer", "leadership", true},
	}
	marketingHeads = []roleKind{
		{"cmo", "Chief Marketing Officer", "marketing", true},
		{"head-of-ecommerce", "Head of e-commerce", "marketing", true},
		{"head-of-brand", "Head of brand", "marketing", true},
	}
	marketingRoles = append(marketingHeads[:len(marketingHeads):len(marketingHeads)],
		roleKind{"content-lead", "Content lead", "marketing", false},
		roleKind{"seo-lead", "SEO specialist", "marketing", false},
		roleKind{"campaign-manager", "Campaign manager", "marketing", false},
		roleKind{"marketing-analyst", "Marketing analyst", "marketing", false},
		roleKind{"ux-writer", "UX writer", "marketing", false},
		roleKind{"growth-lead", "Growth lead", "marketing", false},
		roleKind{"crm-manager", "CRM manager", "marketing", false},
		roleKind{"brand-designer", "Brand designer", "marketing", false},
	)
	itHeads = []roleKind{
		{"cio", "Chief Information Officer", "it", true},
		{"cto", "Chief Technology Officer", "it", true},
		{"head-of-platform", "Head of platform", "it", true},
	}
	itRoles = append(itHeads[:len(itHeads):len(itHeads)],
		roleKind{"web-lead", "Web platform lead", "it", false},
		roleKind{"security-lead", "Security lead", "it", false},
		roleKind{"data-engineer", "Data engineer", "it", false},
		roleKind{"devops-lead", "DevOps lead", "it", false},
		roleKind{"qa-lead", "QA lead", "it", false},
		roleKind{"architect", "Solution architect", "it", false},
		roleKind{"frontend-dev", "Front-end developer", "it", false},
		roleKind{"product-owner", "Product owner", "it", false},
	)
	vendorRoles = []roleKind{
		{"agency-pm", "Agency project manager", "vendor", false},
		{"agency-dev", "Agency lead developer", "vendor", false},
		{"vendor-architect", "Vendor solution architect", "vendor", false},
		{"vendor-support", "Vendor support lead", "vendor", false},
		{"agency-designer", "Agency designer", "vendor", false},
	}
)

var teamDuties = map[string][]string{
	"leadership": {"Chairs the fortnightly steering meeting", "Breaks ties between Marketing and IT", "Signs off the budget and the launch date", "Reports progress to the board", "Owns the business case"},
	"marketing":  {"Owns the lead and conversion KPIs", "Decides content priorities", "Writes and approves copy", "Briefs the agency on brand", "Plans the launch campaign", "Reviews analytics every week", "Speaks for customers in design reviews"},
	"it":         {"Security review before launch", "Hosting and scaling", "Owns integrations with the order system", "Runs the release process", "Keeps the uptime KPI", "Reviews vendor contracts for data protection", "Sets up monitoring and alerts"},
	"vendor":     {"Delivers the build in two-week sprints", "Runs the weekly status call", "Provides second-line support", "Trains the content team", "Documents the architecture"},
}

var requirements = []string{"Pen test before launch", "A content freeze in the last week", "Read access to analytics", "A staging site", "Final copy two weeks before launch", "A named contact in IT", "Budget for load testing", "Sign-off from Legal"}

type kpiKind struct {
	id, name, unit string
	lo, hi         float64
	lower          bool
	decimals       int
}

var kpiKinds = []kpiKind{
	{"mql", "Marketing-qualified leads per month", "leads", 80, 400, false, 0},
	{"conversion", "Conversion rate", "%", 1, 4, false, 1},
	{"lcp", "Largest contentful paint (75th percentile)", "s", 2.5, 5.5, true, 1},
	{"bounce", "Bounce rate", "%", 35, 70, true, 0},
	{"organic", "Organic sessions per month", "sessions", 20000, 200000, false, 0},
	{"tickets", "Web support tickets per week", "tickets", 40, 300, true, 0},
	{"uptime", "Uptime during promotions", "%", 97, 99.5, false, 1},
	{"time-to-publish", "Time to publish a campaign page", "days", 3, 10, true, 0},
	{"cpl", "Cost per lead", "$", 20, 120, true, 0},
	{"nps", "Net promoter score", "points", -10, 40, false, 0},
	{"open-rate", "Email open rate", "%", 12, 30, false, 1},
	{"abandonment", "Checkout abandonment", "%", 55, 80, true, 0},
	{"a11y-issues", "Open accessibility issues", "issues", 40, 400, true, 0},
	{"web-revenue", "Online revenue per month", "€", 200000, 2000000, false, 0},
	{"consented", "Sessions with consent recorded", "%", 40, 80, false, 0},
	{"repeat", "Repeat purchase rate", "%", 15, 35, false, 0},
	{"app-rating", "App store rating", "stars", 3.1, 4.2, false, 1},
	{"hosting-cost", "Hosting and licence cost per month", "£", 8000, 60000, true, 0},
}

var firstNames = []string{"Dana", "Sam", "Priya", "Tomás", "Eleanor", "Rosa", "Lukas", "Fatima", "Ruth", "Kenji", "Amara", "Jonas", "Mei", "Oluwaseun", "Clara", "Mateo", "Ingrid", "Yusuf", "Hannah", "Diego", "Aisha", "Pieter", "Nadia", "Chen", "Marta", "Kwame", "Sofia", "Ravi", "Elena", "Björn", "Leila", "Tariq", "Grace", "Emeka", "Anouk", "Hugo", "Zoë", "Felix", "Imani", "Noor"}

var lastNames = []string{"Ruiz", "Okafor", "Raman", "Herrera", "Voss", "Delgado", "Brenner", "Qureshi", "Abernathy", "Watanabe", "Mensah", "Lindqvist", "Zhang", "Adeyemi", "Moreau", "García", "Halvorsen", "Demir", "Fischer", "Castillo", "Bello", "de Vries", "Haddad", "Wei", "Novak", "Asante", "Rossi", "Iyer", "Petrova", "Nilsson", "Farouk", "Hussain", "O'Brien", "Eze", "Jansen", "Laurent", "Kowalski", "Schmidt", "Mwangi", "Kapoor"}

var tagSet = []string{"website", "data", "quick-win", "compliance", "customer-experience", "cost", "q1", "q2", "q3", "q4", "replatform", "experiment"}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var words = map[string][]string{
	"Verb":       {"Rebuild", "Replace", "Modernise", "Simplify", "Consolidate", "Relaunch", "Move"},
	"audience":   {"shoppers", "marketers", "store staff", "returning customers", "customers on phones", "the service team", "trade customers"},
	"benefit":    {"find what they need in two clicks", "pay in under a minute", "publish the same day", "trust what they read", "see their order history in one place", "get an answer without calling us"},
	"risk":       {"losing search traffic", "a freeze on campaigns", "another outage during a sale", "tracking anyone who did not consent", "doubling the licence bill"},
	"thing":      {"budget", "launch date", "scope", "content freeze", "steering meeting", "release train", "design system", "tracking plan", "redirect map", "test plan", "backlog"},
	"system":     {"the order system", "the old CMS", "the tag manager", "the ERP", "the customer database", "the payment gateway", "the search index"},
	"cadence":    {"week", "fortnight", "month", "sprint"},
	"mitigation": {"a staged rollout by country", "a redirect map reviewed by SEO", "load tests before every release", "a weekly joint review", "a content freeze in the last week", "a rollback plan rehearsed in staging"},
}

var sentences = []string{
	"The {topic} has grown by accretion since it was set up, and nobody owns it end to end.",
	"Marketing needs to change the {topic} without a ticket, and IT needs changes that do not break {system}.",
	"We will know this worked when {kpi} moves, reviewed every {cadence} at the steering meeting.",
	"The biggest risk is {risk}; we reduce it with {mitigation}.",
	"{person} agreed with {team} that the {thing} stays fixed until {month}.",
	"The goal to {goal} is the one the board asked about first.",
	"About {pct} of last quarter's complaints mentioned the {topic}.",
	"Integration with {system} is the hardest part, so it starts first.",
	"{team} reviewed the plan on {month} {n} and asked for a clearer {thing}.",
	"Every change to the {thing} goes through {role}, who keeps the decision log.",
	"We tried a smaller fix in {month}, and it bought us {n} weeks, not a solution.",
	"The agency estimates {n} sprints; IT's own estimate is a third higher.",
	"Progress on {kpi} is shared with both teams in the same dashboard, so there is one number to argue about.",
	"{role} owns the outcome, and {person} runs the work day to day.",
	"We are not changing the {thing} in this phase — that comes later, if the numbers hold.",
	"Shoppers told us, in {n} interviews, that the {topic} is the part of the site they trust least.",
	"A \"quick win\" list of {n} items ships before the main release.",
	"The budget covers licences, the agency and {n} days of load testing.",
	"We keep a weekly demo so that {team} sees the work before it is finished.",
	"If {kpi} has not moved by {month}, we stop and review the approach.",
	"Legal signed off the tracking plan; anything new goes back to them.",
	"The {topic} will be measured against the same baseline the whole way through.",
}

var footnotes = []string{
	"Figures from the {month} analytics review.",
	"{person}'s estimate, agreed at the steering meeting.",
	"Before tax, at last year's exchange rates.",
	"Measured on a mid-range Android phone over 4G.",
	"See the minutes of the {month} review for the discussion.",
}

var headings = []string{"Plan", "Milestones", "Risks", "Decisions", "Open questions", "How we work together", "Budget", "Scope", "Launch", "Measurement", "Dependencies", "Lessons so far"}

var subheadings = []string{"This quarter", "Next quarter", "Out of scope", "What we decided", "What we need from IT", "What we need from Marketing", "Rollback", "Timeline"}

var milestones = []string{"Kick-off with {team}", "Tracking plan signed off", "Content model agreed", "Design system in staging", "Redirect map reviewed", "Load test passed", "Pen test passed", "Pilot in one country", "Launch", "Old {topic} switched off", "Training for {team}", "First monthly KPI review", "Accessibility audit", "Go/no-go meeting"}

var codeWords = []string{"robots.txt", "utm_source", "sitemap.xml", "noindex", "Cache-Control", "gtm.js", "hreflang", "srcset"}

var codeBlocks = []string{
	"```yaml\nredirects:\n  - from: /shop/old-category/\n    to: /products/new-category/\n    status: 301\n```\n",
	"```sh\ncurl -sI https://www.example.com/ | grep -i cache-control\n```\n",
	"```json\n{\"event\": \"purchase\", \"currency\": \"EUR\", \"consent\": \"granted\"}\n```\n",
	"```\nGET /api/stores?near=52.37,4.89&limit=10\n```\n",
}

var linkSentences = []string{
	"This builds on [{title}]({link}).",
	"See [{title}]({link}) for how the last one went.",
	"It shares a steering meeting with [{title}]({link}).",
	"The approach follows [{title}]({link}), which worked well.",
	"[{title}]({link}) depends on this, so the dates are linked.",
}
