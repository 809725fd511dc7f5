package serve

import (
	"runtime/debug"
	"sync"
	"time"

	"github.com/playbook-dev/playbook/builder/internal/memstat"
)

// settleAfter is how long the server waits after a build before it gives
// memory back: a writer saving again and again is not slowed down by the
// collections, which wait until they pause.
const settleAfter = time.Second

// settler gives memory a build is done with back to the operating system.
// A build allocates far more than the site it leaves (the first build of
// a 10,000-brief site, gigabytes for a live heap of about 450 MB), and the
// collector keeps a heap of up to twice the live one. Between builds the
// server allocates next to nothing, so that memory would stay resident
// while the server waits for the next save.
type settler struct {
	builds *sync.Mutex // held while a build runs: no settling then
	timer  *time.Timer
	free   func() // debug.FreeOSMemory
}

// newSettler returns a settler for the server whose builds hold builds.
func newSettler(builds *sync.Mutex) *settler {
	st := &settler{builds: builds, free: debug.FreeOSMemory}
	st.timer = time.AfterFunc(time.Hour, st.settle)
	st.timer.Stop()
	return st
}

// soon settles once no build has finished for settleAfter.
func (st *settler) soon() { st.timer.Reset(settleAfter) }

// wait puts off settling: a build starts, or the server stops.
func (st *settler) wait() { st.timer.Stop() }

// settle collects and returns free memory to the operating system when
// what the process holds is more than a quarter above the heap that was
// live at the last collection (and 32 MB more): after the first build,
// and after every few rebuilds. It does nothing while a build runs.
func (st *settler) settle() {
	if !st.builds.TryLock() {
		return // a build runs: it calls soon when it is done
	}
	defer st.builds.Unlock()
	held, live := memstat.Read()
	if tooMuch(held, live) {
		st.free()
	}
}

// tooMuch reports whether a process that holds held bytes, with live bytes
// of live heap, holds enough beyond it to give back.
func tooMuch(held, live uint64) bool { return held > live+live/4+32<<20 }
