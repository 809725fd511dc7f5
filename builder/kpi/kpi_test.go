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
