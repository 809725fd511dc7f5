// Package tmplexec executes the templates of an html/template set the way
// text/template does, for the constructs layouts commonly use, at a
// fraction of the cost. text/template makes every function call, escaper
// included, through reflect.Value.Call, and looks every field and method
// up by name each time it is evaluated; here the escapers html/template
// inserts, the comparison builtins, functions of the commonest kinds and
// those wrapped as a Func are plain Go calls, and lookups are made once
// per type. A Runner compiles its templates into closures once (see
// compile.go), so that executing a page walks no tree.
//
// Execute gives up with ErrUnsupported on anything it does not do exactly
// as text/template does: maps ranged over, break and continue, chains,
// nil, pointers to print, escapers for JavaScript or CSS contexts, values
// it cannot compare, and every error. The caller then runs the template
// with html/template, which produces the same output or the error to
// report; what Execute wrote must be discarded. The functions the page
// called before Execute gave up are then called again: a set's functions
// must not have side effects. Nor has a Recorder then been told of every
// read (see Watch): the caller is to assume the page reads everything.
//
// What it relies on of html/template, which the Go release may change
// (TestEscapers and the builder's differential tests, run in CI, hold it
// to html/template's output on every test site and the bundled one):
//   - Once a template has executed, its parse trees (Template.Tree) are the
//     escaped ones, with html/template's escapers appended to pipelines as
//     commands named _html_template_htmlescaper, _html_template_attrescaper,
//     _html_template_rcdataescaper, _html_template_urlfilter and
//     _html_template_urlnormalizer (any other escaper is left to
//     html/template).
//   - Those escapers treat template.HTML and template.URL values as
//     html/template's content types do.
//
// The builder turns it off with Options.HTMLTemplateOnly, and the playbook
// command with the environment variable PLAYBOOK_TMPLEXEC=off.
package tmplexec

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// ErrUnsupported reports that Execute met something it leaves to
// html/template.
var ErrUnsupported = errors.New("tmplexec: left to html/template")

// A Runner executes one template of an html/template set, and the
// templates it calls. It is not safe for concurrent use: make one per
// goroutine.
type Runner struct {
	entry string
	trees map[string]*parse.Tree
	funcs map[string]function
	sites map[*string]*site // by the name in a field node, for names not compiled with a site
	free  *state            // the state of the last Execute, to be used again

	actions map[string]*action         // the compiled templates, by name
	run     *action                    // the entry's
	pipes   map[*parse.PipeNode]pipeFn // pipelines in parentheses, compiled when first met
	watch   Watch
}

// Watch says which reads of an execution a Runner tells its Recorder of:
// a cache of pages learns from them what each page depends on.
type Watch struct {
	// Field reports whether reading the field or method name of a value
	// of type t (the value a pointer points to, not the pointer) is told.
	// It is asked once per type and name at each place a name is read.
	Field func(t reflect.Type, name string) bool
	// Funcs are the functions whose calls are told.
	Funcs map[string]bool
}

// A Recorder is told of the watched reads of an execution (see Watch).
type Recorder interface {
	// Field is told that the field or method name of v was read; v is
	// addressable when it was reached through a pointer.
	Field(v reflect.Value, name string)
	// Func is told that the function name was called.
	Func(name string)
}

// New returns a Runner for the template entry of t, with the functions in
// funcs (those t was parsed with), of which those in direct are called
// without reflection (see Funcs), telling the reads that watch names. html/template must have executed entry
// without error: that escaped it and every template it calls, which are
// the only ones the Runner runs.
func New(t *template.Template, entry string, funcs template.FuncMap, direct map[string]Func, watch Watch) *Runner {
	r := &Runner{entry: entry, trees: map[string]*parse.Tree{}, funcs: map[string]function{}, sites: map[*string]*site{}, actions: map[string]*action{}, pipes: map[*parse.PipeNode]pipeFn{}, watch: watch}
	r.add(t, entry)
	for name, fn := range funcs {
		r.funcs[name] = function{v: reflect.ValueOf(fn), f: fn, direct: direct[name].call, name: name, watched: watch.Funcs[name]}
	}
	r.run = r.compileTemplate(entry)
	return r
}

