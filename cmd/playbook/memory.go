package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// buildMemoryLimit is the heap playbook build aims to stay under: a site of
// 10,000 briefs builds in it for a few percent more collector work. A site
// whose live data alone comes near it builds as if there were none.
const buildMemoryLimit = 340 << 20

// largeHeapLimit is the memory limit of a build whose live data has
// outgrown buildMemoryLimit, as a multiple of its live heap: the collector
// runs about as often as at GOGC 100 (a heap twice the live one), and the
// limit makes the runtime give back to the system what it frees, which at
// GOGC 100 alone it keeps (the process held 2.6 times its live heap).
const largeHeapLimit = 1.9

// limitMemory sets the collector for one build, unless GOGC or GOMEMLIMIT
// say otherwise: collect less often while the heap is small (GOGC 300),
// and keep it under buildMemoryLimit. It watches the live heap, and once
// that passes 60 % of the limit, so that a larger site is not slowed down
// by a collector that cannot free enough, it collects at GOGC 100 with a
// limit of largeHeapLimit times the live heap, raised as that grows. The
// returned func puts the settings back.
func limitMemory() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(300)
	oldLimit := debug.SetMemoryLimit(buildMemoryLimit)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		large, limit := false, int64(buildMemoryLimit)
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			live := sample[0].Value.Uint64()
			if !large && live > buildMemoryLimit*6/10 {
				large = true
				debug.SetGCPercent(100)
			}
			if large {
				if l := int64(float64(live) * largeHeapLimit); l > limit {
					limit = l
					debug.SetMemoryLimit(limit)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
