package tmplexec

import (
	"reflect"
	"text/template/parse"
)

// A Runner compiles its templates before executing them: each node of a
// tree becomes a closure holding what can be worked out before any page
// is (the escapers a pipeline ends with, the function a name calls, a
// field's lookup site), so that executing a page walks no tree and looks
// nothing up by name. What is rare (constants, parenthesized pipelines,
// arguments) is left to the evaluator, which takes the same steps.

// An action executes a node with dot.
type action func(s *state, dot reflect.Value)

// A pipeFn evaluates a pipeline. A pipeline that ends with escapers is
// evaluated to the escaped string: str, with isStr set.
type pipeFn func(s *state, dot reflect.Value) (v reflect.Value, str string, isStr bool)

// A cmdFn evaluates a command as state.evalCommand does.
type cmdFn func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value

// compileTemplate returns the action of the template name, compiled once:
// the action of a template calling itself, or one that calls it, is the
// same cell, filled in once it is compiled.
func (r *Runner) compileTemplate(name string) *action {
	if a, ok := r.actions[name]; ok {
		return a
	}
	a := new(action)
	r.actions[name] = a
	if tree := r.trees[name]; tree != nil {
		*a = r.compile(tree.Root)
	} else {
		*a = func(*state, reflect.Value) { bail() }
	}
	return a
}

// compile returns the action of node.
func (r *Runner) compile(node parse.Node) action {
	switch node := node.(type) {
	case *parse.ActionNode:
		pipe := r.compilePipe(node.Pipe)
		if len(node.Pipe.Decl) > 0 {
			return func(s *state, dot reflect.Value) { pipe(s, dot) }
		}
		return func(s *state, dot reflect.Value) {
			if _, str, isStr := pipe(s, dot); isStr {
				s.write(str)
				return
			}
			// html/template ends every printed pipeline with an escaper.
			bail()
		}
	case *parse.CommentNode:
		return func(*state, reflect.Value) {}
	case *parse.IfNode:
		return r.compileIfOrWith(false, node.Pipe, node.List, node.ElseList)
	case *parse.WithNode:
		return r.compileIfOrWith(true, node.Pipe, node.List, node.ElseList)
	case *parse.ListNode:
		acts := make([]action, len(node.Nodes))
		for i, n := range node.Nodes {
			acts[i] = r.compile(n)
		}
		return func(s *state, dot reflect.Value) {
			for _, a := range acts {
				a(s, dot)
			}
		}
	case *parse.RangeNode:
		return r.compileRange(node)
	case *parse.TemplateNode:
		return r.compileCall(node)
	case *parse.TextNode:
		text := node.Text
		return func(s *state, _ reflect.Value) {
			if _, err := s.w.Write(text); err != nil {
				bail() // html/template reports it
			}
		}
	}
	return func(*state, reflect.Value) { bail() } // break, continue
}

// compileList compiles a list that may be nil (an else that is not there).
func (r *Runner) compileList(list *parse.ListNode) action {
	if list == nil {
		return nil
	}
	return r.compile(list)
}

func (r *Runner) compileIfOrWith(with bool, p *parse.PipeNode, l, e *parse.ListNode) action {
	pipe, list, elseList := r.compilePipe(p), r.compile(l), r.compileList(e)
	return func(s *state, dot reflect.Value) {
		defer s.pop(s.mark())
		val := s.value(pipe(s, dot))
		truth, ok := isTrue(indirectInterface(val))
		if !ok {
			bail()
		}
		switch {
		case truth && with:
			list(s, val)
		case truth:
			list(s, dot)
		case elseList != nil:
			elseList(s, dot)
		}
	}
}

func (r *Runner) compileRange(node *parse.RangeNode) action {
	if node.Pipe.IsAssign || len(node.Pipe.Decl) > 2 {
		return func(*state, reflect.Value) { bail() }
	}
	pipe, list, elseList := r.compilePipe(node.Pipe), r.compile(node.List), r.compileList(node.ElseList)
	decls := len(node.Pipe.Decl)
	return func(s *state, dot reflect.Value) {
		defer s.pop(s.mark())
		val, _ := indirect(s.value(pipe(s, dot)))
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			if val.Len() == 0 {
				break
			}
			mark := s.mark()
			for i := 0; i < val.Len(); i++ {
				elem := plain(val.Index(i))
				// As text/template: the element is the last variable
				// declared, the index the one before.
				if decls > 0 {
					s.vars[mark-1].value = elem
					if decls > 1 {
						s.vars[mark-2].value = reflect.ValueOf(i)
					}
				}
				list(s, elem)
				s.pop(mark)
			}
			return
		case reflect.Invalid:
		default:
			bail() // maps, integers, channels, functions
		}
		if elseList != nil {
			elseList(s, dot)
		}
	}
}

// compileCall compiles {{template "name" pipeline}}. The template sees its
// own variables only: $, on top of the caller's.
func (r *Runner) compileCall(node *parse.TemplateNode) action {
	if r.trees[node.Name] == nil {
		return func(*state, reflect.Value) { bail() }
	}
	callee, pipe := r.compileTemplate(node.Name), r.compilePipe(node.Pipe)
	return func(s *state, dot reflect.Value) {
		if s.depth >= maxDepth {
			bail()
		}
		dot = s.value(pipe(s, dot))
		base, mark := s.base, s.mark()
		s.vars = append(s.vars, variable{"$", dot})
		s.base = mark
		s.depth++
		(*callee)(s, dot)
		s.depth--
		s.base = base
		s.pop(mark)
	}
}

