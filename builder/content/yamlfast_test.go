package content

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/playbook-dev/playbook/builder/corpus"
)

// sameAsFull fails t unless parseQuickYAML gives up on data or gives the
// nodes yaml.v3 gives.
func sameAsFull(t *testing.T, data []byte) (quick bool) {
	t.Helper()
	got, arena, ok := parseQuickYAML(data, 2)
	if !ok {
		return false
	}
	defer arena.release() // the next parse reuses the nodes, as Load's do
	want, err := parseFullYAML("x.md", data, 2)
	if err != nil {
		t.Fatalf("quick YAML accepted what yaml.v3 rejects (%v):\n%s", err, data)
	}
	if g, w := dumpNode(got), dumpNode(want); g != w {
		t.Fatalf("quick YAML differs from yaml.v3 on\n%s\nquick:\n%s\nyaml.v3:\n%s", data, g, w)
	}
	return true
}

// dumpNode writes out the tree of n as decoding reads it: positions, kinds,
// types and values, in order.
func dumpNode(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, indent string)
	walk = func(n *Node, indent string) {
		fmt.Fprintf(&b, "%s%d:%d kind %d type %d %q\n", indent, n.Pos.Line, n.Pos.Col, n.Kind, n.Type, n.Value)
		for i := range n.Keys {
			walk(n.Keys[i], indent+"  key ")
			walk(n.Vals[i], indent+"  val ")
		}
		for _, it := range n.Items {
			walk(it, indent+"  - ")
		}
	}
	walk(n, "")
	return b.String()
}

// quickCases are front-matter blocks, and whether quickYAML reads them
// (true) or leaves them to yaml.v3.
var quickCases = []struct {
	yaml  string
	quick bool
}{
	{"title: Plain\nsummary: Words, commas [and] brackets: fine\n", false},
	{"title: Plain\nsummary: Words, commas [and] brackets, fine\n", true},
	{"title: 'It''s quoted'\nsummary: \"Double: quoted # not a comment\"  # a comment\n", true},
	{"title: x # comment\n# a comment line\n\n  # indented comment\nweight: 3\n", true},
	{"weight: -3\nratio: 0.25\nneg: -1.5\nplus: +7\nzero: 0\ndate: 2026-02-28\non: yes\nflag: True\nnone: ~\nnil: null\n", true},
	{"url: https://example.com/a#b\nat: a:b\n", true},
	{"time: 10:30\n", false},
	{"tags: [a, b c, 'd e', \"f\"]\nempty: []\nnone: {}\n", true},
	{"kpis:\n  - id: k\n    history:\n      - {date: 2026-01-06, value: 1.5}\n      - {date: 2026-02-05, value: -2}\n", true},
	{"roles:\n  - id: r\n    responsibilities:\n      - One\n      - Two\n    requirements: [Budget]\n  - id: s\n", true},
	{"nested:\n  deeper:\n    deepest: x\n  back: y\nlast: z\n", true},
	{"list:\n- indentless\n", false},
	{"title: Café crème\nsummary: «Unicode» — after ✓, [x]\nowner: Zoë\n", true},
	{"title: héllo\nlist: [é, ü]\nmap: {ï: ö}\n", true},
	{"a: 1\na: 2\n", true},
	{"seq:\n  -   spaced: out\n      more: here\n", true},
	{"multi: line\n  continued\n", false},
	{"block: |\n  text\n", false},
	{"anchor: &a x\nalias: *a\n", false},
	{"tagged: !!str 3\n", false},
	{"empty:\nnext: x\n", false},
	{"escape: \"a\\tb\"\n", false},
	{"tab:\tx\n", false},
	{"crlf: x\r\n", false},
	{"trailing: [a, b, ]\n", false},
	{"flowkey: {a, b: c}\n", false},
	{"octal: 0777\nbig: 99999999999999999999\n", false},
	{"under: 1_000\n", false},
	{"exp: 1.5e3\n", false},
	{"bad: 2026-02-30\n", false},
	{"dot: .5\n", false},
	{"merge: {<<: x}\n", false},
	{"key: value: more\n", false},
	{"? complex\n: key\n", false},
	{"- top\n- level\n", true},
	{"'quoted key': x\n", false},
	{"null: x\n", false},
	{"multi: 'line\n  quote'\n", false},
	{"a: [x\n  , y]\n", false},
	{"dash: - x\n", false},
	{"doc: x\n---\ny: z\n", false},
	{"a:\n  b: 1\n c: 2\n", false},
	{"a:\n    b: 1\n  c: 2\n", false},
	{"- a\n -b\n", false},
	{"ctrl: \x01\n", false},
	{"nbsp: a\u00a0b\nls: a\u2028b\n", false},
	{"a: 'it''s'\nb: ''\nc: ''''\n", true},
	{"a: \"\"\n", true},
	{"k: v\n" + strings.Repeat(" ", 3) + "\n", true},
	{"k:    spaced   \n", true},
	{"k: x#y\n", true},
	{"k: [a#b]\n", false},
	{"k: {a: [1, 2], b: {c: d}}\n", true},
	{"k: [[1, 2], [3]]\n", true},
	{"k: x\n  # a comment more indented\nl: y\n", true},
	{"k: 2026-1-2\n", false},
	{"k : v\n", true},
	{"k: v\n\n\n", true},
	{"k: 1" + strings.Repeat("0", 308) + ".5\n", true},
	{"k: 1" + strings.Repeat("0", 309) + ".5\n", false},
	{"k: {" + strings.Repeat("a", 1000) + ": v}\n", true},
	{"k: {" + strings.Repeat("a", 1025) + ": v}\n", false},
}

