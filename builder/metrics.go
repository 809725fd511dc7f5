package builder

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics tell where a build spent its time, like Hugo's
// --templateMetrics: wall time per stage, and for the parallel stages the
// time summed over all workers.
type Metrics struct {
	Load      time.Duration // reading and validating content/ (wall)
	Markdown  time.Duration // converting bodies before rendering (wall; a streaming build converts most as it renders)
	Templates time.Duration // parsing the layouts (wall)
	Health    time.Duration // scoring briefs and aggregating KPIs, people, terms (wall)
	Write     time.Duration // assets, copied files and every page (wall)
	Total     time.Duration

	// The memory of each stage, in the order above: Load, Markdown,
	// Templates, Health, Write.
	Memory [5]StageMemory

	Convert time.Duration // converting Markdown, summed over workers
	Execute time.Duration // executing templates, summed over workers
	Minify  time.Duration // minifying, summed over workers
	Output  time.Duration // handing files to the Output, summed over workers
	Cached  int           // pages taken from the Cache unchanged

	// Slow counts the pages (and cards) executed by html/template instead of
	// tmplexec: the first of each layout, which escapes it, and those
	// tmplexec leaves to html/template (see package tmplexec).
	Slow int

	Layouts []LayoutMetric // the layouts, slowest first
}

// StageMemory is the memory of one stage of a build.
type StageMemory struct {
	// Peak is the most memory the Go runtime held from the operating
	// system during the stage (heap, stacks and its own; about the
	// resident memory of the process), sampled every 10 ms.
	Peak uint64
	// Live is the heap found live by the last collection before the stage
	// ended: what the build held on to.
	Live uint64
}

// LayoutMetric is the time spent executing one layout.
type LayoutMetric struct {
	Name       string
	Count      int
	Total, Max time.Duration
}

// meter collects metrics from concurrent workers.
type meter struct {
	markdown                atomic.Int64
	execute, minify, output atomic.Int64
	cached, slow            atomic.Int64
	mu                      sync.Mutex
	layouts                 map[string]*LayoutMetric
}

func (m *meter) layout(name string, d time.Duration) {
	m.execute.Add(int64(d))
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.layouts == nil {
		m.layouts = map[string]*LayoutMetric{}
	}
	l := m.layouts[name]
	if l == nil {
		l = &LayoutMetric{Name: name}
		m.layouts[name] = l
	}
	l.Count++
	l.Total += d
	l.Max = max(l.Max, d)
}

func (m *meter) fill(x *Metrics) {
	x.Convert = time.Duration(m.markdown.Load())
	x.Execute = time.Duration(m.execute.Load())
	x.Minify = time.Duration(m.minify.Load())
	x.Output = time.Duration(m.output.Load())
	x.Cached = int(m.cached.Load())
	x.Slow = int(m.slow.Load())
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, l := range m.layouts {
		x.Layouts = append(x.Layouts, *l)
	}
	sort.Slice(x.Layouts, func(i, j int) bool {
		if x.Layouts[i].Total != x.Layouts[j].Total {
			return x.Layouts[i].Total > x.Layouts[j].Total
		}
		return x.Layouts[i].Name < x.Layouts[j].Name
	})
}

// WriteTo prints the metrics as a table.
func (x *Metrics) WriteTo(w io.Writer) (int64, error) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%8.1f ms", float64(d.Microseconds())/1000) }
	var n int
	p := func(format string, args ...any) {
		k, _ := fmt.Fprintf(w, format, args...)
		n += k
	}
	mb := func(n uint64) string { return fmt.Sprintf("%7.0f MB", float64(n)/(1<<20)) }
	p("stage                 wall time  peak memory   live heap\n")
	for i, st := range []struct {
		name string
		d    time.Duration
	}{{"load", x.Load}, {"markdown", x.Markdown}, {"templates (parse)", x.Templates}, {"health, aggregates", x.Health}, {"render and write", x.Write}} {
		p("  %-18s%s %s %s\n", st.name, ms(st.d), mb(x.Memory[i].Peak), mb(x.Memory[i].Live))
	}
	p("  total             %s\n", ms(x.Total))
	p("summed over workers\n  markdown          %s\n  execute templates %s\n  minify            %s\n  output            %s\n", ms(x.Convert), ms(x.Execute), ms(x.Minify), ms(x.Output))
	if x.Cached > 0 {
		p("  pages unchanged   %8d\n", x.Cached)
	}
	p("  by html/template  %8d\n", x.Slow)
	p("layout              count       total     average         max\n")
	for _, l := range x.Layouts {
		avg := time.Duration(0)
		if l.Count > 0 {
			avg = l.Total / time.Duration(l.Count)
		}
		p("  %-16s %6d %s %s %s\n", l.Name, l.Count, ms(l.Total), ms(avg), ms(l.Max))
	}
	return int64(n), nil
}
