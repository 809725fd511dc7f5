// Package templates reads a site's layouts and works on their templates
// before a build executes them: which fields they read (from the parse
// trees, not their text), minifying their text once rather than every
// page they make, escaping them for html/template, and placing
// html/template's errors in the layout files.
package templates

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/playbook-dev/playbook/builder/content"
)

// ReadsField reports whether a template of any of the layout files reads a
// field or method name, from their parse trees; a layout that does not
// parse counts as reading it (parsing it again reports the error).
func ReadsField(files map[string]string, name string) bool {
	found := false
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			found = found || slices.Contains(n.Ident, name)
		case *parse.VariableNode:
			found = found || slices.Contains(n.Ident[1:], name)
		case *parse.ChainNode:
			walk(n.Node)
			found = found || slices.Contains(n.Field, name)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if found {
			break
		}
		tree := parse.New(p)
		tree.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := tree.Parse(files[p], "{{", "}}", trees); err != nil {
			return true
		}
		for _, t := range trees {
			walk(t.Root)
		}
	}
	return found
}

// Read reads every file of the layouts in fsys (for a build, the site's
// over the embedded ones) once, for every use a build has of their text:
// parsing, keys, what they read. A file that cannot be read is an error.
// A link to a folder (checked to stay in the site, see content.CheckLinks)
// is read as the folder.
func Read(fsys fs.FS) (map[string]string, content.ErrorList) {
	files := map[string]string{}
	var errs content.ErrorList
	var walk func(root string, links int)
	walk = func(root string, links int) {
		if links > 8 {
			errs.Add("layouts/"+root, content.Pos{Line: 1, Col: 1}, "links to folders lead through more than 8 links (a loop?): link to the files instead")
			return
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs.Add("layouts/"+p, content.Pos{Line: 1, Col: 1}, "cannot read the layouts: %v", err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
					walk(p, links+1)
					return nil
				}
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				errs.Add("layouts/"+p, content.Pos{Line: 1, Col: 1}, "cannot read the layout: %v", err)
				return nil
			}
			files[p] = string(data)
			return nil
		})
		if err != nil {
			errs.Add("layouts/"+root, content.Pos{Line: 1, Col: 1}, "cannot read the layouts: %v", err)
		}
	}
	walk(".", 0)
	errs.Sort()
	return files, errs
}

// Escape has html/template escape the template name of t, and those it
// calls, as it does before it first executes them, so that a
// tmplexec.Runner can execute them. It executes name with empty data,
// which makes it stop early, and discards the output. It reports false if
// the templates cannot be escaped: executing them then reports why.
func Escape(t *template.Template, name string, empty any) bool {
	err := t.ExecuteTemplate(io.Discard, name, empty)
	var e *template.Error
	return !errors.As(err, &e)
}

// Layouts are minified once, as they are parsed, rather than every page
// they make: in the text between actions, a run of whitespace becomes one
// newline if it holds one and one space if not, and comments go, as the
// minifier's conservative options do (see minifier.New). What actions insert
// is already compact: escaped text, Markdown bodies (one newline between
// blocks) and charts. So pages are written as rendered.
//
// Compactable reports whether every layout can be minified so: not when a
// layout holds <pre> or <textarea>, whose whitespace shows. Then pages are
// minified one by one instead.
func Compactable(layouts map[string]string) bool {
	for p, text := range layouts {
		lower := strings.ToLower(text)
		if path.Ext(p) == ".html" && (strings.Contains(lower, "<pre") || strings.Contains(lower, "<textarea")) {
			return false
		}
	}
	return true
}

// Compact minifies the text of every template of the set t.
func Compact(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			compactNode(tt.Tree.Root, htmlData)
		}
	}
}

// htmlState is where in HTML a template's text is, for compactText: only
// whitespace between elements and attributes is collapsed; attribute
// values and the text of <script> and <style> are kept as written.
type htmlState struct {
	in    byte   // htmlData, inTag, a quote ('"' or '\''), or inRaw
	raw   string // in inRaw: the end tag that closes it ("</script")
	name  []byte // in inTag: the tag's name as far as read
	named bool   // in inTag: the name is read
}

