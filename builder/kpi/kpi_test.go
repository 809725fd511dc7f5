package kpi

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.md of each case")

// TestRecord runs the cases of testdata/*.txtar: args holds "KPI DATE
// VALUE", in.md the brief, want.md the brief after Record.
func TestRecord(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			parts := map[string][]byte{}
			for _, f := range ar.Files {
				parts[f.Name] = f.Data
			}
			args := strings.Fields(string(parts["args"]))
			date, _ := time.Parse("2006-01-02", args[1])
			value, _ := strconv.ParseFloat(args[2], 64)
			res, err := Record("content/brief.md", parts["in.md"], args[0], Measurement{date, value})
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want.md" {
						ar.Files[i].Data = res.Data
					}
				}
				os.WriteFile(file, txtar.Format(ar), 0o644)
				return
			}
			if !bytes.Equal(res.Data, parts["want.md"]) {
				t.Errorf("got:\n%s\nwant:\n%s", res.Data, parts["want.md"])
			}
		})
	}
}

// TestReadCSVSemicolons: a CSV saved with semicolons, as spreadsheets in
// languages with decimal commas save it, is read; its "12,5" is still
// refused as a number, at its place.
func TestReadCSVSemicolons(t *testing.T) {
	src := []byte("---\ntitle: T\ngoals: [{id: g, title: G}]\nkpis: [{id: k, name: K, goal: g, baseline: 1, target: 5}]\n---\n")
	pg, err := content.DecodeFile("content/t.md", src)
	if err != nil {
		t.Fatal(err)
	}
	site := &content.Site{Briefs: []*content.Page{pg}}
	rows, err := ReadCSV("m.csv", strings.NewReader("brief;kpi;date;value\ncontent/t.md;k;2026-01-01;3\ncontent/t.md;k;2026-02-01;12,5\n"), site, time.Now())
	if len(rows) != 1 || rows[0].Value != 3 || err == nil || !strings.HasPrefix(err.Error(), `m.csv:3:`) || !strings.Contains(err.Error(), `"12,5" is not a number`) {
		t.Errorf("rows %v, err %v", rows, err)
	}
}
