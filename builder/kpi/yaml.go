package kpi

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlDoc is a YAML front matter and where its lines are in the file.
type yamlDoc struct {
	src    []byte
	starts []int // of every line of src
	first  int   // the line of src where the front matter's text starts
	root   *yaml.Node
}

// offset is the offset in src of the node n (its line and column).
func (d *yamlDoc) offset(n *yaml.Node) int {
	line := d.first + n.Line - 1
	off := d.starts[line]
	for col := 1; col < n.Column && off < len(d.src); col++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// lastLine is the last line of src that a node of n's tree is on.
func (d *yamlDoc) lastLine(n *yaml.Node) int {
	last := d.first + n.Line - 1
	for _, c := range n.Content {
		last = max(last, d.lastLine(c))
	}
	return last
}

func parseYAMLFront(src []byte) (*yamlDoc, error) {
	starts := lineStarts(src)
	open := -1
	for i, s := range starts {
		e := lineEnd(src, s)
		t := strings.TrimSpace(string(src[s:e]))
		if t == "" && open < 0 {
			continue
		}
		if open < 0 {
			if t != "---" {
				return nil, errors.New("no YAML front matter")
			}
			open = i
			continue
		}
		if t == "---" {
			d := &yamlDoc{src: src, starts: starts, first: open + 1}
			var root yaml.Node
			if err := yaml.Unmarshal(src[starts[open+1]:s], &root); err != nil {
				return nil, err
			}
			if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
				return nil, errors.New("the front matter is not a set of keys")
			}
			d.root = root.Content[0]
			return d, nil
		}
	}
	return nil, errors.New("the front matter is never closed")
}

// get returns the key and value nodes of key in the mapping m.
func get(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// planYAML plans the edits of p in YAML front matter.
func planYAML(src []byte, id string, p plan) ([]edit, error) {
	d, err := parseYAMLFront(src)
	if err != nil {
		return nil, err
	}
	_, kpis := get(d.root, "kpis")
	if kpis == nil || kpis.Kind != yaml.SequenceNode {
		return nil, errors.New("kpis is not a list")
	}
	var k *yaml.Node
	for _, item := range kpis.Content {
		if _, v := get(item, "id"); v != nil && v.Value == id {
			k = item
		}
	}
	if k == nil || k.Kind != yaml.MappingNode {
		return nil, errors.New("the KPI is not a set of keys")
	}
	if _, h := get(k, "history"); h != nil {
	entries:
		for _, e := range h.Content {
			if _, d := get(e, "date"); d != nil {
				switch d.Style {
				case yaml.DoubleQuotedStyle:
					p.quote = `"`
				case yaml.SingleQuotedStyle:
					p.quote = "'"
				}
				break entries
			}
		}
	}
	var edits []edit
	if p.current {
		_, cur := get(k, "current")
		e, err := d.replaceScalar(cur, p.valueText())
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	}
	hk, h := get(k, "history")
	switch {
	case h != nil && p.replace >= 0:
		if p.replace >= len(h.Content) {
			return nil, errors.New("the history does not match its entries")
		}
		_, v := get(h.Content[p.replace], "value")
		e, err := d.replaceScalar(v, p.valueText())
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	case h != nil && h.Kind == yaml.SequenceNode && h.Style&yaml.FlowStyle != 0:
		e, err := d.insertFlow(h, p)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	case h != nil && h.Kind == yaml.SequenceNode && len(h.Content) > 0:
		edits = append(edits, d.insertBlock(h, p))
	case h != nil && h.Kind == yaml.ScalarNode && h.Tag == "!!null" && h.Value == "":
		// "history:" with nothing after it.
		at := d.offset(hk) + len(hk.Value)
		if at >= len(src) || src[at] != ':' {
			return nil, errors.New("history has no list to add to")
		}
		edits = append(edits, edit{at + 1, at + 1, " [" + flowEntry(p) + "]"})
	case h != nil:
		return nil, errors.New("history is not a list")
	case k.Style&yaml.FlowStyle != 0:
		// - {id: k, name: K, …}: the history goes before the closing brace.
		start := d.offset(k)
		end, err := matching(src, start, true)
		if err != nil {
			return nil, err
		}
		at := end - 1
		for at > start && isBlank(src[at-1]) {
			at--
		}
		if src[at-1] == ',' {
			// {…, target: 2,} keeps its trailing comma after the new key.
			edits = append(edits, edit{at, at, " history: [" + flowEntry(p) + "],"})
		} else {
			edits = append(edits, edit{end - 1, end - 1, ", history: [" + flowEntry(p) + "]"})
		}
	default:
		// A new key, after the KPI's last line, as indented as its keys.
		indent := strings.Repeat(" ", k.Content[0].Column-1)
		at := d.starts[min(d.lastLine(k)+1, len(d.starts)-1)]
		if d.lastLine(k)+1 >= len(d.starts) {
			at = len(src)
		}
		edits = append(edits, edit{at, at, indent + "history:" + p.eol + indent + "  - " + flowEntry(p) + p.eol})
	}
	return edits, nil
}

// flowEntry is a history entry written on one line.
func flowEntry(p plan) string {
	return "{date: " + p.dateText() + ", value: " + p.valueText() + "}"
}

// replaceScalar replaces the plain scalar n (a number) with text.
func (d *yamlDoc) replaceScalar(n *yaml.Node, text string) (edit, error) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Style != 0 {
		return edit{}, errors.New("the value to change is not a plain number")
	}
	at := d.offset(n)
	if !bytes.HasPrefix(d.src[at:], []byte(n.Value)) {
		return edit{}, errors.New("the value to change is not where it was read")
	}
	return edit{at, at + len(n.Value), text}, nil
}

