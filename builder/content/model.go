package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"time"
)

// Site is a loaded and validated playbook: every page of content/, with the
// relations between briefs, goals, roles and KPIs resolved.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute, ending in "/", or "" for root-relative links
	Language    string
	UnsafeHTML  bool
	PageSize    int
	RepoURL     string

	Home   *Page   // the home page, from content/_index.md or made up
	Pages  []*Page // every page (home, sections, briefs, plain pages), sorted by URL
	Briefs []*Page // the briefs, newest first
	Files  []*File // every other file under content/, copied as is

	// Warnings are problems that do not stop the build.
	Warnings ErrorList

	bySource map[string]any // "content/web/seo.md" → *Page or *File
}

// Lookup returns the page or file built from the source path
// ("content/web/seo.md"), or nil.
func (s *Site) Lookup(source string) any { return s.bySource[source] }

// File is a file under content/ that is not Markdown; it is copied to the
// same path in the output.
type File struct {
	Source string // "content/web/diagram.png"
	Out    string // output path: "web/diagram.png"
	URL    string // "/web/diagram.png", escaped
}

// Kind tells what a page is.
type Kind int

// The kinds of page.
const (
	HomePage    Kind = iota // content/_index.md
	SectionPage             // a folder: content/web/_index.md, or made up
	BriefPage               // a Markdown file with goals, roles or KPIs
	PlainPage               // any other Markdown file
)

func (k Kind) String() string {
	return [...]string{"home", "section", "brief", "page"}[k]
}

// Page is one Markdown file (or one folder) and the page it becomes.
type Page struct {
	Kind        Kind
	Source      string // "content/web/seo.md"; "" for a made-up section
	URL         string // "/web/seo/"
	Title       string
	Summary     string
	Description string
	Date        time.Time // last revised; zero when unknown
	Draft       bool
	Weight      int

	Body     []byte // Markdown
	BodyLine int    // line of Source where Body starts

	Section  *Page   // the section that lists this page; nil for the home page
	Children []*Page // for the home page and sections: pages and subsections

	Brief *Brief // for briefs

	Hash     uint64       // a hash of the source file: equal hashes, equal pages
	MetaHash uint64       // a hash of the source file but the body: equal hashes, equal metadata
	Format   string       // front-matter format
	KeyPos   KeyPositions // where each front-matter key is written

	leftAt int // 1 + where the body left by the load starts in the file; 0: not left

	// 1 + the page's place in the last load's Briefs and in its section's
	// Children (0: none), for sortReusing.
	briefRank, childRank int
}

// ReadBody returns the page's Markdown: Body, or, where the load left it
// (Options.LeaveBodies), the end of the file read again from fsys. A file
// that changed since it was loaded is an error. A file is read into buf,
// emptied first, if buf is not nil: the body it returns is then good until
// buf is used again, and one buffer can serve page after page.
func (p *Page) ReadBody(fsys fs.FS, buf *bytes.Buffer) ([]byte, error) {
	if p.leftAt == 0 {
		return p.Body, nil
	}
	var src []byte
	var err error
	if buf == nil {
		src, err = fs.ReadFile(fsys, p.Source)
	} else {
		src, err = readInto(fsys, p.Source, buf)
	}
	if err != nil {
		return nil, &Error{Path: p.Source, Pos: Pos{1, 1}, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}
	}
	if hash(src) != p.Hash || p.leftAt-1 > len(src) {
		return nil, &Error{Path: p.Source, Pos: Pos{1, 1}, Msg: "the file changed while the site was being built: build again"}
	}
	return src[p.leftAt-1:], nil
}

