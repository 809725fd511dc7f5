package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// Front-matter formats.
const (
	YAML = "yaml"
	TOML = "toml"
	JSON = "json"
)

// maxNodes bounds the values one front-matter block may hold (a brief of
// 10,000 roles holds about 150,000), and maxAliased those its YAML aliases
// may expand to, so that an alias bomb ("billion laughs") is an error, not
// an out-of-memory crash.
const (
	maxNodes   = 500_000
	maxAliased = 100_000
)

// maxDepth bounds the nesting of front-matter values.
const maxDepth = 64

// The errors of front matter beyond the bounds, which say what the bound is.
const (
	errTooMany    = "the front matter holds more than 500,000 values (keys, list items, numbers and text), the most playbook reads in one file: split it into several briefs"
	errTooDeep    = "the front matter is nested more than 64 levels deep, the most playbook reads: write it flatter"
	errTooAliased = "the front matter's aliases (*name) expand to more than 100,000 values, the most playbook reads: write the values out instead"
)

// Document is a source file split into its front matter and its body.
type Document struct {
	Format   string // YAML, TOML, JSON, or "" when the file has no front matter
	Meta     *Node  // the front matter; an empty map when there is none
	Body     []byte // the Markdown after the front matter
	BodyLine int    // the line of the file where Body starts
	Hash     uint64 // a hash of the whole file, for caches
	MetaHash uint64 // a hash of the file but the body

	bodyAt int        // where Body starts in the file as read, or -1 if it is a copy
	arena  *nodeArena // Meta's nodes, when quickYAML made them
}

// letMetaGo drops the front matter's tree once the page is decoded, and
// hands its nodes on to the next file to parse. Only the Load that read
// the Document may call it: nothing else may hold the Document or a Node
// of it.
func (d *Document) letMetaGo() {
	arena := d.arena
	d.dropMeta()
	if arena != nil {
		arena.release()
	}
}

// dropMeta drops the front matter's tree, leaving its nodes to the
// collector: for a Document a DocCache holds, which Loads share.
func (d *Document) dropMeta() { d.Meta, d.arena = nil, nil }

// ParseDocument splits src (the contents of the file at path) into front
// matter and body. A byte-order mark is dropped and CRLF line endings work.
func ParseDocument(path string, src []byte) (*Document, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &Error{Path: path, Pos: offsetPos(src, i), Msg: "this looks like a binary file, not Markdown text (it contains a NUL byte)"}
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return nil, &Error{Path: path, Pos: offsetPos(src, i), Msg: "the file is not valid UTF-8 text; save it as UTF-8"}
	}

	format, openLine, raw, body, found := splitFrontMatter(src)
	if format == "" {
		return &Document{Meta: &Node{Kind: MapNode}, Body: src, BodyLine: 1}, nil
	}
	if !found {
		msg := fmt.Sprintf("the front matter opened here is never closed: did you forget the closing `%s`?", delimiters[format])
		if format == JSON {
			msg = "the JSON front matter opened here is never closed: did you forget the closing `}` on a line of its own?"
		}
		return nil, &Error{Path: path, Pos: Pos{openLine, 1}, Msg: msg}
	}
	var meta *Node
	var arena *nodeArena
	var err error
	switch format {
	case YAML:
		meta, arena, err = parseYAML(path, raw, openLine+1)
	case TOML:
		meta, err = parseTOML(path, raw, openLine+1)
	case JSON:
		meta, err = parseJSON(path, raw, openLine)
		if err == nil && body == nil {
			// splitJSON handed on what encoding/json does not read as one
			// JSON object, for parseJSON to say where it goes wrong.
			err = &Error{Path: path, Pos: Pos{openLine, 1}, Msg: "invalid JSON: the front matter is not one JSON object"}
		}
	}
	if err != nil {
		return nil, err
	}
	if meta.Kind == NullNode {
		meta = &Node{Kind: MapNode, Pos: meta.Pos}
	}
	if meta.Kind != MapNode {
		return nil, &Error{Path: path, Pos: meta.Pos, Msg: fmt.Sprintf("front matter must be a set of `key: value` lines, not %s", meta.describe())}
	}
	bodyLine := 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))
	return &Document{Format: format, Meta: meta, Body: body, BodyLine: bodyLine, arena: arena}, nil
}