// add adds the tree of the template name and those it calls.
func (r *Runner) add(t *template.Template, name string) {
	if _, ok := r.trees[name]; ok {
		return
	}
	x := t.Lookup(name)
	if x == nil || x.Tree == nil || x.Tree.Root == nil {
		return // Execute gives up if it gets there
	}
	r.trees[name] = x.Tree
	var visit func(n parse.Node)
	visit = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					visit(c)
				}
			}
		case *parse.IfNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.RangeNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.WithNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.TemplateNode:
			r.add(t, n.Name)
		}
	}
	visit(x.Tree.Root)
}

// A Writer is what templates are executed into, like a *bytes.Buffer or a
// *strings.Builder.
type Writer interface {
	io.Writer
	io.StringWriter
}

// Execute executes the Runner's template with data into w, telling rec,
// if not nil, of the reads the Runner watches. With an error, what it
// wrote is to be discarded, and what rec was told is not all that the
// template reads: see the package documentation.
func (r *Runner) Execute(w Writer, data any, rec Recorder) (err error) {
	if r.trees[r.entry] == nil {
		return ErrUnsupported
	}
	s := r.free
	if s == nil {
		s = &state{r: r} // Execute called again while it runs, by a function
	}
	r.free, s.w, s.rec = nil, w, rec
	defer func() {
		clear(s.vars)
		clear(s.args)
		*s = state{r: r, vars: s.vars[:0], args: s.args[:0]}
		r.free = s
		if e := recover(); e != nil {
			if e != errBail {
				panic(e)
			}
			err = ErrUnsupported
		}
	}()
	dot := reflect.ValueOf(data)
	if dot.IsValid() && dot.Type() == reflectValueType {
		return ErrUnsupported // text/template unwraps it
	}
	s.vars = append(s.vars, variable{"$", dot})
	(*r.run)(s, dot)
	return nil
}

// errBail is what the state panics with to give up.
var errBail = errors.New("bail")

func bail() { panic(errBail) }

type variable struct {
	name  string
	value reflect.Value
}

type state struct {
	r     *Runner
	w     Writer
	rec   Recorder
	vars  []variable
	args  []reflect.Value // a stack of the arguments of the calls being made
	base  int             // vars[base:] are the variables of the template being executed
	depth int
}

// maxDepth bounds nested template calls, as text/template's does.
const maxDepth = 100000

func (s *state) mark() int { return len(s.vars) }

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	bail()
	return reflect.Value{}
}

func (s *state) setVar(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return
		}
	}
	bail()
}

func (s *state) write(str string) {
	if _, err := s.w.WriteString(str); err != nil {
		bail() // html/template reports it
	}
}

// value returns the value of a pipeline that html/template did not end
// with an escaper (whose result, a string, is only ever printed).
func (s *state) value(v reflect.Value, _ string, isStr bool) reflect.Value {
	if isStr {
		bail()
	}
	return v
}

// evalPipeline evaluates pipe, a pipeline that was not compiled with the
// node it is in (one in parentheses): compiled now, once.
func (s *state) evalPipeline(dot reflect.Value, pipe *parse.PipeNode) (v reflect.Value, str string, isStr bool) {
	fn, ok := s.r.pipes[pipe]
	if !ok {
		fn = s.r.compilePipe(pipe)
		s.r.pipes[pipe] = fn
	}
	return fn(s, dot)
}

func (s *state) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) reflect.Value {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, nil, cmd.Args, final, hasFinal)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n.Ident, cmd.Args, final, hasFinal)
	case *parse.VariableNode:
		return s.evalVariable(dot, n, cmd.Args, final, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		bail()
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		return s.value(s.evalPipeline(dot, n))
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.DotNode:
		return dot
	case *parse.NumberNode:
		return idealConstant(n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	}
	bail() // nil, chains
	return reflect.Value{}
}

func (s *state) evalVariable(dot reflect.Value, n *parse.VariableNode, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	v := s.varValue(n.Ident[0])
	if len(n.Ident) == 1 {
		if len(args) > 1 || hasFinal {
			bail()
		}
		return v
	}
	return s.evalFieldChain(dot, v, n.Ident[1:], nil, args, final, hasFinal)
}

