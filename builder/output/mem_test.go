package output

import (
	"slices"
	"testing"
)

// TestMemCopies checks that a Mem keeps the bytes it was given as they
// were when it was given them: the caller may write over them afterwards,
// as the builder does its buffers.
func TestMemCopies(t *testing.T) {
	var m Mem
	page := []byte("<p>first</p>")
	chunks := [][]byte{[]byte(`{"a":1`), []byte(`,"b":2}`)}
	m.WriteFile("index.html", page)
	m.WriteChunks("playbook.json", chunks)
	m.WriteChunks("gone.json", chunks)
	m.WriteFile("gone.json", []byte("{}")) // replaces what was written before
	copy(page, "XXXXXXXXXXXX")
	copy(chunks[0], "XXXXXX")
	files := m.Files()
	for name, want := range map[string]string{"index.html": "<p>first</p>", "playbook.json": `{"a":1,"b":2}`, "gone.json": "{}"} {
		if got := string(files[name]); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got, want := m.Names(), []string{"gone.json", "index.html", "playbook.json"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}