// delimiters holds the line that opens and closes YAML and TOML front
// matter.
var delimiters = map[string]string{YAML: "---", TOML: "+++"}

// splitFrontMatter finds the front matter of src: its first non-blank line
// opens it, and names its format ("" when it opens none). YAML and TOML
// are split by github.com/adrg/frontmatter, at the first line that is the
// opening delimiter again; JSON by splitJSON. Lines are compared with
// surrounding space trimmed, so CRLF line endings work. openLine is the
// line of the opening delimiter. raw is the front matter (JSON keeps its
// braces), body the rest of the file, both slices of src; found is false
// when the front matter is never closed.
func splitFrontMatter(src []byte) (format string, openLine int, raw, body []byte, found bool) {
	openLine, openAt, next := 1, 0, 0 // the opening line: its number, offset and end
	for ; openAt < len(src); openLine, openAt = openLine+1, next {
		next = len(src)
		if i := bytes.IndexByte(src[openAt:], '\n'); i >= 0 {
			next = openAt + i + 1
		}
		if t := bytes.TrimSpace(src[openAt:next]); len(t) > 0 {
			switch string(t) {
			case "---":
				format = YAML
			case "+++":
				format = TOML
			case "{":
				format = JSON
			}
			break
		}
	}
	switch format {
	case "":
		return "", 0, nil, src, true
	case JSON:
		raw, body, found = splitJSON(src, openAt)
		return format, openLine, raw, body, found
	}

	// adrg/frontmatter reads a copy of src: its unmarshal function hands
	// on the front matter's length, which says where the closing line and
	// the body start, so that both are slices of src, not of the copy.
	// Once the front matter is found, the reader ends: adrg would copy the
	// body too, which is not needed.
	var rawLen int
	capture := func(data []byte, _ any) error {
		rawLen, found = len(data), true
		return nil
	}
	delim := delimiters[format]
	r := &untilFound{r: bytes.NewReader(src), found: &found}
	if _, err := frontmatter.Parse(r, nil, frontmatter.NewFormat(delim, delim, capture)); err != nil || !found {
		return format, openLine, nil, nil, false // err: capture returns none, and reading src cannot fail
	}
	return format, openLine, src[next : next+rawLen], src[lineEnd(src, next+rawLen):], true
}

// untilFound reads r until *found is set.
type untilFound struct {
	r     io.Reader
	found *bool
}

func (u *untilFound) Read(p []byte) (int, error) {
	if *u.found {
		return 0, io.EOF
	}
	return u.r.Read(p)
}

// splitJSON finds the JSON front matter of src, which opens with the "{"
// line at offset at: it is the first JSON value there, as encoding/json
// reads it, so a "}" of a nested object, on a line of its own, does not
// end it. The line of its closing brace must hold nothing else; the body
// starts on the next line, or after it if that line is blank. (Hugo
// writes the body right after the brace; adrg/frontmatter's rule wants
// the blank line.)
//
// Front matter that is not valid JSON but is closed, by a "}" on a line of
// its own, is handed on whole as raw with a nil body, for parseJSON to
// report where it goes wrong; found is false when it is not closed.
func splitJSON(src []byte, at int) (raw, body []byte, found bool) {
	dec := json.NewDecoder(bytes.NewReader(src[at:]))
	var v json.RawMessage
	err := dec.Decode(&v)
	if err == nil {
		end := at + int(dec.InputOffset())
		next := lineEnd(src, end)
		if len(bytes.TrimSpace(src[end:next])) > 0 {
			return src[at:next], nil, true // text after the brace
		}
		if after := lineEnd(src, next); len(bytes.TrimSpace(src[next:after])) == 0 {
			next = after
		}
		return src[at:end], src[next:], true
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil, nil, false // the end of the file came first
	}
	for rest := src[at:]; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if string(bytes.TrimSpace(line)) == "}" {
			return src[at:], nil, true
		}
	}
	return nil, nil, false
}

// lineEnd returns the offset after the line of src that holds offset i:
// after its newline, or len(src).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}

