package content

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// decoder turns front-matter Nodes into typed values, collecting every error
// with its position instead of stopping at the first.
type decoder struct {
	path string
	errs *ErrorList
	page bool // decoding a plain page, which could have been meant as a brief
}

func (d *decoder) errorf(pos Pos, format string, args ...any) {
	if !pos.IsValid() {
		pos = Pos{1, 1}
	}
	d.errs.Add(d.path, pos, format, args...)
}

// A fieldSet is the values of a map's known keys, found by name: the
// value of a key's first place in the map (fields reports the others).
type fieldSet struct {
	n *Node // the map, or nil
}

// get returns the value of key, or nil. A map has a few keys: a look
// through them costs less than a Go map.
func (f fieldSet) get(key string) *Node {
	if f.n == nil {
		return nil
	}
	return f.n.Get(key)
}

// fields checks that n is a map whose keys are all in known, each written
// once, and returns the values by key. what names the map in messages,
// followed by its number in a list if num > 0 ("goal 2").
func (d *decoder) fields(n *Node, what string, num int, known []string) (fieldSet, KeyPositions) {
	var vals fieldSet
	if n == nil || n.Kind == NullNode {
		return vals, nil
	}
	where := func() string { // made only for a message
		if num > 0 {
			return what + " " + strconv.Itoa(num)
		}
		return what
	}
	if n.Kind != MapNode {
		d.errorf(n.Pos, "%s must be a set of `key: value` pairs, not %s", where(), n.describe())
		return vals, nil
	}
	pos := make(KeyPositions, 0, len(n.Keys))
	vals = fieldSet{n}
	for _, k := range n.Keys {
		name := k.Value
		if !slices.Contains(known, name) {
			msg := fmt.Sprintf("unknown key %q in %s", name, where())
			if d.page && contains(briefKeys, name) {
				msg = fmt.Sprintf("%q is a key of briefs, and this file is a plain page because it has no goals, roles or kpis: add those (or `type: brief`) to make it a brief", name)
			} else if s := Suggest(name, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if s := Suggest(name, briefKeys); d.page && s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(known, ", "))
			}
			d.errorf(k.Pos, "%s", msg)
			continue
		}
		if p, dup := pos.Lookup(name); dup {
			d.errorf(k.Pos, "key %q is written twice in %s (first at line %d)", name, where(), p.Line)
			continue
		}
		pos = append(pos, keyPosition(name, k.Pos))
	}
	return vals, pos
}

// str decodes text. Numbers, booleans and dates are accepted as their text.
func (d *decoder) str(n *Node, key string) string {
	if n == nil || n.Kind == NullNode {
		return ""
	}
	if n.Kind != ScalarNode {
		d.errorf(n.Pos, "%s must be text, not %s", key, n.describe())
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// id decodes an identifier: text without spaces.
func (d *decoder) id(n *Node, key string) string {
	s := d.str(n, key)
	if strings.ContainsAny(s, " \t\n") {
		d.errorf(n.Pos, "%s %q must be one word (use dashes instead of spaces, like %q)", key, s, strings.Join(strings.Fields(s), "-"))
	}
	return s
}

func (d *decoder) boolean(n *Node, key string) bool {
	if n == nil || n.Kind == NullNode {
		return false
	}
	if n.Kind == ScalarNode && n.Type == BoolScalar {
		return n.Value == "true"
	}
	if n.Kind == ScalarNode && n.Type == StringScalar && (n.Value == "true" || n.Value == "false") {
		return n.Value == "true"
	}
	d.errorf(n.Pos, "%s must be true or false, not %s", key, n.describe())
	return false
}

func (d *decoder) integer(n *Node, key string) (int, bool) {
	if n == nil || n.Kind == NullNode {
		return 0, false
	}
	if n.Kind == ScalarNode && n.Type == IntScalar {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v, true
		}
	}
	d.errorf(n.Pos, "%s must be a whole number, not %s", key, n.describe())
	return 0, false
}

// MaxValue is the largest magnitude a KPI's number may have. Beyond it a
// float64 no longer holds every whole number, and the arithmetic of
// progress (a difference over a difference) could overflow to infinity.
const MaxValue = 1e15

// MinValue is the smallest magnitude of a KPI's number other than 0, so
// that every one can be written out in decimal digits.
const MinValue = 1e-9

// shortNumber is a number as an error shows it: as written, or in
// exponent form when that is shorter (TOML hands over 1e308 in full).
func shortNumber(text string, f float64) string {
	text = strings.TrimSpace(text)
	if g := strconv.FormatFloat(f, 'g', -1, 64); f != 0 && len(g) < len(text) {
		return g
	}
	return text
}

// number decodes a number into *v and returns v; nil when it is absent or
// not a number.
func (d *decoder) number(n *Node, key string, v *float64) *float64 {
	if n == nil || n.Kind == NullNode {
		return nil
	}
	if n.Kind == ScalarNode && (n.Type == IntScalar || n.Type == FloatScalar) {
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			mantissa, _, _ := strings.Cut(strings.ToLower(n.Value), "e")
			if f != 0 && math.Abs(f) < MinValue || f == 0 && strings.ContainsAny(mantissa, "123456789") {
				d.errorf(n.Pos, "%s %s is too small: a KPI's numbers other than 0 must be at least 1e-9 (a billionth) either way; write the value in a smaller unit", key, shortNumber(n.Value, f))
				return nil
			}
			if math.Abs(f) > MaxValue {
				d.errorf(n.Pos, "%s %s is too large: a KPI's numbers must lie between -1e15 and 1e15 (a million billion); write the value in a larger unit (thousands, millions)", key, shortNumber(n.Value, f))
				return nil
			}
			if f == 0 {
				f = 0 // -0 is 0
			}
			*v = f
			return v
		}
	}
	hint := ""
	if n.Kind == ScalarNode && n.Type == StringScalar {
		hint = "; write the number alone (put the unit in `unit`)"
	}
	d.errorf(n.Pos, "%s must be a number, not %s%s", key, n.describe(), hint)
	return nil
}

