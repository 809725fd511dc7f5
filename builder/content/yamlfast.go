package content

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Most front matter is written in a small part of YAML: block mappings and
// sequences, one-line flow collections ([a, b], {date: …, value: …}) and
// one-line plain or quoted scalars. quickYAML parses that part straight
// into Nodes, with the positions, values and types yaml.v3 and
// yamlConverter give them, at a fraction of yaml.v3's cost. On anything
// else (anchors, tags, block scalars, scalars over several lines, escapes,
// empty values, tabs, odd characters, errors) it gives up, and parseYAML
// leaves the whole block to yaml.v3, so that what is accepted and every
// error stay exactly yaml.v3's. FuzzQuickYAML holds it to that.
type quickYAML struct {
	lines  []string
	ascii  bool // every line is ASCII: a column is a byte offset
	offset int  // the file line of the block's first line
	i      int  // the line being parsed
	count  int  // nodes made, as yamlConverter counts them
	arena  *nodeArena
}

// errQuick is what the parser's methods return when the block is not in
// the part of YAML it knows.
var errQuick = &Error{Msg: "not quick YAML"}

// parseQuickYAML parses data, the front matter of a file whose first line
// is lineOffset, if quickYAML knows all of it, into nodes held by arena;
// ok is false if not.
func parseQuickYAML(data []byte, lineOffset int) (n *Node, arena *nodeArena, ok bool) {
	src := string(data)
	ascii, good := quickChars(src)
	if !good {
		return nil, nil, false
	}
	p := &quickYAML{lines: strings.Split(src, "\n"), ascii: ascii, offset: lineOffset}
	for _, l := range p.lines {
		if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...") {
			return nil, nil, false // a document marker
		}
	}
	if !p.skipBlank() || p.indent(p.i) != 0 {
		return nil, nil, false
	}
	p.arena = arenas.Get().(*nodeArena)
	n, err := p.block(0)
	if err != nil || p.skipBlank() {
		p.arena.release()
		return nil, nil, false
	}
	return n, p.arena, true
}

// A nodeArena holds the nodes of a front-matter block, a slab at a time.
// Once the page is decoded (Document.letMetaGo), the next file's block
// reuses them, and the slices of keys, values and items they grew: a
// build of thousands of briefs allocates a few arenas' worth of nodes
// rather than hundreds of thousands.
type nodeArena struct {
	slabs [][]Node
	used  int
}

const arenaSlab = 64

// arenas holds the arenas of decoded pages, for the next to parse.
var arenas = sync.Pool{New: func() any { return new(nodeArena) }}

// node returns a zero node, but for the capacity of its slices.
func (a *nodeArena) node() *Node {
	s, i := a.used/arenaSlab, a.used%arenaSlab
	if s == len(a.slabs) {
		a.slabs = append(a.slabs, make([]Node, arenaSlab))
	}
	a.used++
	n := &a.slabs[s][i]
	*n = Node{Keys: n.Keys[:0], Vals: n.Vals[:0], Items: n.Items[:0]}
	return n
}

// release hands the arena to the next block to parse; a very large one is
// let go instead.
func (a *nodeArena) release() {
	if len(a.slabs) > 64 {
		return
	}
	a.used = 0
	arenas.Put(a)
}

// quickChars reports whether src holds only characters quickYAML reads as
// yaml.v3 does: printable characters and newlines, no tab, carriage
// return, byte-order mark or Unicode line break. ascii is whether all are
// ASCII.
func quickChars(src string) (ascii, ok bool) {
	ascii = true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c >= 0x20 && c < 0x7f || c == '\n' {
			continue
		}
		if c < 0x80 {
			return false, false
		}
		ascii = false
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && size == 1,
			r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false, false
		}
		i += size - 1
	}
	return ascii, true
}

// skipBlank moves to the next line that holds more than spaces and a
// comment, and reports whether there is one.
func (p *quickYAML) skipBlank() bool {
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		k := p.indent(p.i)
		if k < len(l) && l[k] != '#' {
			return true
		}
	}
	return false
}