func TestQuickYAML(t *testing.T) {
	for _, c := range quickCases {
		t.Run("", func(t *testing.T) {
			if got := sameAsFull(t, []byte(c.yaml)); got != c.quick {
				t.Errorf("quick = %v, want %v for\n%s", got, c.quick, c.yaml)
			}
		})
	}
}

// TestQuickYAMLReadsBriefs checks that the generated briefs and the
// project's own are read by quickYAML, and read as yaml.v3 reads them.
func TestQuickYAMLReadsBriefs(t *testing.T) {
	var files [][]byte
	for _, data := range corpus.Files(200, 1) {
		files = append(files, data)
	}
	own, _ := filepath.Glob("../../content/*.md")
	for _, name := range own {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	if len(own) == 0 {
		t.Fatal("no briefs in ../../content")
	}
	yamls, quick := 0, 0
	for _, src := range files {
		format, _, raw, _, found := splitFrontMatter(src)
		if !found || format != YAML {
			continue
		}
		yamls++
		if sameAsFull(t, raw) {
			quick++
		}
	}
	if yamls < 200 || quick != yamls {
		t.Errorf("quick YAML read %d of %d front-matter blocks", quick, yamls)
	}
}

// FuzzQuickYAML checks that whatever quickYAML reads, it reads as yaml.v3
// does.
func FuzzQuickYAML(f *testing.F) {
	for _, c := range quickCases {
		f.Add([]byte(c.yaml))
	}
	for _, s := range seeds(f) {
		if format, _, raw, _, found := splitFrontMatter(s); found && format == YAML {
			f.Add(raw)
		}
	}
	f.Add([]byte(brief))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsFull(t, data)
	})
}

// TestPackedText checks that a decoded brief's text is one string of its
// own: no field keeps the front matter it was parsed from alive.
func TestPackedText(t *testing.T) {
	src := []byte(strings.Replace(brief, "sponsor: cmo", "sponsor: cmo\ntags: [a, b]\nhealth:\n  ignore: [goals/unmeasured]", 1))
	doc, err := ParseDocument("content/x.md", src)
	if err != nil {
		t.Fatal(err)
	}
	d := decodePage("content/x.md", doc)
	if len(d.errs) > 0 || d.page.Brief == nil {
		t.Fatalf("decoding: %v", d.errs)
	}
	var texts []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if v.Len() > 0 {
				texts = append(texts, v.String())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	b := d.page.Brief
	walk(reflect.ValueOf(*b))
	for _, g := range b.Goals {
		walk(reflect.ValueOf(*g))
	}
	for _, r := range b.Roles {
		walk(reflect.ValueOf(*r))
	}
	texts = append(texts, d.page.Title, d.page.Summary)
	lo, hi, n := uintptr(1<<63), uintptr(0), 0
	for _, s := range texts {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		lo, hi, n = min(lo, p), max(hi, p+uintptr(len(s))), n+len(s)
	}
	if len(texts) < 12 || hi-lo != uintptr(n) {
		t.Errorf("%d strings of %d bytes span %d bytes: not one packed string", len(texts), n, hi-lo)
	}
}
