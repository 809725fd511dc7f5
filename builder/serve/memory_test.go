package serve

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestSettler checks when the server gives memory back: only when it holds
// a quarter more than its live heap and 32 MB, never while a build runs,
// and once the builds have paused for settleAfter.
func TestSettler(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		held, live uint64
		want       bool
	}{
		{100 * mb, 100 * mb, false},
		{150 * mb, 100 * mb, false}, // 125 + 32 is the bound
		{158 * mb, 100 * mb, true},
		{600 * mb, 440 * mb, true},
		{30 * mb, 0, false},
	} {
		if got := tooMuch(c.held, c.live); got != c.want {
			t.Errorf("tooMuch(%d MB held, %d MB live) = %v, want %v", c.held/mb, c.live/mb, got, c.want)
		}
	}

	var builds sync.Mutex
	st := newSettler(&builds)
	freed := make(chan struct{}, 10)
	st.free = func() { freed <- struct{}{} }
	// garbage leaves 256 MB held by the process and a small live heap.
	garbage := func() {
		g := make([][]byte, 0, 64)
		for range 64 {
			g = append(g, make([]byte, 4*mb))
		}
		runtime.KeepAlive(g)
		g = nil
		runtime.GC()
	}
	garbage()
	builds.Lock()
	st.settle()
	builds.Unlock()
	if len(freed) != 0 {
		t.Fatalf("memory given back while a build runs")
	}
	st.settle()
	if len(freed) != 1 {
		t.Fatalf("256 MB of garbage held, and no memory given back")
	}
	<-freed
	st.soon()
	st.wait() // a build starts before the pause is over
	time.Sleep(settleAfter + 200*time.Millisecond)
	if len(freed) != 0 {
		t.Errorf("memory given back though a build started")
	}
	garbage()
	st.soon()
	select {
	case <-freed:
	case <-time.After(settleAfter + 5*time.Second):
		t.Errorf("no memory given back once the builds paused")
	}
}
