package kpi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// jvalue is a JSON value and where it is in the file.
type jvalue struct {
	start, end int  // src[start:end] is its text
	kind       byte // '{', '[', '"', or 'n' for other scalars
	keys       []string
	vals       []*jvalue // an object's values, parallel to keys; an array's items
	str        string    // a string's value
}

func (v *jvalue) get(key string) *jvalue {
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// jparser reads JSON front matter, keeping every value's span.
type jparser struct {
	src []byte
	i   int
}

func (p *jparser) space() {
	for p.i < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.i]) >= 0 {
		p.i++
	}
}

func (p *jparser) value(depth int) (*jvalue, error) {
	p.space()
	if p.i >= len(p.src) || depth > 64 {
		return nil, errors.New("the JSON ends early")
	}
	v := &jvalue{start: p.i}
	switch c := p.src[p.i]; c {
	case '{', '[':
		v.kind = c
		p.i++
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		for first := true; ; first = false {
			p.space()
			if p.i < len(p.src) && p.src[p.i] == closing {
				p.i++
				break
			}
			if !first {
				if p.i >= len(p.src) || p.src[p.i] != ',' {
					return nil, errors.New("a comma is missing")
				}
				p.i++
			}
			if c == '{' {
				k, err := p.value(depth + 1)
				if err != nil || k.kind != '"' {
					return nil, errors.New("a key is not a string")
				}
				p.space()
				if p.i >= len(p.src) || p.src[p.i] != ':' {
					return nil, errors.New("a colon is missing")
				}
				p.i++
				v.keys = append(v.keys, k.str)
			}
			item, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.vals = append(v.vals, item)
		}
	case '"':
		v.kind = '"'
		j := p.i + 1
		for j < len(p.src) && p.src[j] != '"' {
			if p.src[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(p.src) {
			return nil, errors.New("a string is never closed")
		}
		if err := json.Unmarshal(p.src[p.i:j+1], &v.str); err != nil {
			return nil, err
		}
		p.i = j + 1
	default:
		v.kind = 'n'
		for p.i < len(p.src) && strings.IndexByte(",}] \t\r\n", p.src[p.i]) < 0 {
			p.i++
		}
	}
	v.end = p.i
	return v, nil
}

// planJSON plans the edits of p in JSON front matter.
func planJSON(src []byte, id string, p plan) ([]edit, error) {
	at := bytes.IndexByte(src, '{')
	if at < 0 {
		return nil, errors.New("no JSON front matter")
	}
	jp := &jparser{src: src, i: at}
	root, err := jp.value(0)
	if err != nil {
		return nil, err
	}
	kpis := root.get("kpis")
	if kpis == nil || kpis.kind != '[' {
		return nil, errors.New("kpis is not a list")
	}
	var k *jvalue
	for _, item := range kpis.vals {
		if item.kind == '{' {
			if v := item.get("id"); v != nil && v.str == id {
				k = item
			}
		}
	}
	if k == nil {
		return nil, errors.New("the KPI is not an object")
	}
	var edits []edit
	if p.current {
		cur := k.get("current")
		if cur == nil || cur.kind != 'n' {
			return nil, errors.New("current is not a number")
		}
		edits = append(edits, edit{cur.start, cur.end, p.valueText()})
	}
	entry := `{"date": "` + p.dateText() + `", "value": ` + p.valueText() + `}`
	h := k.get("history")
	switch {
	case h != nil && p.replace >= 0:
		if p.replace >= len(h.vals) || h.vals[p.replace].get("value") == nil {
			return nil, errors.New("the history does not match its entries")
		}
		v := h.vals[p.replace].get("value")
		edits = append(edits, edit{v.start, v.end, p.valueText()})
	case h != nil && h.kind == '[' && len(h.vals) == 0:
		edits = append(edits, edit{h.start + 1, h.end - 1, entry})
	case h != nil && h.kind == '[':
		if p.at < len(h.vals) {
			next := h.vals[p.at]
			edits = append(edits, edit{next.start, next.start, entry + "," + between(src, h, p.at)})
		} else {
			last := h.vals[len(h.vals)-1]
			edits = append(edits, edit{last.end, last.end, "," + between(src, h, len(h.vals)-1) + entry})
		}
	case h != nil:
		return nil, errors.New("history is not a list")
	default:
		last := k.vals[len(k.vals)-1]
		sep := " "
		if gap := src[k.vals[0].start:last.start]; bytes.Contains(gap, []byte("\n")) {
			sep = p.eol + indentOf(src, lineStarts(src), last.start)
		}
		edits = append(edits, edit{last.end, last.end, "," + sep + `"history": [` + entry + "]"})
	}
	return edits, nil
}

// between is the space written before the i-th item of the list h: the
// newline and indentation of a list written one item a line, or a space.
func between(src []byte, h *jvalue, i int) string {
	prevEnd := h.start + 1
	if i > 0 {
		prevEnd = h.vals[i-1].end
	}
	gap := string(src[prevEnd:h.vals[i].start])
	gap = strings.TrimLeft(gap, ",[")
	if n := strings.LastIndexByte(gap, '\n'); n >= 0 {
		eol := "\n"
		if n > 0 && gap[n-1] == '\r' {
			eol = "\r\n"
		}
		return eol + gap[n+1:]
	}
	if gap == "" && i == 0 && len(h.vals) > 1 {
		return between(src, h, 1)
	}
	return " "
}
