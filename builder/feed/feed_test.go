package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func ptr(f float64) *float64 { return &f }

// testBrief returns a brief with a goal, a role and a KPI of value v.
func testBrief(v *float64) *content.Page {
	p := &content.Page{Title: "Site <speed> & more", URL: "/web/speed/", Source: "content/web/speed.md", Summary: "Faster pages."}
	br := &content.Brief{Page: p, Status: "active", Tags: []string{"web"}, Due: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	p.Brief = br
	g := &content.Goal{ID: "g", Title: "Speed"}
	r := &content.Role{Brief: br, ID: "lead", Title: "Lead", Person: "Dana Ruiz", Team: "it"}
	k := &content.KPI{Brief: br, ID: "lcp", Name: "LCP", Goal: g, Owner: r, Unit: "s", Baseline: ptr(4), Target: ptr(2), Current: v}
	g.KPIs = []*content.KPI{k}
	br.Goals, br.Roles, br.KPIs, br.Sponsor = []*content.Goal{g}, []*content.Role{r}, []*content.KPI{k}, r
	return p
}

func TestJSONBrief(t *testing.T) {
	tests := []struct {
		value *float64
		want  string // the KPI's "current" member, as written
	}{
		{ptr(3), `"current":3,`},
		{ptr(2.5), `"current":2.5,`},
		{nil, `"current":null,`},
		{ptr(1e21), `"current":1e+21,`},
		{ptr(1e-7), `"current":1e-7,`},
		{ptr(123456789.125), `"current":123456789.125,`},
	}
	for _, tt := range tests {
		data, err := JSONBrief(testBrief(tt.value), "https://x.example/web/speed/", today)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		for _, want := range []string{tt.want, `"title":"Site \u003cspeed\u003e \u0026 more"`, `"sponsor":"lead"`, `"tags":["web"]`, `"goals":[{"id":"g","title":"Speed","kpis":["lcp"]}]`, `"reports_to"`, `"due":"2026-12-31"`} {
			if want == `"reports_to"` {
				if strings.Contains(s, want) {
					t.Errorf("%s: reports_to is written though empty", s)
				}
				continue
			}
			if !strings.Contains(s, want) {
				t.Errorf("%s\nlacks %s", s, want)
			}
		}
	}
	// A brief with nothing optional has empty lists, not nulls.
	p := &content.Page{Title: "Bare", URL: "/bare/", Source: "content/bare.md"}
	p.Brief = &content.Brief{Page: p, Status: "proposed"}
	data, err := JSONBrief(p, "/bare/", today)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"title":"Bare","url":"/bare/","source":"content/bare.md","status":"proposed","tags":[],"goals":[],"roles":[],"kpis":[]}`; string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
	// A number JSON cannot hold is an error naming the file.
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := JSONBrief(testBrief(ptr(v)), "/", today); err == nil || !strings.Contains(err.Error(), "content/web/speed.md") {
			t.Errorf("%v: error %v, want one naming the file", v, err)
		}
	}
}

func TestJSON(t *testing.T) {
	one, err := JSONBrief(testBrief(ptr(3)), "/web/speed/", today)
	if err != nil {
		t.Fatal(err)
	}
	for _, indent := range []bool{false, true} {
		chunks, err := JSON(Site{Title: "Playbook", Language: "en"}, [][]byte{one, one}, indent)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Title  string
			Briefs []map[string]any
		}
		if err := json.Unmarshal(bytes.Join(chunks, nil), &doc); err != nil {
			t.Fatalf("indent %v: %v", indent, err)
		}
		if doc.Title != "Playbook" || len(doc.Briefs) != 2 {
			t.Errorf("indent %v: %+v", indent, doc)
		}
	}
}

func TestCSV(t *testing.T) {
	var c CSV
	head := string(c.Head())
	if !strings.HasPrefix(head, "brief,brief_url,status,") || !strings.HasSuffix(head, ",source,state\n") {
		t.Errorf("head %q", head)
	}
	p := testBrief(ptr(3))
	p.Title = "=HYPERLINK(\"x\")"
	rows, err := c.Rows(p, "https://x.example/web/speed/", today)
	if err != nil {
		t.Fatal(err)
	}
	want := `"'=HYPERLINK(""x"")",https://x.example/web/speed/,active,,lcp,LCP,Speed,Lead,Dana Ruiz,it,s,4,2,3,,50,true,content/web/speed.md,on-track` + "\n"
	if string(rows) != want {
		t.Errorf("got  %s\nwant %s", rows, want)
	}
}

func TestAtomAndSitemap(t *testing.T) {
	data, err := Atom(Feed{Title: "P & Q", ID: "urn:playbook:", Self: "/feed.xml", Home: "/", Updated: today, Author: "P",
		Entries: []Entry{{Title: "A <b>", ID: "urn:playbook:a", URL: "/a/", Updated: today, Content: "<p>Hi</p>", Tags: []string{"x"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Title != "P & Q" || len(f.Entries) != 1 || f.Entries[0].Title != "A <b>" || f.Entries[0].Content != "<p>Hi</p>" {
		t.Errorf("%+v", f)
	}
	if bytes.Contains(data, []byte("<summary")) || bytes.Contains(data, []byte("<author><name></name>")) {
		t.Errorf("empty members written:\n%s", data)
	}
	data, err = Sitemap([]URL{{Loc: "https://x.example/", LastMod: "2026-06-01"}, {Loc: "https://x.example/kpis/"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("<url>\n  <loc>https://x.example/kpis/</loc>\n </url>")) {
		t.Errorf("sitemap:\n%s", data)
	}
}