// indent returns the number of spaces line i starts with.
func (p *quickYAML) indent(i int) int {
	l := p.lines[i]
	k := 0
	for k < len(l) && l[k] == ' ' {
		k++
	}
	return k
}

// node returns a new node at byte offset at of line i, nested depth deep.
func (p *quickYAML) node(kind NodeKind, i, at, depth int) (*Node, error) {
	p.count++
	if p.count > maxNodes || depth > maxDepth {
		return nil, errQuick
	}
	n := p.arena.node()
	n.Kind = kind
	n.Pos = Pos{p.offset + i, p.col(i, at)}
	return n, nil
}

// col returns the column (in characters, from 1) of byte offset at of
// line i.
func (p *quickYAML) col(i, at int) int {
	if p.ascii {
		return at + 1
	}
	return utf8.RuneCountInString(p.lines[i][:at]) + 1
}

// block parses the block node on line p.i, indented by ind spaces.
func (p *quickYAML) block(depth int) (*Node, error) {
	l, ind := p.lines[p.i], p.indent(p.i)
	if isDash(l, ind) {
		return p.sequence(ind, depth)
	}
	return p.mapping(ind, depth)
}

// isDash reports whether a block sequence entry starts at offset at of l.
func isDash(l string, at int) bool {
	return l[at] == '-' && (at+1 == len(l) || l[at+1] == ' ')
}

// sequence parses a block sequence whose dashes are in column ind+1.
func (p *quickYAML) sequence(ind, depth int) (*Node, error) {
	seq, err := p.node(ListNode, p.i, ind, depth)
	if err != nil {
		return nil, err
	}
	for {
		l := p.lines[p.i]
		at := ind + 1
		for at < len(l) && l[at] == ' ' {
			at++
		}
		if at == len(l) || l[at] == '#' || isDash(l, at) {
			return nil, errQuick // a nested block, nothing or a nested dash
		}
		var item *Node
		if keyEnd(l, at) > 0 {
			item, err = p.mapping(at, depth+1)
		} else {
			item, err = p.inline(at, ind, depth+1)
		}
		if err != nil {
			return nil, err
		}
		seq.Items = append(seq.Items, item)
		if !p.skipBlank() || p.indent(p.i) < ind {
			return seq, nil
		}
		if p.indent(p.i) > ind || !isDash(p.lines[p.i], ind) {
			return nil, errQuick
		}
	}
}

// keyEnd returns the offset of the colon ending the plain key that starts
// at offset at of l, or 0 if no key starts there.
func keyEnd(l string, at int) int {
	if !plainStart(l[at:]) {
		return 0
	}
	for k := at; k < len(l); k++ {
		switch {
		case l[k] == '#' && l[k-1] == ' ':
			return 0
		case l[k] == ':' && (k+1 == len(l) || l[k+1] == ' '):
			if k-at > 1000 {
				return 0
			}
			return k
		}
	}
	return 0
}

// mapping parses a block mapping whose first key starts at offset at of
// line p.i (after the dash of a sequence entry, or indented by at spaces);
// the others are indented by at spaces. It ends at the first line indented
// by less.
func (p *quickYAML) mapping(at, depth int) (*Node, error) {
	ind := at // what precedes the first key is spaces and a dash
	var m *Node
	for {
		l := p.lines[p.i]
		colon := keyEnd(l, at)
		if colon == 0 {
			return nil, errQuick
		}
		key, err := p.plain(p.i, at, strings.TrimRight(l[at:colon], " "), depth+1)
		if err != nil {
			return nil, err
		}
		if key.Kind != ScalarNode {
			return nil, errQuick // a null key: yamlConverter's error
		}
		if m == nil {
			if m, err = p.node(MapNode, p.i, at, depth); err != nil {
				return nil, err
			}
		}
		v := colon + 1
		for v < len(l) && l[v] == ' ' {
			v++
		}
		var val *Node
		if v == len(l) || l[v] == '#' {
			// The value is the block on the lines below.
			p.i++
			if !p.skipBlank() || p.indent(p.i) <= ind {
				return nil, errQuick // nothing, or a sequence as indented as the key
			}
			val, err = p.block(depth + 1)
		} else {
			val, err = p.inline(v, ind, depth+1)
		}
		if err != nil {
			return nil, err
		}
		m.Keys = append(m.Keys, key)
		m.Vals = append(m.Vals, val)
		if !p.skipBlank() {
			return m, nil
		}
		next := p.indent(p.i)
		if next < ind {
			return m, nil
		}
		if next > ind {
			return nil, errQuick
		}
		at = next
	}
}

