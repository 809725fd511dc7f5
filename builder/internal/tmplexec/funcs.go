package tmplexec

import (
	"html/template"
	"reflect"
)

// A Func is a function of a template set that a Runner calls without
// reflection, made by Func1, Func1Err or Func2. Funcs unwraps it for html/template.
type Func struct {
	f    any                                      // the function itself
	call func(argv []reflect.Value) reflect.Value // nil: called through reflect
}

// Func1 wraps f, a function of one argument, for a Runner to call directly.
func Func1[A, R any](f func(A) R) Func {
	if !direct[R]() {
		return Func{f: f}
	}
	return Func{f, func(argv []reflect.Value) reflect.Value {
		return reflect.ValueOf(f(arg[A](argv[0])))
	}}
}

// Func1Err wraps f, a function of one argument that may fail, for a
// Runner to call directly. An error makes Execute give up, as any does.
func Func1Err[A, R any](f func(A) (R, error)) Func {
	if !direct[R]() {
		return Func{f: f}
	}
	return Func{f, func(argv []reflect.Value) reflect.Value {
		r, err := f(arg[A](argv[0]))
		if err != nil {
			bail()
		}
		return reflect.ValueOf(r)
	}}
}

// Func2 wraps f, a function of two arguments, for a Runner to call directly.
func Func2[A, B, R any](f func(A, B) R) Func {
	if !direct[R]() {
		return Func{f: f}
	}
	return Func{f, func(argv []reflect.Value) reflect.Value {
		return reflect.ValueOf(f(arg[A](argv[0]), arg[B](argv[1])))
	}}
}

// arg returns v, an argument validated for a parameter of type A, as an
// A. Its type is assignable to A, which is not always A itself: a value of
// a named type (type tags []string) is converted, as reflect's Call does;
// a nil interface is A's zero value. A conversion that panics makes
// Execute give up (see call).
func arg[A any](v reflect.Value) A {
	if a, ok := v.Interface().(A); ok {
		return a
	}
	var zero A
	if v.Kind() == reflect.Interface && v.IsNil() {
		return zero
	}
	return v.Convert(reflect.TypeFor[A]()).Interface().(A)
}

// direct reports whether a result of type R can be returned as
// reflect.ValueOf returns it: not an interface, whose dynamic type
// reflect.ValueOf would take instead, nor a reflect.Value, which
// text/template unwraps.
func direct[R any]() bool {
	t := reflect.TypeFor[R]()
	return t.Kind() != reflect.Interface && t != reflectValueType
}

// Funcs returns the functions of funcs as html/template takes them, each
// Func unwrapped, and the Funcs among them by name, for New.
func Funcs(funcs map[string]any) (template.FuncMap, map[string]Func) {
	plain := make(template.FuncMap, len(funcs))
	direct := map[string]Func{}
	for name, fn := range funcs {
		if f, ok := fn.(Func); ok {
			plain[name] = f.f
			if f.call != nil {
				direct[name] = f
			}
			continue
		}
		plain[name] = fn
	}
	return plain, direct
}