// offsetPos returns the line and column of byte offset i in src.
func offsetPos(src []byte, i int) Pos {
	if i > len(src) {
		i = len(src)
	}
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:i], '\n')+1:i])
	return Pos{line, col}
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses a YAML front-matter block whose first line is line
// lineOffset of path. The arena, if not nil, holds the nodes.
func parseYAML(path string, data []byte, lineOffset int) (*Node, *nodeArena, error) {
	if n, arena, ok := parseQuickYAML(data, lineOffset); ok {
		return n, arena, nil
	}
	n, err := parseFullYAML(path, data, lineOffset)
	return n, nil, err
}

// parseFullYAML is parseYAML with yaml.v3, for all of YAML.
func parseFullYAML(path string, data []byte, lineOffset int) (*Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// Tabs in the indentation are the commonest cause: report every
		// such line at once, with the spaces it needs.
		if errs := tabErrors(path, strings.Split(string(data), "\n"), lineOffset); len(errs) > 0 {
			return nil, errs
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		pos := Pos{lineOffset, 1}
		if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = m[2]
			lines := strings.Split(string(data), "\n")
			n = yamlCulprit(lines, n, msg)
			pos = Pos{lineOffset + n - 1, 1}
			// yaml.v3 reports some errors on the line after the culprit; a tab in
			// the indentation is the most common cause, so look for one nearby.
			for _, l := range []int{n - 1, n - 2} {
				if l >= 0 && l < len(lines) {
					indent := lines[l][:len(lines[l])-len(strings.TrimLeft(lines[l], " \t"))]
					if i := strings.IndexByte(indent, '\t'); i >= 0 {
						return nil, &Error{Path: path, Pos: Pos{lineOffset + l, i + 1}, Msg: "YAML does not allow tabs for indentation: use spaces"}
					}
				}
			}
		}
		return nil, &Error{Path: path, Pos: pos, Msg: "invalid YAML: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &Node{Kind: NullNode, Pos: Pos{lineOffset, 1}}, nil
	}
	c := yamlConverter{path: path, offset: lineOffset}
	n := c.convert(doc.Content[0], 0)
	if c.err != nil {
		return nil, c.err
	}
	return n, nil
}

// yamlCulprit finds the line (1-based) of a YAML syntax error. yaml.v3
// reports some errors on the line before the culprit, so the first prefix
// of the document that fails with the same message names the line.
func yamlCulprit(lines []string, reported int, msg string) int {
	if len(lines) > 2000 {
		return reported
	}
	var v yaml.Node
	for k := 1; k <= len(lines); k++ {
		err := yaml.Unmarshal([]byte(strings.Join(lines[:k], "\n")), &v)
		if err == nil {
			continue
		}
		if strings.HasSuffix(err.Error(), msg) && k >= reported-1 && k <= reported+1 {
			return k
		}
		break
	}
	return reported
}

type yamlConverter struct {
	path   string
	offset int
	count  int
	alias  int // the depth of aliases being expanded
	expand int // the values expanded from aliases
	err    *Error
	top    Pos // the top-level key being converted, for errors
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) *Node {
	pos := Pos{c.offset + y.Line - 1, y.Column}
	c.count++
	if c.err != nil {
		return &Node{Pos: pos}
	}
	if c.alias > 0 {
		c.expand++
	}
	if msg := tooMuch(c.count, c.expand, depth); msg != "" {
		if c.top.IsValid() && c.alias > 0 {
			pos = c.top
		}
		c.err = &Error{Path: c.path, Pos: pos, Msg: msg}
		return &Node{Pos: pos}
	}
	switch y.Kind {
	case yaml.AliasNode:
		c.alias++
		n := c.convert(y.Alias, depth+1)
		c.alias--
		cp := *n
		cp.Pos = pos
		return &cp
	case yaml.MappingNode:
		n := &Node{Kind: MapNode, Pos: pos}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := c.convert(y.Content[i], depth+1)
			if k.Kind != ScalarNode {
				if c.err == nil {
					c.err = &Error{Path: c.path, Pos: k.Pos, Msg: "a key must be a plain word"}
				}
				continue
			}
			if depth == 0 {
				c.top = k.Pos
			}
			n.Keys = append(n.Keys, k)
			n.Vals = append(n.Vals, c.convert(y.Content[i+1], depth+1))
		}
		return n
	case yaml.SequenceNode:
		n := &Node{Kind: ListNode, Pos: pos}
		for _, item := range y.Content {
			n.Items = append(n.Items, c.convert(item, depth+1))
		}
		return n
	case yaml.ScalarNode:
		n := &Node{Kind: ScalarNode, Value: y.Value, Pos: pos}
		switch y.ShortTag() {
		case "!!null":
			n.Kind = NullNode
		case "!!int":
			n.Type = IntScalar
		case "!!float":
			n.Type = FloatScalar
		case "!!bool":
			n.Type = BoolScalar
		case "!!timestamp":
			n.Type = DateScalar
		}
		return n
	}
	return &Node{Kind: NullNode, Pos: pos}
}

