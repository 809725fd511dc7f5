// Package markdown converts the body of a brief or page to HTML with goldmark:
// GitHub Flavored Markdown, footnotes, typographic quotes, heading IDs that
// keep non-ASCII letters, a table of contents, and relative links rewritten to
// the output URL of what they point at.
//
// One Converter serves a whole build; each Convert call gets its own parser
// context, so heading IDs are unique per page and conversions may run in
// parallel.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"strings"
	"sync"
	"unicode"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	// Unsafe keeps raw HTML in Markdown; without it raw HTML is left out.
	Unsafe bool
}

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter.
func New(opts Options) *Converter {
	rendererOpts := []renderer.Option{}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Linkify,
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
		),
		goldmark.WithRendererOptions(append(rendererOpts,
			renderer.WithNodeRenderers(
				util.Prioritized(taskRenderer{}, 100),
				util.Prioritized(cellRenderer{}, 100),
				util.Prioritized(newCodeRenderer(), 200),
			))...),
	)
	return &Converter{md: md}
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// LinkError is a relative link whose target cannot be resolved.
type LinkError struct {
	Line, Col int // in the Markdown source given to Convert, 1-based
	Msg       string
}

// Context is what one conversion needs to know of its page.
type Context struct {
	// FootnotePrefix is put before footnote IDs, so that the footnotes of
	// several bodies on one page do not clash.
	FootnotePrefix string
	// Resolve maps a relative link destination (its path part, unescaped,
	// like "../web/seo.md") to the URL of its target, or returns an error
	// message. Nil leaves links as written.
	Resolve func(dest string) (string, error)
	// HeadingShift is added to the level of every heading (up to <h6>),
	// for a body shown under a heading of its page's own: a brief's body
	// sits under "The brief", so its ## sections are <h3>.
	HeadingShift int
}

// Result is a converted body.
type Result struct {
	HTML   string
	TOC    []Heading
	Errors []LinkError
	// Text is the body's words as the page shows them, without markup:
	// the text of its blocks, one line each, entities decoded, raw HTML,
	// images and link destinations left out. It is what search indexes.
	Text string
}

var stateKey = parser.NewContextKey()

type state struct {
	ctx    Context
	source []byte
	result *Result
}

// Convert converts src.
func (c *Converter) Convert(src []byte, ctx Context) (*Result, error) {
	res := &Result{}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, &state{ctx: ctx, source: src, result: res})
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	doc.SetAttributeString("fnprefix", []byte(ctx.FootnotePrefix))
	res.Text = plainDocText(doc, src)
	buf := buffers.Get().(*bytes.Buffer)
	w := writers.Get().(*bufio.Writer)
	w.Reset(buf)
	defer func() {
		w.Reset(nil)
		writers.Put(w)
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			buffers.Put(buf)
		}
	}()
	if err := c.md.Renderer().Render(w, src, doc); err != nil {
		return nil, fmt.Errorf("rendering Markdown: %w", err)
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("rendering Markdown: %w", err)
	}
	res.HTML = buf.String() // kept until the page is written: no room to spare
	return res, nil
}

// buffers recycles the buffers bodies are rendered into, and writers the
// buffered writers goldmark writes through (it makes one per body
// otherwise).
var (
	buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}
)

func footnotePrefix(n ast.Node) []byte {
	for n.Parent() != nil {
		n = n.Parent()
	}
	if v, ok := n.AttributeString("fnprefix"); ok {
		if b, ok := v.([]byte); ok {
			return b
		}
	}
	return nil
}

// transformer rewrites relative links, marks up tables for accessibility
// and collects the table of contents.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			level := n.Level
			n.Level = min(n.Level+st.ctx.HeadingShift, 6)
			if level >= 2 && level <= 3 {
				st.result.TOC = append(st.result.TOC, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src)})
			}
		case *ast.Link:
			n.Destination = st.rewrite(n, n.Destination, src)
		case *ast.Image:
			n.Destination = st.rewrite(n, n.Destination, src)
		}
		return ast.WalkContinue, nil
	})
}

// rewrite resolves a relative destination to its output URL.
func (st *state) rewrite(n ast.Node, dest []byte, src []byte) []byte {
	if st.ctx.Resolve == nil || len(dest) == 0 {
		return dest
	}
	d := string(dest)
	if strings.HasPrefix(d, "#") || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "?") {
		return dest
	}
	u, err := url.Parse(d)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return dest
	}
	if u.Path == "" {
		return dest
	}
	target, rerr := st.ctx.Resolve(u.Path)
	if rerr != nil {
		line, col := position(n, src)
		st.result.Errors = append(st.result.Errors, LinkError{Line: line, Col: col, Msg: rerr.Error()})
		return dest
	}
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		target += "#" + u.EscapedFragment()
	}
	return []byte(target)
}