// evalFieldChain evaluates .A.B.C on receiver: the last field gets the
// arguments of the command, if a method. sites are the names' sites, or
// nil for those the Runner keeps by name.
func (s *state) evalFieldChain(dot, receiver reflect.Value, idents []string, sites []*site, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	site := func(i int) *site {
		if sites != nil {
			return sites[i]
		}
		return s.r.site(&idents[i])
	}
	n := len(idents)
	for i := 0; i < n-1; i++ {
		receiver = s.evalField(dot, site(i), idents[i], nil, reflect.Value{}, false, receiver)
	}
	return s.evalField(dot, site(n-1), idents[n-1], args, final, hasFinal, receiver)
}

// A lookup is what a name means on a type: a method of the type or of a
// pointer to it (method ≥ 0), or a field (index).
type lookup struct {
	method   int
	onPtr    bool // the method is on the pointer type
	index    int  // the field's index, with method < 0; -1 if neither
	exported bool
	watched  bool // reads are told to the Recorder
}

// A site is one name of a field node (.A in .A.B) and what it meant on
// the type it was last evaluated on: a node almost always sees one type.
type site struct {
	typ reflect.Type
	l   lookup
}

// site returns the site of the name *id, a name in a field node of the
// Runner's trees that was not compiled with one of its own.
func (r *Runner) site(id *string) *site {
	st := r.sites[id]
	if st == nil {
		st = &site{}
		r.sites[id] = st
	}
	return st
}

// lookup returns what name, the name of the site, means on typ, and
// whether watch has its reads told.
func (st *site) lookup(typ reflect.Type, name string, watch func(reflect.Type, string) bool) lookup {
	if st.typ == typ {
		return st.l
	}
	l := lookup{method: -1, index: -1, watched: watch != nil && watch(typ, name)}
	if m, ok := typ.MethodByName(name); ok {
		l.method = m.Index
	} else if typ.Kind() != reflect.Interface && typ.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(typ).MethodByName(name); ok {
			l.method, l.onPtr = m.Index, true
		}
	}
	if l.method < 0 && typ.Kind() == reflect.Struct {
		if f, ok := typ.FieldByName(name); ok && len(f.Index) == 1 {
			l.index, l.exported = f.Index[0], f.IsExported()
		}
	}
	st.typ, st.l = typ, l
	return l
}

func (s *state) evalField(dot reflect.Value, st *site, name string, args []parse.Node, final reflect.Value, hasFinal bool, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		bail()
	}
	receiver, isNil := indirect(receiver)
	if isNil && receiver.Kind() == reflect.Interface {
		bail()
	}
	l := st.lookup(receiver.Type(), name, s.r.watch.Field)
	if l.watched && s.rec != nil && !isNil {
		s.rec.Field(receiver, name)
	}
	if l.method >= 0 {
		var m reflect.Value
		switch {
		case !l.onPtr:
			m = receiver.Method(l.method)
		case receiver.CanAddr():
			m = receiver.Addr().Method(l.method)
		default:
			bail()
		}
		return s.evalCall(dot, function{v: m}, args, nil, final, hasFinal)
	}
	if isNil || len(args) > 1 || hasFinal {
		bail()
	}
	switch receiver.Kind() {
	case reflect.Struct:
		if l.index < 0 || !l.exported {
			bail()
		}
		return receiver.Field(l.index)
	case reflect.Map:
		if !stringType.AssignableTo(receiver.Type().Key()) {
			bail()
		}
		v := receiver.MapIndex(reflect.ValueOf(name))
		if !v.IsValid() {
			bail() // a missing key: text/template's missingkey rules
		}
		return v
	}
	bail()
	return reflect.Value{}
}

// evalFunction calls the function name: one of the set's, or a builtin.
func (s *state) evalFunction(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if fn, ok := s.r.funcs[name]; ok {
		return s.evalCall(dot, fn, args, nil, final, hasFinal)
	}
	return s.evalBuiltin(dot, name, args, nil, final, hasFinal)
}

