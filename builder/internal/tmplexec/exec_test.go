package tmplexec

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type kpi struct {
	Name    string
	Current float64
	Owner   *person
}

func (k kpi) Met() bool              { return k.Current >= 1 }
func (k *kpi) Label(p string) string { return p + k.Name }

type person struct{ Name string }

type status string

// tagList is a named type over a parameter type of functions.
type tagList []string

func (s status) String() string { return "status " + string(s) }

// A boom's String panics with a value whose Error panics too: fmt
// re-panics, and text/template reports it as an error.
type boom string

func (boom) String() string { panic(boomError{}) }

type boomError struct{}

func (boomError) Error() string { panic("boom") }

type page struct {
	Title   string
	Summary template.HTML
	Link    template.URL
	Count   int
	Ratio   float64
	Draft   bool
	Tags    []string
	TagList tagList
	KPIs    []kpi
	Ptrs    []*kpi
	Owner   *person
	Nobody  *person
	Status  status
	Params  map[string]string
	Scores  map[status]int
	Any     any
	Nothing any
	AnyMap  map[any]string
	Key     any
	RV      reflect.Value
}

func testPage() *page {
	return &page{
		Title: `Fast & "safe" <site> +1 'x'`, Summary: "<em>Now</em> & then", Link: "javascript:ok()",
		Count: 3, Ratio: 0.5, Tags: []string{"web", "a&b", ""}, TagList: tagList{"x", "y"},
		KPIs: []kpi{{Name: "Speed", Current: 2, Owner: &person{"Ana"}}, {Name: "Cost", Current: 0.5}},
		Ptrs: []*kpi{{Name: "P"}, nil}, Owner: &person{"Bo"}, Status: "active",
		Params: map[string]string{"color": "red"}, Scores: map[status]int{"active": 2}, Any: "text",
		AnyMap: map[any]string{"a": "x"}, Key: []int{1}, RV: reflect.ValueOf(false),
	}
}

// funcs are the test templates' functions; the Funcs among them are
// called by the Runner without reflection.
var funcs = map[string]any{
	"upper": strings.ToUpper,
	"join":  strings.Join,
	"fail":  func() (string, error) { return "", errors.New("failed") },
	"panic": func() string { panic("boom") },
	"pair":  Func2(func(a string, b int) string { return fmt.Sprintf("%s=%d", a, b) }),
	"page":  Func1(func(p *page) string { return p.Title }),
	"html2": Func1(func(s string) template.HTML { return template.HTML("<b>" + s + "</b>") }),
	"who": Func1(func(p *person) string {
		if p == nil {
			return "nobody"
		}
		return p.Name
	}),
	"show":   Func2(func(k kpi, v any) string { return fmt.Sprintf("%s:%v", k.Name, v) }),
	"boxed":  Func1(func(s string) any { return s + "!" }),
	"crash":  Func1(func(p *person) string { return p.Name }),
	"double": Func1(func(n int) int { return 2 * n }),
	"count":  Func1(func(xs []string) int { return len(xs) }),
	"cat":    Func2(func(xs []string, sep string) string { return strings.Join(xs, sep) }),
	"check": Func1Err(func(s string) (template.HTML, error) {
		if s == "" {
			return "", errors.New("empty")
		}
		return template.HTML("<i>" + s + "</i>"), nil
	}),
	"url":  func(s string) template.URL { return template.URL(s) },
	"list": func(n int) []int { return make([]int, n) },
	"attr": func() template.HTMLAttr { return `a="b"` },
	"must": func(s string) (string, error) {
		if s == "" {
			return "", errors.New("empty")
		}
		return s, nil
	},
	"explode": func(s string) string { panic(s) },
	"num":     func(f float64) string { return fmt.Sprint(f * 2) },
}

