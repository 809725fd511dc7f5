package main

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// buildMemoryLimit is the heap playbook build aims to stay under: a site of
// 10,000 briefs builds in it for a few percent more collector work. A site
// whose live data alone comes near it builds as if there were none.
const buildMemoryLimit = 340 << 20

// limitMemory sets the collector for one build, unless GOGC or GOMEMLIMIT
// say otherwise: collect less often while the heap is small (GOGC 300),
// and keep it under buildMemoryLimit. It watches the live heap and lifts
// the limit once that passes 60 % of it, so that a larger site is not slowed
// down by a collector that cannot free enough. The returned func puts the
// settings back.
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
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > buildMemoryLimit*6/10 {
				debug.SetMemoryLimit(math.MaxInt64)
				debug.SetGCPercent(100)
				return
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