const (
	inData = 'd'
	inTag  = 't'
	inRaw  = 'r'
)

var htmlData = htmlState{in: inData}

// compactNode compacts the text of n's tree, which starts in state st, and
// returns the state its text ends in. Both branches of an if, with or
// range start where it does; html/template makes them end alike.
func compactNode(n parse.Node, st htmlState) htmlState {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return st
		}
		for _, c := range n.Nodes {
			st = compactNode(c, st)
		}
	case *parse.TextNode:
		n.Text, st = compactText(n.Text, st)
	case *parse.IfNode:
		end := compactNode(n.List, st)
		compactNode(n.ElseList, st)
		st = end
	case *parse.RangeNode:
		end := compactNode(n.List, st)
		compactNode(n.ElseList, st)
		st = end
	case *parse.WithNode:
		end := compactNode(n.List, st)
		compactNode(n.ElseList, st)
		st = end
	}
	return st
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// compactText drops comments from text and collapses its whitespace
// between elements and between attributes, starting in state st; it
// returns the state the text ends in. Attribute values, and the text of
// <script> and <style>, are copied as they are.
func compactText(text []byte, st htmlState) ([]byte, htmlState) {
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		switch st.in {
		case '"', '\'':
			if c == st.in {
				st.in = inTag
			}
			out = append(out, c)
			i++
			continue
		case inRaw:
			if c == '<' && len(text)-i >= len(st.raw) && bytes.EqualFold(text[i:i+len(st.raw)], []byte(st.raw)) {
				st = htmlState{in: inTag, name: []byte(st.raw[1:]), named: true}
				out = append(out, text[i:i+len(st.raw)]...)
				i += len(st.raw)
				continue
			}
			out = append(out, c)
			i++
			continue
		case inTag:
			switch {
			case c == '"' || c == '\'':
				st.in, st.named = c, true
			case c == '>':
				name := strings.ToLower(string(st.name))
				st = htmlData
				if name == "script" || name == "style" {
					st = htmlState{in: inRaw, raw: "</" + name}
				}
			case !st.named && (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'):
				st.name = append(st.name, c)
			default:
				st.named = true
			}
			if !isSpace(c) {
				out = append(out, c)
				i++
				continue
			}
		default: // data
			if bytes.HasPrefix(text[i:], []byte("<!--")) && !bytes.HasPrefix(text[i:], []byte("<!--[if")) {
				if end := bytes.Index(text[i+4:], []byte("-->")); end >= 0 {
					i += 4 + end + 3
					continue
				}
			}
			if c == '<' && i+1 < len(text) && (text[i+1] == '/' || text[i+1] >= 'a' && text[i+1] <= 'z' || text[i+1] >= 'A' && text[i+1] <= 'Z') {
				st = htmlState{in: inTag}
				out = append(out, c)
				i++
				continue
			}
			if !isSpace(c) {
				out = append(out, c)
				i++
				continue
			}
		}
		// A run of whitespace between elements or attributes: one newline
		// if it holds one, else one space.
		nl := false
		for i < len(text) && isSpace(text[i]) {
			nl = nl || text[i] == '\n'
			i++
		}
		if nl {
			out = append(out, '\n')
		} else {
			out = append(out, ' ')
		}
	}
	return out, st
}

var templateErrRe = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// Error turns an html/template error into "layouts/x.html:line:col:
// message".
func Error(err error) error {
	msg := err.Error()
	var te *template.Error
	if errors.As(err, &te) && te.Name != "" {
		line := te.Line
		if line < 1 {
			line = 1
		}
		return content.ErrorList{{Path: "layouts/" + te.Name, Pos: content.Pos{Line: line, Col: 1}, Msg: te.Description}}
	}
	if m := templateErrRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if col < 1 {
			col = 1
		}
		return content.ErrorList{{Path: "layouts/" + m[1], Pos: content.Pos{Line: line, Col: col}, Msg: m[4]}}
	}
	return content.ErrorList{{Msg: msg}}
}