// run executes src with data through html/template and then through a
// Runner, and returns both outputs; quick is false if the Runner left it
// to html/template, err html/template's error, if any (the Runner must
// then leave it to html/template).
func run(t *testing.T, src string, data any) (want, got string, quick bool, err error) {
	t.Helper()
	plain, direct := Funcs(funcs)
	tmpl, err := template.New("page").Funcs(plain).Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	var w strings.Builder
	werr := tmpl.Execute(&w, data)
	r := New(tmpl, "page", plain, direct, Watch{})
	var g strings.Builder
	if err := r.Execute(&g, data, nil); err != nil {
		if err != ErrUnsupported {
			t.Fatalf("%s: Execute returned %v", src, err)
		}
		return w.String(), "", false, werr
	}
	if werr != nil {
		t.Fatalf("%s: html/template fails (%v), the Runner gives %q", src, werr, g.String())
	}
	return w.String(), g.String(), true, nil
}

// TestRunner checks templates the Runner executes against html/template,
// and that it leaves to html/template what it does not do.
func TestRunner(t *testing.T) {
	cases := []struct {
		src   string
		quick bool
	}{
		{`<p title="{{.Title}}">{{.Title}}</p><title>{{.Title}}</title>`, true},
		{`{{.Summary}}<title>{{.Summary}}</title>`, true},
		{`<a title="{{.Summary}}">`, false},
		{`<a href="{{.Link}}">x</a><a href="{{.Title}}">y</a><a href="javascript:x">z</a>`, true},
		{`<a href="/t/{{.Title}}?q={{.Title}}&r={{.Link}}">`, true},
		{`<a href="{{"JAVASCRIPT:x"}}"></a><a href="{{"mailto:a@b"}}"></a><a href="{{"a/b:c"}}"></a><a href="{{"%zz%41"}}"></a>`, true},
		{`{{.Count}} {{.Ratio}} {{.Draft}} {{.Status}} {{printf "%s-%d" .Title .Count}} {{print 1 2}} {{println "x"}}`, true},
		{`{{if .Draft}}d{{else if .Tags}}t{{else}}n{{end}}{{if .Nobody}}x{{end}}{{if .Any}}a{{end}}{{if .Nothing}}n{{end}}`, true},
		{`{{with .Owner}}{{.Name}}{{end}}{{with .Nobody}}{{.Name}}{{else}}none{{end}}{{with $o := .Owner}}{{$o.Name}}{{end}}`, true},
		{`{{range .Tags}}[{{.}}]{{end}}{{range $i, $t := .Tags}}{{$i}}={{$t}};{{end}}{{range $t := .Tags}}{{$t}}{{end}}`, true},
		{`{{range .Nothing}}x{{else}}empty{{end}}{{range .Ptrs}}{{if .}}{{.Name}}{{else}}nil{{end}}{{end}}`, true},
		{`{{range .KPIs}}{{.Name}} {{.Met}} {{.Label "k:"}} {{with .Owner}}{{.Name}}{{end}};{{end}}`, true},
		{`{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}`, true},
		{`{{$t := .Title}}{{range .Tags}}{{$t}}{{.}}{{$}}{{end}}`, false},
		{`{{$t := .Title}}{{range .Tags}}{{$t}}{{.}}{{$.Count}}{{end}}`, true},
		{`{{and .Draft .Count}} {{or .Draft .Count}} {{and 1 2 3}} {{or 0 "" .Title}} {{not .Draft}} {{not .Tags}}`, true},
		{`{{eq .Count 3}} {{eq .Title "x" "y"}} {{ne .Count 2}} {{lt .Count 4}} {{le 3 .Count}} {{gt .Ratio 0.25}} {{ge "b" "a"}} {{eq .Draft false}}`, true},
		{`{{lt 3 3}} {{le 3 3}} {{gt 3 3}} {{ge 3 3}} {{lt 4 3}} {{le 4 3}} {{gt 2 3}} {{ge 2 3}} {{lt "a" "b"}} {{ne "a" "a"}} {{eq true true}} {{ne true false}}`, true},
		{`{{lt true false}}`, false},
		{`{{eq .Count 3.0}}`, false},
		{`{{index .AnyMap "a"}}`, true},
		{`{{index .AnyMap .Key}}`, false},
		{`{{printf "%T %T %T %T %T %T" -0xE 1_0e1 1_0.0 0x1E 'a' 1e3}}`, true},
		{`{{eq -0xE -14}}`, false},
		{`{{not .RV}}`, false},
		{`{{if and .RV}}yes{{end}}`, false},
		{`{{eq .Owner .Owner}}`, false},
		{`{{eq 1 1 (fail)}}`, false},
		{`{{len .Tags}} {{len .Title}} {{len .Params}} {{index .Tags 1}} {{index .Params "color"}} {{index .Params "none"}} {{index .Scores .Status}}`, true},
		{`{{index .Tags 5}}`, false},
		{`{{.Params.color}}{{.Any}}`, true},
		{`{{.Params.missing}}`, false},
		{`{{upper .Title}} {{.Title | upper}} {{join .Tags ", "}} {{pair "a" 2}} {{page .}} {{html2 .Title}} {{url "a b"}}`, true},
		{`{{who .Owner}} {{who .Nobody}} {{range .KPIs}}{{show . $.Count}} {{show . $.Nothing}} {{show . "x"}} {{end}}{{double .Count | double}}`, true},
		{`{{boxed .Title}} {{html2 (boxed "x")}}`, true},
		{`{{crash .Nobody}}`, false},
		{`{{double .Title}}`, false},
		{`{{count .TagList}}|{{cat .TagList "-"}}|{{count .Tags}}|{{cat .Tags "+"}}`, true},
		{`{{check .Title}}`, true},
		{`{{check ""}}`, false},
		{`{{fail}}`, false},
		{`{{must .Title}} {{num .Ratio}} {{.Title | must | upper}}`, true},
		{`{{must ""}}`, false},
		{`{{explode "x"}}`, false},
		{`{{num .Count}}`, false},
		{`{{panic}}`, false},
		{`{{range list 2}}.{{end}}`, true},
		{`{{range $k, $v := .Params}}{{$k}}{{end}}`, false},
		{`{{range .Count}}.{{end}}`, false},
		{`{{range .Tags}}{{break}}{{end}}`, false},
		{`{{define "row"}}<li>{{.Name}}</li>{{end}}{{range .KPIs}}{{template "row" .}}{{end}}{{template "row" .Owner}}`, true},
		{`{{define "d"}}[{{$.Name}}{{$x := "in"}}{{$x}}{{range $i, $k := $.Name}}{{end}}]{{end}}{{$x := "out"}}{{template "d" .Owner}}{{$x}}{{range .KPIs}}{{template "d" .Owner}}{{end}}{{$x = "again"}}{{$x}}`, false},
		{`{{define "d"}}[{{$.Name}}{{$x := "in"}}{{$x}}{{with $.Name}}{{$y := .}}{{$y}}{{end}}]{{end}}{{$x := "out"}}{{template "d" .Owner}}{{$x}}{{range $k := .KPIs}}{{with .Owner}}{{template "d" .}}{{end}}{{$k.Name}}{{end}}{{$x = "again"}}{{$x}}`, true},
		{`{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`, false},
		{`{{template "missing" .}}`, false},
		{`{{.KPIs}}`, false},
		{`{{.Owner}}`, false},
		{`{{attr}}`, false},
		{`<script>var x = {{.Title}};</script>`, false},
		{`<style>p { color: {{.Title}} }</style>`, false},
		{`{{/* a comment */}}{{- .Title -}}`, true},
		{`{{(.Title)}} {{(upper .Title) | printf "%s!"}}`, true},
		{`{{.Title | printf "%q"}}`, true},
	}
	for _, c := range cases {
		want, got, quick, _ := run(t, c.src, testPage())
		if quick != c.quick {
			t.Errorf("%s: executed by the Runner: %v, want %v", c.src, quick, c.quick)
		}
		if quick && got != want {
			t.Errorf("%s:\n got %q\nwant %q", c.src, got, want)
		}
	}
}