// evalBuiltin calls the builtin name, its arguments evaluated by anyFns
// if compiled.
func (s *state) evalBuiltin(dot reflect.Value, name string, args []parse.Node, anyFns []anyFn, final reflect.Value, hasFinal bool) reflect.Value {
	args = args[1:]
	arg := func(i int) reflect.Value {
		v := final
		switch {
		case i >= len(args):
		case anyFns != nil:
			v = plain(anyFns[i](s, dot))
		default:
			v = plain(s.evalAny(dot, args[i]))
		}
		if !v.IsValid() {
			bail()
		}
		return v
	}
	n := len(args)
	if hasFinal {
		n++
	}
	switch name {
	case "and", "or":
		if n == 0 {
			bail()
		}
		var v reflect.Value
		for i := range n {
			v = arg(i)
			if truth(v) == (name == "or") {
				return v
			}
		}
		return v
	case "not":
		if n != 1 {
			bail()
		}
		return reflect.ValueOf(!truth(arg(0)))
	case "eq":
		if n < 2 {
			bail()
		}
		var buf [4]reflect.Value
		vals := buf[:0] // all evaluated first, as text/template does
		if n > len(buf) {
			vals = make([]reflect.Value, 0, n)
		}
		vals = vals[:n]
		for i := range vals {
			vals[i] = arg(i)
		}
		for _, v := range vals[1:] {
			if compare(vals[0], v) == 0 {
				return reflect.ValueOf(true)
			}
		}
		return reflect.ValueOf(false)
	case "ne", "lt", "le", "gt", "ge":
		if n != 2 {
			bail()
		}
		c := compare(arg(0), arg(1))
		var t bool
		switch name {
		case "ne":
			t = c != 0
		case "lt", "le", "gt", "ge":
			if c == incomparable || c == unordered {
				bail()
			}
			t = name == "lt" && c < 0 || name == "le" && c <= 0 || name == "gt" && c > 0 || name == "ge" && c >= 0
		}
		return reflect.ValueOf(t)
	case "print", "printf", "println":
		vals := make([]any, n)
		for i := range vals {
			vals[i] = arg(i).Interface()
		}
		switch name {
		case "print":
			return reflect.ValueOf(sprint(func() string { return fmt.Sprint(vals...) }))
		case "println":
			return reflect.ValueOf(sprint(func() string { return fmt.Sprintln(vals...) }))
		}
		if n > 0 {
			if format, ok := vals[0].(string); ok {
				return reflect.ValueOf(sprint(func() string { return fmt.Sprintf(format, vals[1:]...) }))
			}
		}
	case "len":
		if n != 1 {
			bail()
		}
		v, isNil := indirect(arg(0))
		if isNil {
			bail()
		}
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len())
		}
	case "index":
		if n != 2 {
			bail()
		}
		item, key := indirectInterface(arg(0)), indirectInterface(arg(1))
		switch {
		case !item.IsValid() || !key.IsValid():
		case item.Kind() == reflect.Map && key.Type().AssignableTo(item.Type().Key()) && key.Comparable():
			if v := item.MapIndex(key); v.IsValid() {
				return v
			}
			return reflect.Zero(item.Type().Elem())
		case (item.Kind() == reflect.Slice || item.Kind() == reflect.Array) && key.Kind() == reflect.Int:
			if i := key.Int(); i >= 0 && i < int64(item.Len()) {
				return item.Index(int(i))
			}
		}
	}
	bail() // other builtins, errors
	return reflect.Value{}
}

// evalAny evaluates an argument of a builtin, whose parameters are of type
// reflect.Value: as text/template evaluates one for an empty interface.
func (s *state) evalAny(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, nil, []parse.Node{n}, reflect.Value{}, false)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n.Ident, []parse.Node{n}, reflect.Value{}, false)
	case *parse.NumberNode:
		return idealConstant(n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.VariableNode:
		return s.evalVariable(dot, n, nil, reflect.Value{}, false)
	case *parse.PipeNode:
		return s.value(s.evalPipeline(dot, n))
	}
	bail()
	return reflect.Value{}
}