// date decodes a YYYY-MM-DD date (or a full RFC 3339 time).
func (d *decoder) date(n *Node, key string) time.Time {
	if n == nil || n.Kind == NullNode {
		return time.Time{}
	}
	if n.Kind == ScalarNode {
		v := strings.TrimSpace(n.Value)
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return t
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t.UTC()
		}
		if len(v) >= 10 {
			if t, err := time.Parse("2006-01-02", v[:10]); err == nil && (v[10] == ' ' || v[10] == 'T') {
				return t
			}
		}
	}
	d.errorf(n.Pos, "%s must be a date written YYYY-MM-DD (like 2026-03-02), not %s", key, n.describe())
	return time.Time{}
}

// strings decodes a list of text.
func (d *decoder) strList(n *Node, key string) []string {
	if n == nil || n.Kind == NullNode {
		return nil
	}
	if n.Kind != ListNode {
		d.errorf(n.Pos, "%s must be a list, like [first, second] or one `- item` per line, not %s", key, n.describe())
		return nil
	}
	var out []string
	for _, item := range n.Items {
		if s := d.str(item, key+" entries"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// list checks that n is a list and returns its items.
func (d *decoder) list(n *Node, key string) []*Node {
	if n == nil || n.Kind == NullNode {
		return nil
	}
	if n.Kind != ListNode {
		d.errorf(n.Pos, "%s must be a list (one `- id: …` entry per item), not %s", key, n.describe())
		return nil
	}
	return n.Items
}

// oneOf checks that s is one of allowed.
func (d *decoder) oneOf(s string, pos Pos, key string, allowed []string) string {
	if s == "" || contains(allowed, s) {
		return s
	}
	lower := strings.ToLower(s)
	if contains(allowed, lower) {
		return lower
	}
	msg := fmt.Sprintf("unknown %s %q: use one of %s", key, s, strings.Join(allowed, ", "))
	if g := Suggest(s, allowed); g != "" {
		msg = fmt.Sprintf("unknown %s %q; did you mean %q? (one of %s)", key, s, g, strings.Join(allowed, ", "))
	}
	d.errorf(pos, "%s", msg)
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Suggest returns the candidate closest to s when it is close enough to be a
// likely typo, or "".
func Suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		dist := levenshtein(ls, strings.ToLower(c))
		if dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := 2
	if len(s) <= 4 {
		limit = 1
	}
	if bestDist <= limit || (best != "" && (strings.HasPrefix(ls, best) || strings.HasPrefix(best, ls)) && len(ls) >= 3) {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// The allowed values of the enumerated keys.
var (
	Statuses   = []string{"proposed", "active", "paused", "done"}
	Approaches = []string{"marketing-led", "it-led", "partnership", "amalgamated", "vendor"}
)

// The known keys of each front-matter map.
var (
	siteKeys    = []string{"title", "description", "base_url", "language", "unsafe_html", "page_size", "repo_url"}
	sectionKeys = []string{"title", "summary", "description", "date", "draft", "weight"}
	pageKeys    = []string{"title", "summary", "description", "date", "draft", "weight", "type"}
	briefKeys   = []string{"title", "summary", "description", "status", "approach", "sponsor", "date", "start", "due", "tags", "draft", "weight", "type", "health", "goals", "roles", "kpis"}
	goalKeys    = []string{"id", "title", "why"}
	roleKeys    = []string{"id", "title", "team", "person", "reports_to", "responsibilities", "requirements"}
	kpiKeys     = []string{"id", "name", "goal", "owner", "unit", "baseline", "target", "current", "due", "history"}
	measureKeys = []string{"date", "value"}
	healthKeys  = []string{"ignore"}

	// keyNames are the keys of all the lists above, each once.
	keyNames = func() []string {
		var names []string
		for _, keys := range [][]string{siteKeys, sectionKeys, pageKeys, briefKeys, goalKeys, roleKeys, kpiKeys, measureKeys, healthKeys} {
			for _, k := range keys {
				if !slices.Contains(names, k) {
					names = append(names, k)
				}
			}
		}
		return names
	}()
	// keyIndex is the place of each key in keyNames.
	keyIndex = func() map[string]uint8 {
		m := make(map[string]uint8, len(keyNames))
		for i, k := range keyNames {
			m[k] = uint8(i)
		}
		return m
	}()
)

// isBrief tells whether a front matter makes its file a brief.
func isBrief(meta *Node) bool {
	for _, k := range []string{"goals", "roles", "kpis"} {
		if meta.Get(k) != nil {
			return true
		}
	}
	t := meta.Get("type")
	return t != nil && t.Kind == ScalarNode && t.Value == "brief"
}

// decodeBrief fills p and p.Brief from meta, resolving ids within the brief.
func (d *decoder) decodeBrief(p *Page, meta *Node) {
	f, pos := d.fields(meta, "the front matter", 0, briefKeys)
	p.KeyPos = pos
	b := &Brief{Page: p}
	p.Brief = b
	d.pageCommon(p, f)
	if p.Title == "" {
		d.errorf(Pos{1, 1}, "a brief needs a title: add `title: …` to its front matter")
	}
	if t := d.str(f.get("type"), "type"); t != "" && t != "brief" && t != "page" {
		d.errorf(f.get("type").Pos, "unknown type %q: use brief or page", t)
	}
	b.Status = d.oneOf(d.str(f.get("status"), "status"), valPos(f.get("status")), "status", Statuses)
	if b.Status == "" {
		b.Status = "proposed"
	}
	b.Approach = d.oneOf(d.str(f.get("approach"), "approach"), valPos(f.get("approach")), "approach", Approaches)
	b.Start = d.date(f.get("start"), "start")
	b.Due = d.date(f.get("due"), "due")
	b.DateSet = f.get("date") != nil
	if p.Date.IsZero() {
		p.Date = b.Start
	}
	b.Tags = d.strList(f.get("tags"), "tags")
	if h := f.get("health"); h != nil {
		hf, _ := d.fields(h, "health", 0, healthKeys)
		b.Ignore = d.strList(hf.get("ignore"), "health.ignore")
	}

	// The goals, roles and KPIs of a brief are each made in one array:
	// a large site holds thousands of briefs, and the garbage collector
	// marks objects one by one.
	goals := map[string]*Goal{}
	items := d.list(f.get("goals"), "goals")
	goalArray := make([]Goal, len(items))
	b.Goals = make([]*Goal, 0, len(items))
	for i, n := range items {
		gf, gp := d.fields(n, "goal", i+1, goalKeys)
		g := &goalArray[i]
		*g = Goal{ID: d.id(gf.get("id"), "id"), Title: d.str(gf.get("title"), "title"), Why: d.str(gf.get("why"), "why"), Pos: n.Pos, KeyPos: gp}
		if n.Kind != MapNode {
			continue
		}
		d.unique(goals, g.ID, g, n.Pos, valPos(gf.get("id")), "goal")
		b.Goals = append(b.Goals, g)
	}
	roles := map[string]*Role{}
	reportsTo := map[*Role]*Node{}
	items = d.list(f.get("roles"), "roles")
	roleArray := make([]Role, len(items))
	b.Roles = make([]*Role, 0, len(items))
	for i, n := range items {
		rf, rp := d.fields(n, "role", i+1, roleKeys)
		if n.Kind != MapNode {
			continue
		}
		r := &roleArray[i]
		*r = Role{
			Brief: b,
			ID:    d.id(rf.get("id"), "id"), Title: d.str(rf.get("title"), "title"),
			Team: strings.ToLower(d.str(rf.get("team"), "team")), Person: d.str(rf.get("person"), "person"),
			Responsibilities: d.strList(rf.get("responsibilities"), "responsibilities"),
			Requirements:     d.strList(rf.get("requirements"), "requirements"),
			Pos:              n.Pos, KeyPos: rp,
		}
		if strings.ContainsAny(r.Team, " \t") {
			d.errorf(rf.get("team").Pos, "team %q must be one word, like marketing, it, vendor or leadership", r.Team)
		}
		d.unique(roles, r.ID, r, n.Pos, valPos(rf.get("id")), "role")
		if rf.get("reports_to") != nil {
			reportsTo[r] = rf.get("reports_to")
		}
		b.Roles = append(b.Roles, r)
	}
	kpis := map[string]*KPI{}
	items = d.list(f.get("kpis"), "kpis")
	kpiArray := make([]KPI, len(items))
	b.KPIs = make([]*KPI, 0, len(items))
	for i, n := range items {
		kf, kp := d.fields(n, "KPI", i+1, kpiKeys)
		if n.Kind != MapNode {
			continue
		}
		k := &kpiArray[i]
		*k = KPI{
			Brief: b,
			ID:    d.id(kf.get("id"), "id"), Name: d.str(kf.get("name"), "name"), Unit: d.str(kf.get("unit"), "unit"),
			Due: d.date(kf.get("due"), "due"),
			Pos: n.Pos, KeyPos: kp,
		}
		k.Baseline = d.number(kf.get("baseline"), "baseline", &k.values[0])
		k.Target = d.number(kf.get("target"), "target", &k.values[1])
		k.Current = d.number(kf.get("current"), "current", &k.values[2])
		history := d.list(kf.get("history"), "history")
		if len(history) > 0 {
			k.History = make([]Measurement, 0, len(history))
		}
		if k.Name == "" {
			d.errorf(n.Pos, "KPI %d needs a name: add `name: …`", i+1)
		}
		d.unique(kpis, k.ID, k, n.Pos, valPos(kf.get("id")), "KPI")
		for j, m := range history {
			mf, _ := d.fields(m, "history entry", j+1, measureKeys)
			if m.Kind != MapNode {
				continue
			}
			ms := Measurement{Date: d.date(mf.get("date"), "date"), Pos: m.Pos}
			if d.number(mf.get("value"), "value", &ms.Value) == nil && mf.get("value") == nil {
				d.errorf(m.Pos, "history entry %d needs a value", j+1)
			}
			if mf.get("date") == nil {
				d.errorf(m.Pos, "history entry %d needs a date", j+1)
			}
			k.History = append(k.History, ms)
		}
		if k.Current == nil && len(k.History) > 0 {
			// current defaults to the last measurement, for every output.
			k.values[2] = k.History[len(k.History)-1].Value
			k.Current = &k.values[2]
		}
		if g := d.str(kf.get("goal"), "goal"); g != "" {
			if k.Goal = goals[g]; k.Goal == nil {
				d.errorf(kf.get("goal").Pos, "goal %q names no goal of this brief%s", g, known("goals", keysOf(goals), g)+asTitle(goalNames(goals), "goal", "goal", g))
			} else {
				k.Goal.KPIs = append(k.Goal.KPIs, k)
			}
		}
		if o := d.str(kf.get("owner"), "owner"); o != "" {
			if k.Owner = roles[o]; k.Owner == nil {
				d.errorf(kf.get("owner").Pos, "owner %q names no role of this brief%s", o, known("roles", keysOf(roles), o)+asTitle(roleNames(roles), "role", "owner", o))
			}
		}
		b.KPIs = append(b.KPIs, k)
	}
	if s := d.str(f.get("sponsor"), "sponsor"); s != "" {
		if b.Sponsor = roles[s]; b.Sponsor == nil {
			d.errorf(f.get("sponsor").Pos, "sponsor %q names no role of this brief%s", s, known("roles", keysOf(roles), s)+asTitle(roleNames(roles), "role", "sponsor", s))
		}
	}
	for _, r := range b.Roles {
		n := reportsTo[r]
		id := d.str(n, "reports_to")
		if id == "" {
			continue
		}
		m := roles[id]
		switch {
		case m == nil:
			d.errorf(n.Pos, "reports_to %q names no role of this brief%s", id, known("roles", keysOf(roles), id)+asTitle(roleNames(roles), "role", "reports_to", id))
		case m == r:
			d.errorf(n.Pos, "role %q cannot report to itself", r.ID)
		default:
			r.ReportsTo = m
			m.Reports = append(m.Reports, r)
		}
	}
	// Reporting lines must not loop.
	reported := map[*Role]bool{}
	for _, r := range b.Roles {
		seen := map[*Role]bool{}
		chain := []string{}
		for x := r; x != nil && !reported[x]; x = x.ReportsTo {
			if seen[x] {
				d.errorf(reportsTo[r].Pos, "reporting lines go round in a circle: %s; someone must be at the top, with no reports_to", strings.Join(append(chain, x.ID), " → "))
				for y := range seen {
					reported[y] = true
				}
				break
			}
			seen[x] = true
			chain = append(chain, x.ID)
		}
		for y := range seen {
			reported[y] = true
		}
	}
}

func (d *decoder) unique(m any, id string, v any, itemPos, idPos Pos, what string) {
	if id == "" {
		d.errorf(itemPos, "this %s needs an id: add `id: …` (one word, like %q)", what, map[string]string{"goal": "leads", "role": "cmo", "KPI": "mql"}[what])
		return
	}
	switch m := m.(type) {
	case map[string]*Goal:
		if _, dup := m[id]; dup {
			d.errorf(idPos, "duplicate goal id %q: ids must be unique within a brief", id)
			return
		}
		m[id] = v.(*Goal)
	case map[string]*Role:
		if _, dup := m[id]; dup {
			d.errorf(idPos, "duplicate role id %q: ids must be unique within a brief", id)
			return
		}
		m[id] = v.(*Role)
	case map[string]*KPI:
		if _, dup := m[id]; dup {
			d.errorf(idPos, "duplicate KPI id %q: ids must be unique within a brief", id)
			return
		}
		m[id] = v.(*KPI)
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// known finishes a "names no such id" message with a suggestion or the list.
// asTitle says, when got is the title of a goal or role (or the person
// holding a role) rather than its id, to write the id instead.
func asTitle(names map[string]string, what, key, got string) string {
	id, ok := names[strings.ToLower(strings.TrimSpace(got))]
	if !ok {
		return ""
	}
	return fmt.Sprintf("; %q names the %s %q: write its id instead, `%s: %s`", got, what, id, key, id)
}

// goalNames maps the lowercased title of each goal to its id.
func goalNames(goals map[string]*Goal) map[string]string {
	m := map[string]string{}
	for id, g := range goals {
		if g.Title != "" {
			m[strings.ToLower(g.Title)] = id
		}
	}
	return m
}

// roleNames maps the lowercased title of each role, and the name of the
// person holding it, to the role's id.
func roleNames(roles map[string]*Role) map[string]string {
	m := map[string]string{}
	for id, r := range roles {
		for _, n := range []string{r.Title, r.Person} {
			if n != "" {
				m[strings.ToLower(n)] = id
			}
		}
	}
	return m
}

func known(what string, ids []string, got string) string {
	if len(ids) == 0 {
		return fmt.Sprintf(" (this brief has no %s yet)", what)
	}
	if s := Suggest(got, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return fmt.Sprintf(" (its %s: %s)", what, strings.Join(ids, ", "))
}

// pageCommon decodes the keys every page has.
func (d *decoder) pageCommon(p *Page, f fieldSet) {
	p.Title = d.str(f.get("title"), "title")
	p.Summary = d.str(f.get("summary"), "summary")
	p.Description = d.str(f.get("description"), "description")
	p.Date = d.date(f.get("date"), "date")
	p.Draft = d.boolean(f.get("draft"), "draft")
	p.Weight, _ = d.integer(f.get("weight"), "weight")
}

// valPos is where a value is written, or the zero Pos for a missing one.
func valPos(n *Node) Pos {
	if n == nil {
		return Pos{}
	}
	return n.Pos
}
