// Package minifier is the builder's use of tdewolff/minify: a minifier
// with conservative options, which file types it minifies, and the
// warning for a file it cannot.
package minifier

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
)

// New returns a minifier with conservative options: document and end
// tags, quotes, default attribute values and whitespace between inline
// elements are kept, so minified pages render exactly as unminified ones.
func New() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:        true,
		KeepEndTags:             true,
		KeepQuotes:              true,
		KeepDefaultAttrVals:     true,
		KeepWhitespace:          true,
		KeepSpecialComments:     false,
		KeepConditionalComments: false,
	})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile("[/+]json$"), &json.Minifier{KeepNumbers: true})
	m.Add("image/svg+xml", &svg.Minifier{KeepComments: false})
	m.AddRegexp(regexp.MustCompile("[/+]xml$"), &xml.Minifier{KeepWhitespace: false})
	return m
}

// Bytes minifies data of the media type; it reports an error instead
// of returning broken output.
func Bytes(m *minify.M, mediatype string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := m.Minify(mediatype, &buf, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Warning is the warning for a file written unminified because minifying
// it failed. It says where the minifier stopped, never what it
// read there: the parser's message quotes the file, which may hold what no
// build log should show.
func Warning(err error) string {
	var pe *parse.Error
	if errors.As(err, &pe) && pe.Line > 0 {
		return fmt.Sprintf("written unminified: it could not be parsed at line %d, column %d; check the syntax there", pe.Line, pe.Column)
	}
	return "written unminified: it could not be parsed; check its syntax"
}

// MediaType is the media type the minifier knows a file name by.
func MediaType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return strings.SplitN(t, ";", 2)[0]
	}
	return "application/octet-stream"
}

// Minifiable reports whether files of the media type mt are minified.
func Minifiable(mt string) bool {
	switch mt {
	case "text/html", "text/css", "application/javascript", "image/svg+xml", "application/json", "application/xml":
		return true
	}
	return false
}

// A Memo remembers what Bytes made of the last data of each name, so that
// builds one after the other (the dev server's) minify only the files that
// changed. Its methods may be called from many goroutines; a nil *Memo
// remembers nothing.
type Memo struct {
	mu   sync.Mutex
	last map[string]memoEntry
}

type memoEntry struct {
	mediatype string
	src, out  []byte
	err       error
}

// Bytes is the package's Bytes, for the file name: the bytes returned
// are those of the last call for the same name, media type and data,
// and must not be changed.
func (m *Memo) Bytes(min *minify.M, name, mediatype string, data []byte) ([]byte, error) {
	if m == nil {
		return Bytes(min, mediatype, data)
	}
	m.mu.Lock()
	e, ok := m.last[name]
	m.mu.Unlock()
	if ok && e.mediatype == mediatype && bytes.Equal(e.src, data) {
		return e.out, e.err
	}
	out, err := Bytes(min, mediatype, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		m.last = map[string]memoEntry{}
	}
	m.last[name] = memoEntry{mediatype, bytes.Clone(data), out, err}
	return out, err
}
