package content

import (
	"fmt"
	"testing"
)

// TestTOMLPositions checks where the TOML decoder places keys and list
// items: the line and column of the key, of an item, or of a table's
// header; a list nested in a list has its key's.
func TestTOMLPositions(t *testing.T) {
	src := `title = "A"
health.ignore = ["goals/x", "roles/y"]
description = """
owner = "nobody"
"""
tags = [
  "x",
  "y",
]

[[roles]]
id = "r"
"reports to" = "s"

  [[roles]]
  id = "s"

[[kpis]]
id = "k"
history = [{date = 2026-01-01, value = 1}, {date = 2026-02-01, value = 2}]
grid = [[1, 2], [3]]

[[kpis]]
id = "k2"
history = [
  {date = 2026-01-01, value = 1},
  { date = 2026-02-01, value = "x" },
]
owner = "r"

[[kpis.notes]]
text = "n"

[site.menu]
about = "/about/"
people = [{name = "Zoë", team = "it"}]
`
	want := map[string]Pos{
		"title":                   {1, 1},
		"health":                  {2, 1},
		"health.ignore":           {2, 8},
		"health.ignore.1":         {2, 29},
		"description":             {3, 1},
		"tags":                    {6, 1},
		"tags.0":                  {7, 3},
		"tags.1":                  {8, 3},
		"roles":                   {11, 1},
		"roles.0":                 {11, 1},
		"roles.0.id":              {12, 1},
		"roles.0.reports to":      {13, 1},
		"roles.1":                 {15, 3},
		"roles.1.id":              {16, 3},
		"kpis":                    {18, 1},
		"kpis.0.history.0":        {20, 12},
		"kpis.0.history.1":        {20, 44},
		"kpis.0.history.1.value":  {20, 64},
		"kpis.0.grid":             {21, 1},
		"kpis.0.grid.1":           {21, 1},
		"kpis.1":                  {23, 1},
		"kpis.1.history.0":        {26, 3},
		"kpis.1.history.1":        {27, 3},
		"kpis.1.history.1.value":  {27, 24},
		"kpis.1.owner":            {29, 1},
		"kpis.1.notes.0":          {31, 1},
		"kpis.1.notes.0.text":     {32, 1},
		"site":                    {34, 1},
		"site.menu":               {34, 1},
		"site.menu.about":         {35, 1},
		"site.menu.people.0.team": {36, 26}, // columns count characters
	}
	n, err := parseTOML("content/a.md", []byte(src), 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Pos{}
	var walk func(n *Node, path string)
	walk = func(n *Node, path string) {
		got[path] = n.Pos
		for i, k := range n.Keys {
			got[join(path, k.Value)] = k.Pos
			walk(n.Vals[i], join(path, k.Value))
		}
		for i, item := range n.Items {
			walk(item, fmt.Sprintf("%s.%d", path, i))
		}
	}
	walk(n, "")
	for path, p := range want {
		if got[path] != p {
			t.Errorf("%s at %d:%d, want %d:%d", path, got[path].Line, got[path].Col, p.Line, p.Col)
		}
	}
}