// TestPanickingString checks that a value whose String method panics
// inside fmt (which then panics itself) is left to html/template.
func TestPanickingString(t *testing.T) {
	for _, src := range []string{`{{.X}}`, `{{print .X}}`, `{{printf "%v" .X}}`} {
		tmpl := template.Must(template.New("page").Parse(src))
		if err := tmpl.Execute(new(strings.Builder), struct{ X any }{"ok"}); err != nil {
			t.Fatal(err)
		}
		data := struct{ X any }{boom("b")}
		if err := New(tmpl, "page", nil, nil, Watch{}).Execute(new(strings.Builder), data, nil); err != ErrUnsupported {
			t.Errorf("%s: Execute = %v, want ErrUnsupported", src, err)
		}
	}
}

// TestWriteError checks that a failed write leaves the page to
// html/template, which reports the error.
func TestWriteError(t *testing.T) {
	tmpl := template.Must(template.New("page").Parse(`<p>{{.Title}}</p>`))
	if err := tmpl.Execute(new(strings.Builder), testPage()); err != nil {
		t.Fatal(err)
	}
	if err := New(tmpl, "page", nil, nil, Watch{}).Execute(failingWriter{}, testPage(), nil); err != ErrUnsupported {
		t.Errorf("Execute = %v, want ErrUnsupported", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error)       { return 0, errors.New("disk full") }
func (failingWriter) WriteString(string) (int, error) { return 0, errors.New("disk full") }

// TestEscapers checks the escapers against html/template's on texts with
// every character they treat apart.
func TestEscapers(t *testing.T) {
	texts := []string{"", "plain", `<a href="x">&amp; 'y' + z</a>`, "\x00nul", "é ü \u2028 \ufffd \xff", "http://x.org/a b?c=d&e=%41%zz#f", "JavaScript:alert(1)", "/a:b", "100%", "!#$&*+,/:;=?@[]~-._"}
	for _, s := range texts {
		checkEscapers(t, s)
	}
}

func checkEscapers(t *testing.T, s string) {
	const src = `<p>{{.S}}|{{.H}}</p><a title="{{.S}}" href="{{.S}}">{{.U}}</a><a href="/x/{{.S}}?q={{.S}}&u={{.U}}"></a><a href="{{.U}}"></a><title>{{.S}}{{.H}}</title><textarea>{{.S}}</textarea>`
	data := struct {
		S string
		H template.HTML
		U template.URL
	}{s, template.HTML(s), template.URL(s)}
	want, got, quick, err := run(t, src, data)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	if !quick {
		t.Fatalf("%q: left to html/template", s)
	}
	if got != want {
		t.Errorf("%q:\n got %s\nwant %s", s, got, want)
	}
}

// FuzzEscapers checks the escapers against html/template's on any text.
func FuzzEscapers(f *testing.F) {
	f.Add(`<a href="x">&amp; 'y' + z</a>`)
	f.Add("http://x.org/a b?c=d&e=%41%zz#f")
	f.Fuzz(func(t *testing.T, s string) {
		checkEscapers(t, s)
	})
}

// FuzzRunner executes any template html/template executes on one page, on
// another page: the Runner's output must be html/template's, or left to
// it, and it must leave to html/template what html/template fails on.
func FuzzRunner(f *testing.F) {
	f.Add(`{{range $i, $k := .KPIs}}{{if gt $i 0}}, {{end}}{{$k.Name}}{{with $k.Owner}} ({{.Name}}){{end}}{{end}}`)
	f.Add(`{{with .Owner}}{{.Name}}{{else}}{{index .Tags 0}}{{end}}`)
	f.Add(`{{if and .Tags (eq (len .Tags) 3)}}{{printf "%d tags" (len .Tags)}}{{end}}`)
	other := testPage()
	other.Owner, other.Tags, other.KPIs, other.Draft, other.Any = nil, nil, other.KPIs[1:], true, 3
	f.Fuzz(func(t *testing.T, src string) {
		plain, direct := Funcs(funcs)
		tmpl, err := template.New("page").Funcs(plain).Parse(src)
		if err != nil || tmpl.Execute(new(strings.Builder), testPage()) != nil {
			return
		}
		r := New(tmpl, "page", plain, direct, Watch{})
		for _, data := range []*page{testPage(), other} {
			var want, got strings.Builder
			werr := tmpl.Execute(&want, data)
			gerr := r.Execute(&got, data, nil)
			switch {
			case gerr != nil && gerr != ErrUnsupported:
				t.Fatalf("%s: %v", src, gerr)
			case werr != nil && gerr == nil:
				t.Fatalf("%s: html/template fails (%v), the Runner gives %q", src, werr, got.String())
			case werr == nil && gerr == nil && got.String() != want.String():
				t.Fatalf("%s:\n got %q\nwant %q", src, got.String(), want.String())
			}
		}
	})
}

// TestFuncs checks that Funcs unwraps every Func for html/template and
// keeps those whose result can be returned without reflection.
func TestFuncs(t *testing.T) {
	plain, direct := Funcs(funcs)
	for name, fn := range plain {
		if _, ok := fn.(Func); ok || reflect.TypeOf(fn).Kind() != reflect.Func {
			t.Errorf("%s: %T given to html/template", name, fn)
		}
	}
	var names []string
	for name := range direct {
		names = append(names, name)
	}
	slices.Sort(names)
	if want := []string{"cat", "check", "count", "crash", "double", "html2", "page", "pair", "show", "who"}; !slices.Equal(names, want) {
		t.Errorf("called directly: %q, want %q", names, want)
	}
}

// reads is a Recorder that lists what it is told, as "type.Name" and
// "func name".
type reads []string

func (r *reads) Field(v reflect.Value, name string) {
	*r = append(*r, v.Type().Name()+"."+name)
}

func (r *reads) Func(name string) { *r = append(*r, "func "+name) }

// TestRecorder checks that every way a template has of reaching a value
// (a field, a chain, a variable, with, range, a template call, a
// function's argument) tells the Recorder of the watched reads, and of
// them only.
func TestRecorder(t *testing.T) {
	watch := Watch{
		Field: func(t reflect.Type, name string) bool {
			return t == reflect.TypeFor[person]() || t == reflect.TypeFor[kpi]() && name == "Owner"
		},
		Funcs: map[string]bool{"upper": true},
	}
	tests := []struct {
		src  string
		want string
	}{
		{`{{.Title}}`, ""},
		{`{{.Owner.Name}}`, "person.Name"},
		{`{{$o := .Owner}}{{$o.Name}}`, "person.Name"},
		{`{{with .Owner}}{{.Name}}{{end}}`, "person.Name"},
		{`{{range .KPIs}}{{.Name}}{{with .Owner}}{{.Name}}{{end}}{{end}}`, "kpi.Owner person.Name kpi.Owner"},
		{`{{define "who"}}{{.Name}}{{end}}{{template "who" .Owner}}`, "person.Name"},
		{`{{upper .Title}}`, "func upper"},
		{`{{who .Owner}}`, ""}, // handed on, not read
		{`{{with index .KPIs 0}}{{.Owner.Name}}{{end}}`, "kpi.Owner person.Name"},
		{`{{range .Ptrs}}{{with .}}{{with .Owner}}x{{end}}{{end}}{{end}}`, "kpi.Owner"},
	}
	plain, direct := Funcs(funcs)
	for _, tt := range tests {
		tmpl := template.Must(template.New("page").Funcs(plain).Parse(tt.src))
		if err := tmpl.Execute(io.Discard, testPage()); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		var got reads
		if err := New(tmpl, "page", plain, direct, watch).Execute(new(strings.Builder), testPage(), &got); err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%s: told %q, want %q", tt.src, s, tt.want)
		}
	}
}
