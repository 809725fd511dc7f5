package content

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file: 1-based line and column.
// The zero Pos means "the file as a whole".
type Pos struct {
	Line, Col int
}

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Error is one problem found in a source file, printed as
// "path:line:col: message".
type Error struct {
	Path string // relative to the source folder, with forward slashes
	Pos  Pos
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Pos.Line > 0 && e.Pos.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
	case e.Pos.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Pos.Line, e.Msg)
	case e.Path != "":
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return e.Msg
}

// ErrorList is every error of one build, reported together.
type ErrorList []*Error

// Add appends an error at path and pos.
func (l *ErrorList) Add(path string, pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Path: path, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// ComparePlaces orders two places in the sources by path, line and column.
func ComparePlaces(pathA string, a Pos, pathB string, b Pos) int {
	if c := strings.Compare(pathA, pathB); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return cmp.Compare(a.Line, b.Line)
	}
	return cmp.Compare(a.Col, b.Col)
}

// Sort orders the list by path, line, column and message, and drops exact
// duplicates.
func (l *ErrorList) Sort() {
	s := *l
	slices.SortStableFunc(s, func(a, b *Error) int {
		if c := ComparePlaces(a.Path, a.Pos, b.Path, b.Pos); c != 0 {
			return c
		}
		return strings.Compare(a.Msg, b.Msg)
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.Error() == s[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Flatten returns every error in the tree of err (joined by errors.Join,
// wrapped, or in an ErrorList) as one sorted list. An error that is not of
// a source file (a full disk, say) is an Error with no path.
func Flatten(err error) ErrorList {
	var l ErrorList
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case ErrorList:
			l = append(l, e...)
		case *Error:
			l = append(l, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			var list ErrorList
			var one *Error
			switch {
			case errors.As(err, &list):
				l = append(l, list...)
			case errors.As(err, &one):
				l = append(l, one)
			default:
				l = append(l, &Error{Msg: err.Error()})
			}
		}
	}
	walk(err)
	l.Sort()
	return l
}