// compilePipe compiles a pipeline; a nil one is the zero value.
func (r *Runner) compilePipe(pipe *parse.PipeNode) pipeFn {
	if pipe == nil {
		return func(*state, reflect.Value) (reflect.Value, string, bool) { return reflect.Value{}, "", false }
	}
	escs := make([]escaper, len(pipe.Cmds))
	cmds := make([]cmdFn, len(pipe.Cmds))
	for i, cmd := range pipe.Cmds {
		if escs[i] = escaperOf(cmd); escs[i] == nil {
			cmds[i] = r.compileCmd(cmd)
		}
	}
	decl, assign := pipe.Decl, pipe.IsAssign
	return func(s *state, dot reflect.Value) (v reflect.Value, str string, isStr bool) {
		hasFinal := false
		for i, esc := range escs {
			if esc != nil {
				if !hasFinal {
					bail()
				}
				if isStr {
					str = esc(str, plainText)
				} else {
					text, kind := stringify(v)
					str, isStr = esc(text, kind), true
				}
				continue
			}
			if isStr {
				bail() // an escaped string piped into a function
			}
			v = plain(cmds[i](s, dot, v, hasFinal))
			hasFinal = true
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		if len(decl) > 0 {
			if isStr {
				bail()
			}
			for _, d := range decl {
				if assign {
					s.setVar(d.Ident[0], v)
				} else {
					s.vars = append(s.vars, variable{d.Ident[0], v})
				}
			}
		}
		return v, str, isStr
	}
}

// compileCmd compiles a command: a field chain, a call of a function or
// builtin, or a variable, each with what it names worked out; anything
// else is left to evalCommand.
func (r *Runner) compileCmd(cmd *parse.CommandNode) cmdFn {
	args := cmd.Args
	switch n := args[0].(type) {
	case *parse.FieldNode:
		idents, sites := n.Ident, newSites(len(n.Ident))
		return func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value {
			return s.evalFieldChain(dot, dot, idents, sites, args, final, hasFinal)
		}
	case *parse.IdentifierNode:
		name := n.Ident
		if fn, ok := r.funcs[name]; ok {
			argFns := make([]argFn, len(args)-1)
			for i, a := range args[1:] {
				argFns[i] = compileArg(a)
			}
			return func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value {
				return s.evalCall(dot, fn, args, argFns, final, hasFinal)
			}
		}
		anyFns := make([]anyFn, len(args)-1)
		for i, a := range args[1:] {
			anyFns[i] = compileAny(a)
		}
		return func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value {
			return s.evalBuiltin(dot, name, args, anyFns, final, hasFinal)
		}
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			name, idents, sites := n.Ident[0], n.Ident[1:], newSites(len(n.Ident)-1)
			return func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value {
				return s.evalFieldChain(dot, s.varValue(name), idents, sites, args, final, hasFinal)
			}
		}
	}
	return func(s *state, dot, final reflect.Value, hasFinal bool) reflect.Value {
		return s.evalCommand(dot, cmd, final, hasFinal)
	}
}

// An argFn evaluates an argument of a function for a parameter of type
// typ, as state.evalArg does.
type argFn func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value

// compileArg compiles an argument: a field chain, on dot or a variable,
// with sites of its own; anything else is left to evalArg.
func compileArg(n parse.Node) argFn {
	self := []parse.Node{n} // as a command of its own: no arguments
	switch n := n.(type) {
	case *parse.FieldNode:
		idents, sites := n.Ident, newSites(len(n.Ident))
		return func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
			return validateType(s.evalFieldChain(dot, dot, idents, sites, self, reflect.Value{}, false), typ)
		}
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			name, idents, sites := n.Ident[0], n.Ident[1:], newSites(len(n.Ident)-1)
			return func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
				return validateType(s.evalFieldChain(dot, s.varValue(name), idents, sites, nil, reflect.Value{}, false), typ)
			}
		}
	}
	return func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
		return s.evalArg(dot, typ, n)
	}
}

// An anyFn evaluates an argument of a builtin, as state.evalAny does.
type anyFn func(s *state, dot reflect.Value) reflect.Value

// compileAny compiles an argument of a builtin: a field chain on dot
// with sites of its own; anything else is left to evalAny.
func compileAny(n parse.Node) anyFn {
	if f, ok := n.(*parse.FieldNode); ok {
		self, idents, sites := []parse.Node{n}, f.Ident, newSites(len(f.Ident))
		return func(s *state, dot reflect.Value) reflect.Value {
			return s.evalFieldChain(dot, dot, idents, sites, self, reflect.Value{}, false)
		}
	}
	return func(s *state, dot reflect.Value) reflect.Value { return s.evalAny(dot, n) }
}

// newSites returns n sites of their own, for the names of a field chain.
func newSites(n int) []*site {
	sites := make([]*site, n)
	for i := range sites {
		sites[i] = new(site)
	}
	return sites
}
