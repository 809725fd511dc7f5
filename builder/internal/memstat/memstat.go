// Package memstat samples the memory the Go runtime holds from the
// operating system, for the memory of each stage of a build.
package memstat

import (
	"runtime/metrics"
	"sync"
	"time"
)

// Read returns the memory the Go runtime holds from the operating system
// (heap, stacks and its own, less what it has given back: about the
// resident memory of the process), and the heap the last collection found
// live.
func Read() (held, live uint64) {
	var samples [3]metrics.Sample
	samples[0].Name = "/memory/classes/total:bytes"
	samples[1].Name = "/memory/classes/heap/released:bytes"
	samples[2].Name = "/gc/heap/live:bytes"
	metrics.Read(samples[:])
	v := func(i int) uint64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return samples[i].Value.Uint64()
	}
	return v(0) - min(v(1), v(0)), v(2)
}

// Sampler samples the memory the Go runtime holds, for the peak of each
// stage of a job.
type Sampler struct {
	mu   sync.Mutex
	peak uint64
	stop chan struct{}
	done chan struct{}
}

// Start starts sampling, every 10 ms until Close.
func Start() *Sampler {
	s := &Sampler{stop: make(chan struct{}), done: make(chan struct{})}
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
	held, live := Read()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak = max(s.peak, held)
	return live
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
