package minifier

import (
	"testing"
)

// TestMemo checks that a Memo returns what Bytes makes, minifies again
// only what changed, and remembers a failure too.
func TestMemo(t *testing.T) {
	m := New()
	var memo Memo
	css := []byte("a {  color : red ; }\n")
	first, err := memo.Bytes(m, "style.css", "text/css", css)
	want, _ := Bytes(m, "text/css", css)
	if err != nil || string(first) != string(want) {
		t.Fatalf("Bytes = %q, %v; want %q", first, err, want)
	}
	again, _ := memo.Bytes(m, "style.css", "text/css", append([]byte(nil), css...))
	if &again[0] != &first[0] {
		t.Error("the same data was minified again")
	}
	css[0] = 'b' // the caller's bytes changed after the call: the memo kept its own
	changed, _ := memo.Bytes(m, "style.css", "text/css", css)
	if want, _ := Bytes(m, "text/css", css); string(changed) != string(want) {
		t.Errorf("changed data: got %q, want %q", changed, want)
	}
	for range 2 {
		if _, err := memo.Bytes(m, "bad.js", "application/javascript", []byte("var x = ;")); err == nil {
			t.Error("broken JavaScript: no error")
		}
	}
	var none *Memo
	if out, err := none.Bytes(m, "style.css", "text/css", css); err != nil || len(out) == 0 {
		t.Errorf("nil Memo: %q, %v", out, err)
	}
}