func parseTOML(path string, data []byte, lineOffset int) (*Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			col := pe.Position.Col
			if col < 1 {
				col = 1
			}
			return nil, &Error{Path: path, Pos: Pos{lineOffset + pe.Position.Line - 1, col}, Msg: "invalid TOML: " + pe.Message}
		}
		return nil, &Error{Path: path, Pos: Pos{lineOffset, 1}, Msg: "invalid TOML: " + err.Error()}
	}
	t := tomlConverter{places: tomlPositions(data), offset: lineOffset}
	return t.convert(m, "", Pos{lineOffset, 1}), nil
}

type tomlConverter struct {
	places map[string]Pos // from tomlPositions
	offset int
}

func (t *tomlConverter) pos(key string, parent Pos) Pos {
	if p, ok := t.places[key]; ok {
		return Pos{p.Line + t.offset - 1, p.Col}
	}
	return parent
}

func (t *tomlConverter) convert(v any, key string, pos Pos) *Node {
	switch v := v.(type) {
	case map[string]any:
		n := &Node{Kind: MapNode, Pos: pos}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// Source order: by position, then name.
		sort.Slice(keys, func(i, j int) bool {
			pi, pj := t.pos(join(key, keys[i]), pos), t.pos(join(key, keys[j]), pos)
			if pi != pj {
				return pi.Line < pj.Line || pi.Line == pj.Line && pi.Col < pj.Col
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			kp := t.pos(join(key, k), pos)
			n.Keys = append(n.Keys, &Node{Kind: ScalarNode, Value: k, Pos: kp})
			n.Vals = append(n.Vals, t.convert(v[k], join(key, k), kp))
		}
		return n
	case []map[string]any:
		n := &Node{Kind: ListNode, Pos: pos}
		for i, item := range v {
			ik := fmt.Sprintf("%s.%d", key, i)
			n.Items = append(n.Items, t.convert(item, ik, t.pos(ik, pos)))
		}
		return n
	case []any:
		n := &Node{Kind: ListNode, Pos: pos}
		for i, item := range v {
			ik := fmt.Sprintf("%s.%d", key, i)
			n.Items = append(n.Items, t.convert(item, ik, t.pos(ik, pos)))
		}
		return n
	case string:
		return &Node{Kind: ScalarNode, Value: v, Pos: pos}
	case int64:
		return &Node{Kind: ScalarNode, Type: IntScalar, Value: strconv.FormatInt(v, 10), Pos: pos}
	case float64:
		return &Node{Kind: ScalarNode, Type: FloatScalar, Value: strconv.FormatFloat(v, 'f', -1, 64), Pos: pos}
	case bool:
		return &Node{Kind: ScalarNode, Type: BoolScalar, Value: strconv.FormatBool(v), Pos: pos}
	case time.Time:
		s := v.Format("2006-01-02")
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 {
			s = v.Format(time.RFC3339)
		}
		return &Node{Kind: ScalarNode, Type: DateScalar, Value: s, Pos: pos}
	}
	return &Node{Kind: NullNode, Pos: pos}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// tomlPositions finds where each key and list item of the TOML document
// src is written, keyed by its path as tomlConverter names it
// ("kpis.0.owner"): a key's first part, an item's first character, a
// table's header. BurntSushi/toml, which decodes the document, keeps no
// positions; the parser of github.com/pelletier/go-toml/v2/unstable gives
// the range of every key and value. (A list has no range of its own: a
// list in a list is given its key's position by tomlConverter.) Should
// that parser stop early on a document BurntSushi/toml read, the keys
// after where it stopped are given their parent's position.
func tomlPositions(src []byte) map[string]Pos {
	t := tomlPlaces{out: map[string]Pos{}, at: posCounter{data: src}, arrays: map[string]int{}}
	var p unstable.Parser
	p.Reset(src)
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			t.keyValue(e, table)
		case unstable.Table, unstable.ArrayTable:
			// The header's keys name tables from the top, each in the last
			// item of an array of tables it passes through.
			it := e.Key()
			it.Next()
			first := int(it.Node().Raw.Offset)
			header := bytes.LastIndexByte(src[:first], '\n') + 1
			for header < first && (src[header] == ' ' || src[header] == '\t') {
				header++
			}
			table = ""
			for ok := true; ok; ok = it.Next() {
				table = join(table, string(it.Node().Data))
				if n, ok := t.arrays[table]; ok && !(it.IsLast() && e.Kind == unstable.ArrayTable) {
					table = table + "." + strconv.Itoa(n-1)
				}
				t.set(table, header)
			}
			if e.Kind == unstable.ArrayTable {
				n := t.arrays[table]
				t.arrays[table] = n + 1
				table = table + "." + strconv.Itoa(n)
				t.set(table, header)
			}
		}
	}
	return t.out
}

// tomlPlaces collects the positions tomlPositions finds.
type tomlPlaces struct {
	out    map[string]Pos
	at     posCounter
	arrays map[string]int // the items of each array of tables so far
}

// set records that path is written at offset off, unless it was already
// (a table is where it is first named).
func (t *tomlPlaces) set(path string, off int) {
	if _, ok := t.out[path]; !ok {
		t.out[path] = t.at.pos(off)
	}
}

// keyValue records the key of kv, in the table at path, and its value.
func (t *tomlPlaces) keyValue(kv *unstable.Node, path string) {
	for it := kv.Key(); it.Next(); {
		path = join(path, string(it.Node().Data))
		t.set(path, int(it.Node().Raw.Offset))
	}
	t.value(kv.Value(), path)
}

// value records the items of v, at path, if it is a list or a table.
func (t *tomlPlaces) value(v *unstable.Node, path string) {
	i := 0
	for it := v.Children(); it.Next(); i++ {
		item := it.Node()
		switch v.Kind {
		case unstable.InlineTable:
			t.keyValue(item, path)
		case unstable.Array:
			ip := path + "." + strconv.Itoa(i)
			if item.Kind != unstable.Array {
				t.set(ip, int(item.Raw.Offset))
			}
			t.value(item, ip)
		}
	}
}

func parseJSON(path string, data []byte, lineOffset int) (*Node, error) {
	p := jsonParser{path: path, data: data, dec: json.NewDecoder(bytes.NewReader(data)), offset: lineOffset, at: posCounter{data: data}}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errAt(int(p.dec.InputOffset()), "invalid JSON: unexpected text after the closing `}`")
	}
	return n, nil
}