// evalCall calls fn with the arguments of a command (args[0] names fn),
// evaluated by argFns if compiled, and the value piped in, if any.
func (s *state) evalCall(dot reflect.Value, fn function, args []parse.Node, argFns []argFn, final reflect.Value, hasFinal bool) reflect.Value {
	if len(args) > 0 {
		args = args[1:]
	}
	typ := fn.v.Type()
	n := len(args)
	if hasFinal {
		n++
	}
	if typ.IsVariadic() || n != typ.NumIn() || !goodResults(typ) {
		bail()
	}
	if fn.watched && s.rec != nil {
		s.rec.Func(fn.name)
	}
	base := len(s.args)
	for i, a := range args {
		var v reflect.Value // evaluating it may push and pop arguments of its own
		if argFns != nil {
			v = argFns[i](s, dot, typ.In(i))
		} else {
			v = s.evalArg(dot, typ.In(i), a)
		}
		s.args = append(s.args, v)
	}
	if hasFinal {
		s.args = append(s.args, validateType(final, typ.In(n-1)))
	}
	v := call(fn, s.args[base:])
	clear(s.args[base:])
	s.args = s.args[:base]
	return v
}

// A function is one of the set's functions, or a method: v, and for a
// function f, its value, so that the commonest kinds of function can be
// called without reflection, and direct for a Func.
type function struct {
	v       reflect.Value
	f       any
	direct  func(argv []reflect.Value) reflect.Value
	name    string // of one of the set's functions
	watched bool   // its calls are told to the Recorder
}

// call calls fn with argv, already converted to its parameters' types,
// giving up if it panics or returns an error, which text/template reports.
func call(fn function, argv []reflect.Value) reflect.Value {
	defer func() {
		if recover() != nil {
			bail()
		}
	}()
	if fn.direct != nil {
		return fn.direct(argv)
	}
	switch f := fn.f.(type) {
	case func(string) string:
		return reflect.ValueOf(f(argv[0].String()))
	case func(string, string) string:
		return reflect.ValueOf(f(argv[0].String(), argv[1].String()))
	case func(string) (string, error):
		v, err := f(argv[0].String())
		if err != nil {
			bail()
		}
		return reflect.ValueOf(v)
	case func(float64) string:
		return reflect.ValueOf(f(argv[0].Float()))
	}
	out := fn.v.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		bail()
	}
	return out[0]
}

var errorType = reflect.TypeFor[error]()

// goodResults reports whether a function returns one value, or a value
// and an error, and not a reflect.Value (which text/template unwraps).
func goodResults(typ reflect.Type) bool {
	switch typ.NumOut() {
	case 1:
	case 2:
		if typ.Out(1) != errorType {
			return false
		}
	default:
		return false
	}
	return typ.Out(0) != reflectValueType
}

func (s *state) evalArg(dot reflect.Value, typ reflect.Type, n parse.Node) reflect.Value {
	switch arg := n.(type) {
	case *parse.DotNode:
		return validateType(dot, typ)
	case *parse.FieldNode:
		return validateType(s.evalFieldChain(dot, dot, arg.Ident, nil, []parse.Node{n}, reflect.Value{}, false), typ)
	case *parse.VariableNode:
		return validateType(s.evalVariable(dot, arg, nil, reflect.Value{}, false), typ)
	case *parse.PipeNode:
		return validateType(s.value(s.evalPipeline(dot, arg)), typ)
	case *parse.IdentifierNode:
		return validateType(s.evalFunction(dot, arg.Ident, []parse.Node{arg}, reflect.Value{}, false), typ)
	}
	// A constant: converted to the parameter's type if it is of the
	// constant's kind, as text/template does, or as it is for an empty
	// interface.
	var c reflect.Value
	switch arg := n.(type) {
	case *parse.StringNode:
		c = reflect.ValueOf(arg.Text)
	case *parse.BoolNode:
		c = reflect.ValueOf(arg.True)
	case *parse.NumberNode:
		if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
			return idealConstant(arg)
		}
		if arg.IsInt {
			c = reflect.ValueOf(int(arg.Int64))
		}
	}
	switch {
	case !c.IsValid():
	case typ.Kind() == reflect.Interface && typ.NumMethod() == 0:
		return c
	case typ.Kind() == c.Kind():
		return c.Convert(typ)
	}
	bail()
	return reflect.Value{}
}

// validateType converts v for a parameter of type typ, as text/template
// does, or gives up.
func validateType(v reflect.Value, typ reflect.Type) reflect.Value {
	if !plain(v).IsValid() {
		bail()
	}
	if v.Type().AssignableTo(typ) {
		return v
	}
	if v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type().AssignableTo(typ) {
		return v.Elem()
	}
	bail()
	return reflect.Value{}
}

