package builder

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-dev/playbook/builder/corpus"
	"github.com/playbook-dev/playbook/builder/output"
	"github.com/playbook-dev/playbook/builder/views"
)

// TestPersonLinks: every person's name, wherever a page shows it (roles
// tables, reports to, leads, sponsors, KPI owners), links to their entry
// on /people/, on the page of the list that holds it; the A–Z index
// links each letter to the first person filed under it.
func TestPersonLinks(t *testing.T) {
	var out output.Mem
	res, err := Build(corpus.Generate(300, 1), &out, Options{Today: corpus.Reference})
	if err != nil {
		t.Fatal(err)
	}
	files := out.Files()
	link := regexp.MustCompile(`<a class="person-link" href="([^"]+)">([^<]*)</a>`)
	entry := func(href string) (string, bool) {
		page, anchor, _ := strings.Cut(href, "#")
		data, ok := files[strings.TrimPrefix(page, "/")+"index.html"]
		if !ok {
			return "", false
		}
		m := regexp.MustCompile(`id="` + regexp.QuoteMeta(anchor) + `-name">([^<]*)</h2>`).FindSubmatch(data)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(string(m[1])), true
	}
	links := 0
	for name, data := range files {
		for _, m := range link.FindAllSubmatch(data, -1) {
			links++
			href, who := string(m[1]), html.UnescapeString(string(m[2]))
			got, ok := entry(href)
			if !ok {
				t.Errorf("%s: the link of %s leads to %s, which has no entry", name, who, href)
			} else if !strings.EqualFold(got, who) {
				t.Errorf("%s: the link of %s leads to the entry of %s", name, who, got)
			}
		}
	}
	// Every role with a person, on its brief's page, is a link.
	for _, p := range res.Site.Briefs[:20] {
		page := string(files[strings.TrimPrefix(p.URL, "/")+"index.html"])
		for _, r := range p.Brief.Roles {
			if r.Person != "" && !strings.Contains(page, ">"+escapedText(r.Person)+"</a>") {
				t.Errorf("%s: %s is not a link", p.URL, r.Person)
			}
		}
	}
	if links < 1000 {
		t.Errorf("only %d person links in the site", links)
	}
	az := regexp.MustCompile(`<nav class="az"[^>]*>.*?</nav>`).Find(files["people/index.html"])
	letters := regexp.MustCompile(`<a href="([^"]+)">([A-Z#])</a>`).FindAllSubmatch(az, -1)
	if len(letters) < 10 {
		t.Fatalf("the A–Z index has %d letters: %s", len(letters), az)
	}
	for _, m := range letters {
		got, ok := entry(string(m[1]))
		if !ok || views.Initial(got) != string(m[2]) {
			t.Errorf("letter %s leads to %s (%q)", m[2], m[1], got)
		}
	}
}

func escapedText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}