type jsonParser struct {
	path   string
	data   []byte
	dec    *json.Decoder
	offset int
	count  int

	at posCounter // positions in data
}

// A posCounter gives the line and column of offsets in data (counted in
// characters, from 1). It counts on from the last offset it was asked
// for, so that offsets asked for in order, as parsers ask for them, are
// found in linear time, even in front matter of one long line.
type posCounter struct {
	data      []byte
	off       int // the last offset asked for, and its position:
	line, col int // 0 until one is
}

// pos returns the line and column of offset off.
func (c *posCounter) pos(off int) Pos {
	if off < c.off || c.line == 0 {
		c.off, c.line, c.col = 0, 1, 1
	}
	off = min(off, len(c.data))
	for ; c.off < off; c.off++ {
		switch b := c.data[c.off]; {
		case b == '\n':
			c.line, c.col = c.line+1, 1
		case b < utf8.RuneSelf || utf8.RuneStart(b):
			c.col++
		}
	}
	return Pos{c.line, c.col}
}

func (p *jsonParser) errAt(off int, msg string) error {
	pos := p.at.pos(off)
	pos.Line += p.offset - 1
	return &Error{Path: p.path, Pos: pos, Msg: msg}
}

// start returns the offset where the next token begins.
func (p *jsonParser) start() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[i]) >= 0 {
		i++
	}
	return i
}