// idealConstant is the value of a number with no type to convert it to,
// as text/template makes it: a float64 if written as one (and not in hex),
// else an int.
func idealConstant(n *parse.NumberNode) reflect.Value {
	t := n.Text
	hexInt := len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && !strings.ContainsAny(t, "pP")
	runeInt := len(t) > 0 && t[0] == '\''
	switch {
	case n.IsComplex:
	case n.IsFloat && !hexInt && !runeInt && strings.ContainsAny(t, ".eEpP"):
		return reflect.ValueOf(n.Float64)
	case n.IsInt && int64(int(n.Int64)) == n.Int64:
		return reflect.ValueOf(int(n.Int64))
	}
	bail()
	return reflect.Value{}
}

var reflectValueType = reflect.TypeFor[reflect.Value]()

// plain returns v, unless it holds a reflect.Value, which text/template
// passes to functions and builtins unwrapped: the Runner gives up on it.
func plain(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		bail()
	}
	return v
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's truth: false is the zero value of its type,
// and empty arrays, slices, maps and strings.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// Results of compare besides -1, 0 and 1.
const (
	unordered    = 2 // equal or not, but not ordered (booleans)
	incomparable = 3
)

// compare compares two values as eq and lt do, for values of the same
// basic kind: strings, booleans, and numbers of one kind. It gives up on
// any other pair, which text/template may compare or reject.
func compare(a, b reflect.Value) int {
	a, b = indirectInterface(a), indirectInterface(b)
	if !a.IsValid() || !b.IsValid() {
		bail()
	}
	ka, kb := basicKind(a.Kind()), basicKind(b.Kind())
	if ka != kb || ka == reflect.Invalid {
		bail()
	}
	switch ka {
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Int:
		return cmp3(a.Int() < b.Int(), a.Int() == b.Int())
	case reflect.Uint:
		return cmp3(a.Uint() < b.Uint(), a.Uint() == b.Uint())
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != x || y != y {
			bail() // NaN
		}
		return cmp3(x < y, x == y)
	case reflect.Bool:
		if a.Bool() == b.Bool() {
			return 0
		}
		return unordered
	}
	return incomparable
}

func cmp3(less, equal bool) int {
	switch {
	case less:
		return -1
	case equal:
		return 0
	}
	return 1
}

// basicKind groups the kinds eq compares alike.
func basicKind(k reflect.Kind) reflect.Kind {
	switch k {
	case reflect.Bool, reflect.String:
		return k
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflect.Int
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return reflect.Uint
	case reflect.Float32, reflect.Float64:
		return reflect.Float64
	}
	return reflect.Invalid
}

// stringify turns a value piped into an escaper into text, as
// html/template does, and says whether it is HTML, a URL or plain text.
func stringify(v reflect.Value) (string, contentKind) {
	if !v.IsValid() || v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		bail()
	}
	switch v.Type() {
	case stringType:
		return v.String(), plainText
	case htmlType:
		return v.String(), htmlText
	case urlType:
		return v.String(), urlText
	case intType:
		return strconv.Itoa(int(v.Int())), plainText // as fmt prints it
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		for _, t := range contentTypes {
			if v.Type() == t {
				bail() // CSS, JS, attributes, srcset
			}
		}
		return sprint(func() string { return fmt.Sprint(v.Interface()) }), plainText
	}
	bail()
	return "", 0
}

// sprint returns what print returns, giving up if it panics: fmt calls a
// value's String, Error or Format method, and text/template reports a
// panic there as an error.
func sprint(print func() string) string {
	defer func() {
		if recover() != nil {
			bail()
		}
	}()
	return print()
}

var (
	stringType   = reflect.TypeFor[string]()
	intType      = reflect.TypeFor[int]()
	htmlType     = reflect.TypeFor[template.HTML]()
	urlType      = reflect.TypeFor[template.URL]()
	contentTypes = []reflect.Type{reflect.TypeFor[template.CSS](), reflect.TypeFor[template.HTMLAttr](), reflect.TypeFor[template.JS](), reflect.TypeFor[template.JSStr](), reflect.TypeFor[template.Srcset]()}
)