// inline parses the value that starts at offset at of line p.i and ends
// with it, in a block whose entries are indented by ind; p.i moves past
// the line. A next line indented by more would continue a plain scalar or
// be an error: quickYAML gives up.
func (p *quickYAML) inline(at, ind, depth int) (*Node, error) {
	i, l := p.i, p.lines[p.i]
	var n *Node
	var end int
	var err error
	switch l[at] {
	case '[', '{':
		n, end, err = p.flow(i, at, depth)
	case '"', '\'':
		n, end, err = p.quoted(i, at, depth)
	default:
		end = len(l)
		if k := strings.Index(l[at:], " #"); k >= 0 {
			end = at + k
		}
		text := strings.TrimRight(l[at:end], " ")
		if strings.Contains(text, ": ") || strings.HasSuffix(text, ":") {
			return nil, errQuick
		}
		n, err = p.plain(i, at, text, depth)
	}
	if err != nil {
		return nil, err
	}
	if !comment(l[end:]) {
		return nil, errQuick
	}
	p.i++
	if p.skipBlank() && p.indent(p.i) > ind {
		return nil, errQuick
	}
	return n, nil
}

// comment reports whether s, the rest of a line after a value, is blank or
// a comment.
func comment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// flow parses the flow collection or scalar at offset at of line i, which
// must end on that line, and returns the offset after it.
func (p *quickYAML) flow(i, at, depth int) (*Node, int, error) {
	l := p.lines[i]
	skip := func(k int) int {
		for k < len(l) && l[k] == ' ' {
			k++
		}
		return k
	}
	switch l[at] {
	case '"', '\'':
		return p.quoted(i, at, depth)
	case '[', '{':
		isMap := l[at] == '{'
		kind, closer := ListNode, byte(']')
		if isMap {
			kind, closer = MapNode, '}'
		}
		n, err := p.node(kind, i, at, depth)
		if err != nil {
			return nil, 0, err
		}
		k := skip(at + 1)
		if k < len(l) && l[k] == closer {
			return n, k + 1, nil
		}
		for {
			if isMap {
				colon := strings.IndexByte(l[k:], ':')
				if colon <= 0 || colon > 1000 || k+colon+1 == len(l) || l[k+colon+1] != ' ' {
					return nil, 0, errQuick // yaml.v3 takes no key over 1024 characters
				}
				text := strings.TrimRight(l[k:k+colon], " ")
				if !plainFlow(text) {
					return nil, 0, errQuick
				}
				key, err := p.plain(i, k, text, depth+1)
				if err != nil {
					return nil, 0, err
				}
				if key.Kind != ScalarNode {
					return nil, 0, errQuick
				}
				n.Keys = append(n.Keys, key)
				k = skip(k + colon + 1)
			}
			if k == len(l) || l[k] == ',' || l[k] == closer {
				return nil, 0, errQuick // an empty entry
			}
			var item *Node
			if l[k] == '[' || l[k] == '{' || l[k] == '"' || l[k] == '\'' {
				item, k, err = p.flow(i, k, depth+1)
			} else {
				end := k
				for end < len(l) && !strings.ContainsRune(",[]{}", rune(l[end])) && !(l[end] == '#' && l[end-1] == ' ') {
					end++
				}
				text := strings.TrimRight(l[k:end], " ")
				if !plainFlow(text) {
					return nil, 0, errQuick
				}
				item, err = p.plain(i, k, text, depth+1)
				k = end
			}
			if err != nil {
				return nil, 0, err
			}
			if isMap {
				n.Vals = append(n.Vals, item)
			} else {
				n.Items = append(n.Items, item)
			}
			k = skip(k)
			switch {
			case k < len(l) && l[k] == closer:
				return n, k + 1, nil
			case k < len(l) && l[k] == ',':
				k = skip(k + 1)
				if k == len(l) || l[k] == closer || l[k] == ',' {
					return nil, 0, errQuick
				}
			default:
				return nil, 0, errQuick
			}
		}
	}
	return nil, 0, errQuick
}