func (p *jsonParser) token() (json.Token, Pos, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		msg := err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			msg = "unexpected end of the front matter"
			off = len(p.data)
		}
		return nil, Pos{}, p.errAt(off, "invalid JSON: "+msg)
	}
	pos := p.at.pos(off)
	pos.Line += p.offset - 1
	return tok, pos, nil
}

func (p *jsonParser) value(depth int) (*Node, error) {
	tok, pos, err := p.token()
	if err != nil {
		return nil, err
	}
	p.count++
	if msg := tooMuch(p.count, 0, depth); msg != "" {
		return nil, &Error{Path: p.path, Pos: pos, Msg: msg}
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: MapNode, Pos: pos}
			for p.dec.More() {
				kt, kpos, err := p.token()
				if err != nil {
					return nil, err
				}
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, &Node{Kind: ScalarNode, Value: kt.(string), Pos: kpos})
				n.Vals = append(n.Vals, v)
			}
			if _, _, err := p.token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &Node{Kind: ListNode, Pos: pos}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			if _, _, err := p.token(); err != nil {
				return nil, err
			}
			return n, nil
		}
	case string:
		return &Node{Kind: ScalarNode, Value: t, Pos: pos}, nil
	case json.Number:
		typ := IntScalar
		if _, err := t.Int64(); err != nil {
			typ = FloatScalar
			if f, err := t.Float64(); err != nil || math.IsInf(f, 0) {
				return nil, &Error{Path: p.path, Pos: pos, Msg: "number out of range"}
			}
		}
		return &Node{Kind: ScalarNode, Type: typ, Value: t.String(), Pos: pos}, nil
	case bool:
		return &Node{Kind: ScalarNode, Type: BoolScalar, Value: strconv.FormatBool(t), Pos: pos}, nil
	case nil:
		return &Node{Kind: NullNode, Pos: pos}, nil
	}
	return nil, &Error{Path: p.path, Pos: pos, Msg: "invalid JSON"}
}

// tooMuch returns the error of front matter that holds count values, of
// which aliased came from aliases, nested depth deep, or "" when it is
// within the bounds.
func tooMuch(count, aliased, depth int) string {
	switch {
	case depth > maxDepth:
		return errTooDeep
	case aliased > maxAliased:
		return errTooAliased
	case count > maxNodes:
		return errTooMany
	}
	return ""
}

// tabErrors returns an error for each line of YAML indented with a tab,
// saying how many spaces it needs, from the line above: two more than a
// key that opens a block ("goals:"), as many as the keys of a list item for
// a key after one ("- id: g" then "title: G"), as many as the line above
// for a key that goes on at its level, and the dash of the list item it
// follows for the next item. (A line that goes back out of a block with a
// tab cannot be told from one that goes on: it is told the latter.)
func tabErrors(path string, lines []string, lineOffset int) ErrorList {
	var errs ErrorList
	prev, prevItem, prevOpens, first := 0, false, false, true
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		lead := line[:len(line)-len(trimmed)]
		need := len(lead)
		item := strings.HasPrefix(trimmed, "- ") || trimmed == "-"
		if strings.ContainsRune(lead, '\t') {
			keyCol := prev // where the keys of the line above start
			if prevItem {
				keyCol = prev + 2
			}
			switch {
			case first:
				need = 0
			case prevOpens:
				need = keyCol + 2
			case item && prevItem:
				need = prev
			case item:
				need = max(prev-2, 0) // the dash of the item whose key is above
			default:
				need = keyCol
			}
			col := strings.IndexByte(lead, '\t') + 1
			switch need {
			case 0:
				errs.Add(path, Pos{lineOffset + i, col}, "a tab indents this line, and YAML allows only spaces: remove the indentation, as the line is at the top level")
			case 1:
				errs.Add(path, Pos{lineOffset + i, col}, "a tab indents this line, and YAML allows only spaces: indent it with 1 space")
			default:
				errs.Add(path, Pos{lineOffset + i, col}, "a tab indents this line, and YAML allows only spaces: indent it with %d spaces", need)
			}
		}
		prev, prevItem, first = need, item, false
		prevOpens = strings.HasSuffix(stripYAMLComment(trimmed), ":")
	}
	return errs
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// stripYAMLComment drops a " #" comment from a line.
func stripYAMLComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