// insertFlow inserts the entry of p into the flow list h: [{…}, {…}].
func (d *yamlDoc) insertFlow(h *yaml.Node, p plan) (edit, error) {
	if len(h.Content) == 0 {
		at := d.offset(h)
		end, err := matching(d.src, at, true)
		if err != nil {
			return edit{}, err
		}
		inner := strings.TrimSpace(string(d.src[at+1 : end-1]))
		if inner != "" {
			return edit{}, errors.New("the empty history holds something")
		}
		return edit{at + 1, end - 1, flowEntry(p)}, nil
	}
	if p.at < len(h.Content) {
		at := d.offset(h.Content[p.at])
		return edit{at, at, entryLike(h.Content[p.at], p) + ", "}, nil
	}
	last := h.Content[len(h.Content)-1]
	at := d.offset(last)
	end := at + len(last.Value)
	if last.Kind != yaml.ScalarNode {
		var err error
		if end, err = matching(d.src, at, true); err != nil {
			return edit{}, err
		}
	}
	return edit{end, end, ", " + entryLike(last, p)}, nil
}

// entryLike writes the entry of p in the flow style of a neighbour: keys
// in its order.
func entryLike(n *yaml.Node, p plan) string {
	dateFirst := true
	if n.Kind == yaml.MappingNode && len(n.Content) >= 2 && n.Content[0].Value == "value" {
		dateFirst = false
	}
	if dateFirst {
		return flowEntry(p)
	}
	return "{value: " + p.valueText() + ", date: " + p.dateText() + "}"
}

// insertBlock inserts the entry of p into the block list h, a line (or
// two) of its own as indented as its items, in the style of a neighbour.
func (d *yamlDoc) insertBlock(h *yaml.Node, p plan) edit {
	near := h.Content[min(p.at, len(h.Content)-1)]
	if p.at > 0 {
		near = h.Content[p.at-1]
	}
	// The dash of an item is on its first line, before it.
	line := d.first + near.Line - 1
	dash := bytes.IndexByte(d.src[d.starts[line]:d.offset(near)], '-')
	indent := strings.Repeat(" ", max(dash, 0))
	text := indent + "- " + entryLike(near, p) + p.eol
	if near.Kind == yaml.MappingNode && near.Style&yaml.FlowStyle == 0 {
		keyIndent := strings.Repeat(" ", near.Content[0].Column-1)
		if near.Content[0].Value == "value" {
			text = indent + "- value: " + p.valueText() + p.eol + keyIndent + "date: " + p.dateText() + p.eol
		} else {
			text = indent + "- date: " + p.dateText() + p.eol + keyIndent + "value: " + p.valueText() + p.eol
		}
	}
	if p.at < len(h.Content) {
		at := d.starts[d.first+h.Content[p.at].Line-1]
		return edit{at, at, text}
	}
	next := d.lastLine(h.Content[len(h.Content)-1]) + 1
	if next >= len(d.starts) {
		return edit{len(d.src), len(d.src), p.eol + text}
	}
	return edit{d.starts[next], d.starts[next], text}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
