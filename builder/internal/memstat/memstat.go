// Package memstat samples the memory the Go runtime holds from the
// operating system, for the memory of each stage of a build.
package memstat

import (
	"runtime/metrics"
	"sync"
	"time"
)

// Sampler samples the memory the Go runtime holds, for the peak of each
// stage of a job.
type Sampler struct {
	mu      sync.Mutex
	peak    uint64
	samples []metrics.Sample
	stop    chan struct{}
	done    chan struct{}
}

// Start starts sampling, every 10 ms until Close.
func Start() *Sampler {
	s := &Sampler{
		samples: []metrics.Sample{
			{Name: "/memory/classes/total:bytes"},
			{Name: "/memory/classes/heap/released:bytes"},
			{Name: "/gc/heap/live:bytes"},
		},
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	s.sample()
	go func() {
		defer close(s.done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
				s.sample()
			}
		}
	}()
	return s
}

// sample reads the memory held and returns the live heap.
func (s *Sampler) sample() (live uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	metrics.Read(s.samples)
	v := func(i int) uint64 {
		if s.samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s.samples[i].Value.Uint64()
	}
	s.peak = max(s.peak, v(0)-min(v(1), v(0)))
	return v(2)
}

// Lap returns the most memory held since the last Lap (or Start), and
// the heap the last collection found live, and starts the next stage.
func (s *Sampler) Lap() (peak, live uint64) {
	live = s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	peak, s.peak = s.peak, 0
	return peak, live
}

// Close stops the sampling.
func (s *Sampler) Close() {
	close(s.stop)
	<-s.done
}