// plainFlow reports whether text can be a plain scalar in a flow
// collection as quickYAML reads one: no colon, comment, flow indicator or
// question mark (which ends one in yaml.v3).
func plainFlow(text string) bool {
	return plainStart(text) && !strings.ContainsAny(text, ":#,?[]{}")
}

// quoted parses the quoted scalar at offset at of line i, which must end
// on that line and hold no escape sequence, and returns the offset after
// it.
func (p *quickYAML) quoted(i, at, depth int) (*Node, int, error) {
	l := p.lines[i]
	value, end := "", -1
	if l[at] == '"' {
		if k := strings.IndexAny(l[at+1:], `"\`); k >= 0 && l[at+1+k] == '"' {
			value, end = l[at+1:at+1+k], at+k+2
		}
	} else {
		value, end = singleQuoted(l, at+1)
	}
	if end < 0 {
		return nil, 0, errQuick
	}
	n, err := p.node(ScalarNode, i, at, depth)
	if err != nil {
		return nil, 0, err
	}
	n.Value = value
	return n, end, nil
}

// singleQuoted returns the value of the single-quoted scalar whose text
// starts at offset from of l, and the offset after its closing quote, or
// -1 if it does not close on l. Two quotes stand for one.
func singleQuoted(l string, from int) (string, int) {
	var b strings.Builder
	for k := from; k < len(l); k++ {
		switch {
		case l[k] != '\'':
		case k+1 < len(l) && l[k+1] == '\'':
			b.WriteString(l[from : k+1])
			from = k + 2
			k++
		case b.Len() == 0:
			return l[from:k], k + 1
		default:
			b.WriteString(l[from:k])
			return b.String(), k + 1
		}
	}
	return "", -1
}

// plainStart reports whether a plain scalar may start s: not with an
// indicator, but "-" before a digit is a negative number.
func plainStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '-':
		return len(s) > 1 && s[1] >= '0' && s[1] <= '9'
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// plain makes the plain scalar text, at offset at of line i, with the
// type yaml.v3 resolves it to. Text quickYAML cannot be sure of is given
// up on.
func (p *quickYAML) plain(i, at int, text string, depth int) (*Node, error) {
	if !plainStart(text) {
		return nil, errQuick
	}
	n, err := p.node(ScalarNode, i, at, depth)
	if err != nil {
		return nil, err
	}
	n.Value = text
	switch text {
	case "~", "null", "Null", "NULL":
		n.Kind = NullNode
		return n, nil
	case "true", "True", "TRUE", "false", "False", "FALSE":
		n.Type = BoolScalar
		return n, nil
	case "<<":
		return nil, errQuick
	}
	c := text[0]
	switch {
	case c == '.':
		return nil, errQuick
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		t, ok := numberType(text)
		if !ok {
			return nil, errQuick
		}
		n.Type = t
	}
	return n, nil
}

// numberType returns the type yaml.v3 gives a plain scalar that starts with
// a digit or a sign, for the shapes briefs use: whole numbers without
// leading zeros, decimals and dates. ok is false for any other.
func numberType(s string) (t ScalarType, ok bool) {
	digits := func(s string) int {
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		return k
	}
	if len(s) == 10 && digits(s) == 4 && s[4] == '-' && digits(s[5:]) == 2 && s[7] == '-' && digits(s[8:]) == 2 {
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return 0, false
		}
		return DateScalar, true
	}
	u := s
	if u[0] == '+' || u[0] == '-' {
		u = u[1:]
	}
	whole := digits(u)
	if whole == 0 || whole > 1 && u[0] == '0' {
		return 0, false
	}
	switch {
	case whole == len(u):
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return 0, false
		}
		return IntScalar, true
	case u[whole] == '.' && whole+1 < len(u) && digits(u[whole+1:]) == len(u)-whole-1:
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return 0, false // out of range: text to yaml.v3
		}
		return FloatScalar, true
	}
	return 0, false
}