// position finds where a link starts in src: at its first text, less the
// opening bracket, or at the start of its paragraph.
func position(n ast.Node, src []byte) (int, int) {
	off := -1
	for c := n.FirstChild(); c != nil && off < 0; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			off = t.Segment.Start - 1
			if _, img := n.(*ast.Image); img {
				off--
			}
		}
	}
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 1, 1
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := 1 + len([]rune(string(src[bytes.LastIndexByte(src[:off], '\n')+1:off])))
	return line, col
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					b.Write(s.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// ids generates heading IDs that keep letters of every script: "Ziele für
// 2026" → "ziele-für-2026". Repeated headings get "-1", "-2" … appended.
type ids struct {
	used map[string]bool
}

// reservedIDs are used by the layouts around a body; headings avoid them.
var reservedIDs = []string{"main", "goals", "roles", "health", "brief", "kpis", "people", "search", "q", "results", "top", "toc"}

func newIDs() *ids {
	s := &ids{used: map[string]bool{}}
	for _, id := range reservedIDs {
		s.used[id] = true
	}
	return s
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	id := HeadingID(string(value))
	if id == "" {
		id = "section"
	}
	base, i := id, 0
	for s.used[id] {
		i++
		id = fmt.Sprintf("%s-%d", base, i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// HeadingID makes an anchor from heading text: lowercased, letters and digits
// of any script kept, spaces and dashes turned into "-", everything else
// dropped.
func HeadingID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || r == '-':
			dash = true
		}
	}
	return b.String()
}

// taskRenderer renders task-list checkboxes with an accessible name, which
// goldmark's default leaves out.
type taskRenderer struct{}

func (taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*east.TaskCheckBox).IsChecked {
			w.WriteString(`<input type="checkbox" checked disabled aria-label="Done"> `)
		} else {
			w.WriteString(`<input type="checkbox" disabled aria-label="Not done"> `)
		}
		return ast.WalkContinue, nil
	})
}

// cellRenderer renders table cells: a column's alignment as a class the
// theme styles (align-left, align-center, align-right), header cells with
// scope="col".
type cellRenderer struct{}

func (cellRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTableCell, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*east.TableCell)
		header := n.Parent().Kind() == east.KindTableHeader
		tag := "td"
		if header {
			tag = "th"
		}
		if !entering {
			w.WriteString("</")
			w.WriteString(tag)
			w.WriteString(">\n")
			return ast.WalkContinue, nil
		}
		w.WriteByte('<')
		w.WriteString(tag)
		if n.Alignment != east.AlignNone {
			w.WriteString(` class="align-`)
			w.WriteString(n.Alignment.String())
			w.WriteByte('"')
		}
		if header {
			w.WriteString(` scope="col"`)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	})
}

// codeRenderer highlights fenced code blocks at build time with chroma's
// CSS classes (the theme colours them for light and dark). A block whose
// language chroma does not know, or that names none, is plain
// <pre><code>. One formatter serves every block, so chroma works out its
// style's classes once, not once per block; a block with attributes
// (```go {hl_lines=[2] linenos=true}) is left to goldmark-highlighting,
// which makes a formatter for its options.
type codeRenderer struct {
	formatter  *chromahtml.Formatter
	writer     html.Writer
	attributed renderer.NodeRendererFunc
}

// codeStyle is the chroma style whose token types the classes follow.
var codeStyle = styles.Get("github")

func newCodeRenderer() codeRenderer {
	r := codeRenderer{formatter: chromahtml.New(chromahtml.WithClasses(true)), writer: html.DefaultWriter}
	hl := highlighting.NewHTMLRenderer(
		highlighting.WithGuessLanguage(false),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
	)
	hl.RegisterFuncs(registerer(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		if k == ast.KindFencedCodeBlock {
			r.attributed = f
		}
	}))
	return r
}

// registerer is a NodeRendererFuncRegisterer that hands each func to a func.
type registerer func(ast.NodeKind, renderer.NodeRendererFunc)

func (f registerer) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f(k, fn) }

func (r codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	if n.Info != nil && bytes.IndexByte(n.Info.Segment.Value(source), '{') > 0 {
		return r.attributed(w, source, node, entering)
	}
	language := n.Language(source)
	lines := n.Lines()
	if language != nil {
		if lexer := lexers.Get(string(language)); lexer != nil {
			var code strings.Builder
			for i := 0; i < lines.Len(); i++ {
				line := lines.At(i)
				code.Write(line.Value(source))
			}
			if it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String()); err == nil {
				_ = r.formatter.Format(w, codeStyle, it)
				return ast.WalkContinue, nil
			}
		}
	}
	w.WriteString("<pre><code")
	if language != nil {
		w.WriteString(` class="language-`)
		r.writer.Write(w, language)
		w.WriteByte('"')
	}
	w.WriteByte('>')
	for i := 0; i < lines.Len(); i++ {
		line := lines.At(i)
		r.writer.RawWrite(w, line.Value(source))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// plainDocText returns the text of doc, parsed from src, as Result.Text
// describes it, read from goldmark's tree rather than from the HTML.
func plainDocText(doc ast.Node, src []byte) string {
	var b strings.Builder
	b.Grow(len(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
			b.WriteByte(' ')
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return stdhtml.UnescapeString(b.String())
}
