package output

import (
	"bytes"
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

// TestMemKeeps checks that a Mem keeps what it is handed over through
// KeepPacked and KeepChunks as it is, and that a file written again
// replaces the one before, however each was stored.
func TestMemKeeps(t *testing.T) {
	var m Mem
	page := Pack([]byte("<p>page</p>"))
	chunks := [][]byte{[]byte("a,b\n"), []byte("1,2\n")}
	m.KeepPacked("index.html", page)
	m.KeepChunks("kpis.csv", chunks)
	m.KeepChunks("x.json", chunks)
	m.KeepFile("x.json", []byte("{}"))
	kept := []byte("{}")
	m.KeepFile("z.json", kept)
	m.WriteFile("y.json", []byte("{}"))
	m.KeepChunks("y.json", chunks)
	files, chunked := m.Parts()
	if &files["index.html"].Packed()[0] != &page.Packed()[0] {
		t.Errorf("index.html was copied")
	}
	if &files["z.json"].Packed()[0] != &kept[0] {
		t.Errorf("z.json was copied")
	}
	if len(chunked) != 2 || &chunked["kpis.csv"][1][0] != &chunks[1][0] || len(chunked["y.json"]) != 2 {
		t.Errorf("chunks = %q, want kpis.csv and y.json as they were handed over", chunked)
	}
	all := m.Files()
	for name, want := range map[string]string{"index.html": "<p>page</p>", "kpis.csv": "a,b\n1,2\n", "x.json": "{}", "y.json": "a,b\n1,2\n", "z.json": "{}"} {
		if got := string(all[name]); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got, want := m.Names(), []string{"index.html", "kpis.csv", "x.json", "y.json", "z.json"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}

// TestPack checks that a file packs and unpacks to the same bytes, for
// the sizes a site has, and that a Mem keeps what it is given packed.
func TestPack(t *testing.T) {
	big := bytes.Repeat([]byte("<li><a href=/web/seo/>SEO refresh</a></li>\n"), 40000)
	for _, data := range [][]byte{nil, {}, []byte("x"), []byte("<!doctype html><title>t</title>"), big} {
		p := Pack(data)
		if p.Len() != len(data) {
			t.Errorf("Pack(%d bytes).Len() = %d", len(data), p.Len())
		}
		got, err := p.Unpack()
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("Pack(%d bytes).Unpack() = %d bytes, %v; want the same bytes", len(data), len(got), err)
		}
	}
	if p := Pack(big); len(p.Packed()) > len(big)/4 {
		t.Errorf("a repetitive page packs to %d of %d bytes, want a quarter at most", len(p.Packed()), len(big))
	}
	var m Mem
	data := []byte("<p>kept</p>")
	m.WriteFile("a.html", data)
	copy(data, "XXXXXXXXXXX") // the Mem keeps nothing of what it was given
	if got := string(m.Files()["a.html"]); got != "<p>kept</p>" {
		t.Errorf("a.html = %q after the caller wrote over its bytes", got)
	}
	if _, err := (Packed{b: []byte("not zstd"), n: 5, zstd: true}).Unpack(); err == nil {
		t.Errorf("Unpack of bytes that are not zstd: no error")
	}
}