// readInto reads the file name into buf, emptied first, and returns its
// bytes.
func readInto(fsys fs.FS, name string, buf *bytes.Buffer) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf.Reset()
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 && fi.Size() <= MaxFileSize {
		buf.Grow(int(fi.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// IsBrief reports whether p is a brief.
func (p *Page) IsBrief() bool { return p.Kind == BriefPage }

// Brief is the front matter of a brief, with relations resolved.
type Brief struct {
	Page     *Page
	Status   string // proposed | active | paused | done
	Approach string // marketing-led | it-led | partnership | amalgamated | vendor | ""
	Sponsor  *Role  // nil when not named
	Start    time.Time
	Due      time.Time
	Tags     []string
	Ignore   []string // health rules waived for this brief
	Goals    []*Goal
	Roles    []*Role
	KPIs     []*KPI

	DateSet bool // whether `date` was written (rather than taken from `start`)
}

// Goal is a business goal of a brief.
type Goal struct {
	ID, Title, Why string
	KPIs           []*KPI // the KPIs that measure it
	Pos            Pos
	KeyPos         KeyPositions
}

// Role is a role on a brief and the person who holds it.
type Role struct {
	Brief            *Brief
	ID               string
	Title            string
	Team             string
	Person           string
	ReportsTo        *Role   // nil for the top of the chart
	Reports          []*Role // roles that report to this one
	Responsibilities []string
	Requirements     []string
	Pos              Pos
	KeyPos           KeyPositions
}

// KPI is a key performance indicator of a brief.
type KPI struct {
	Brief    *Brief
	ID       string
	Name     string
	Goal     *Goal
	Owner    *Role
	Unit     string
	Baseline *float64
	Target   *float64
	Current  *float64
	Due      time.Time
	History  []Measurement
	Pos      Pos
	KeyPos   KeyPositions

	values [3]float64 // what Baseline, Target and Current point to
}

// Measurement is one dated value of a KPI.
type Measurement struct {
	Date  time.Time
	Value float64
	Pos   Pos
}

// LowerIsBetter reports whether the KPI improves by going down (its target is
// below its baseline).
func (k *KPI) LowerIsBetter() bool {
	return k.Baseline != nil && k.Target != nil && *k.Target < *k.Baseline
}

// Latest returns the most recent value: Current, else the last measurement.
func (k *KPI) Latest() (float64, bool) {
	if k.Current != nil {
		return *k.Current, true
	}
	if n := len(k.History); n > 0 {
		return k.History[n-1].Value, true
	}
	return 0, false
}

// Progress is how far the latest value has come from baseline toward target,
// from 0 to 1 (clamped). It is false when any of the three is unknown.
func (k *KPI) Progress() (float64, bool) {
	cur, ok := k.Latest()
	if !ok || k.Baseline == nil || k.Target == nil || *k.Target == *k.Baseline {
		return 0, false
	}
	p := (cur - *k.Baseline) / (*k.Target - *k.Baseline)
	return math.Max(0, math.Min(1, p)), true
}

// Met reports whether the latest value has reached the target.
func (k *KPI) Met() bool {
	cur, ok := k.Latest()
	if !ok || k.Target == nil {
		return false
	}
	if k.LowerIsBetter() {
		return cur <= *k.Target
	}
	return cur >= *k.Target
}

// The states of a KPI, as State returns them and pages show them.
const (
	StateMet        = "met"         // the target is reached
	StateOnTrack    = "on-track"    // an active brief's KPI where it should be
	StateOffTrack   = "off-track"   // an active brief's KPI behind
	StateNotStarted = "not-started" // a proposed brief's: nothing is expected yet
	StatePaused     = "paused"      // a paused brief's
	StateMissed     = "missed"      // a done brief's that did not reach its target
)

// State is where the KPI stands on the given day, by its brief's status: a
// proposed brief's KPIs have not started, a paused one's are paused, a
// done one's are met or missed; an active one's are met, on track or off
// track.
func (k *KPI) State(today time.Time) string {
	status := ""
	if k.Brief != nil {
		status = k.Brief.Status
	}
	switch {
	case status == "proposed":
		return StateNotStarted
	case status == "paused":
		return StatePaused
	case k.Met():
		return StateMet
	case status == "done":
		return StateMissed
	case k.OnTrack(today):
		return StateOnTrack
	}
	return StateOffTrack
}

// OnTrack reports whether the KPI is where it should be on the given day: met,
// or its progress at least the share of time elapsed between the first
// measurement (or the brief's start) and its due date. Without dates, any
// progress beyond the baseline counts as on track.
func (k *KPI) OnTrack(today time.Time) bool {
	b := k.Brief
	if k.Met() {
		return true
	}
	p, ok := k.Progress()
	if !ok {
		return false
	}
	due := k.Due
	if due.IsZero() && b != nil {
		due = b.Due
	}
	start := time.Time{}
	if b != nil {
		start = b.Start
	}
	if len(k.History) > 0 && (start.IsZero() || k.History[0].Date.Before(start)) {
		start = k.History[0].Date
	}
	if due.IsZero() || start.IsZero() || !due.After(start) {
		return p > 0
	}
	if !today.Before(due) {
		return false
	}
	elapsed := today.Sub(start).Hours() / due.Sub(start).Hours()
	return p+0.1 >= elapsed // ten points of grace
}

// KeyPositions records where each key of a front-matter mapping is written,
// in the order written. It is a list, not a map: a mapping has a handful of
// keys, and a large site holds one for every goal, role and KPI.
type KeyPositions []KeyPosition

// KeyPosition is one key and where it is written. The key is held as its
// place in keyNames, every key front matter knows, so that the lists of a
// large site hold nothing for the garbage collector to follow.
type KeyPosition struct {
	key       uint8
	line, col int32
}

// Key returns the key.
func (p KeyPosition) Key() string {
	if int(p.key) >= len(keyNames) {
		return "" // not a known key: keyPosition keeps only those
	}
	return keyNames[p.key]
}

// Pos returns where the key is written.
func (p KeyPosition) Pos() Pos { return Pos{int(p.line), int(p.col)} }

// keyPosition returns the KeyPosition of key at pos. The key must be one of
// keyNames (TestKeyPositions checks every list of known keys is); any other
// is recorded as no key, which Lookup does not find.
func keyPosition(key string, pos Pos) KeyPosition {
	k, ok := keyIndex[key]
	if !ok {
		k = math.MaxUint8
	}
	return KeyPosition{k, int32(min(pos.Line, math.MaxInt32)), int32(min(pos.Col, math.MaxInt32))}
}

// Lookup returns where key is written, and whether it is.
func (ps KeyPositions) Lookup(key string) (Pos, bool) {
	for _, p := range ps {
		if p.Key() == key {
			return p.Pos(), true
		}
	}
	return Pos{}, false
}

// Of returns where key is written, or the zero Pos.
func (ps KeyPositions) Of(key string) Pos {
	p, _ := ps.Lookup(key)
	return p
}
