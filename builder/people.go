package builder

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Letter is one letter of the A–Z index of /people/: the URL of the
// first person whose name starts with it, "" when nobody's does.
type Letter struct {
	Letter string
	URL    string
}

// peopleIndex maps each person, by lowercased name, to their place in
// the people list, and each letter to its first person; made once per
// build.
type peopleIndex struct {
	at      map[string]int
	urls    map[string]string // each name as a role writes it → personAt
	letters []Letter
}

func (b *build) people() *peopleIndex {
	b.peopleOnce.Do(func() {
		x := &peopleIndex{at: make(map[string]int, len(b.agg.people)), urls: make(map[string]string, len(b.agg.people))}
		first := map[string]int{}
		var other []int // names that start with no letter A to Z
		for i, per := range b.agg.people {
			x.at[strings.ToLower(per.Name)] = i
			u := b.personAt(i)
			for _, r := range per.Roles {
				x.urls[r.Person] = u
			}
			l := initial(per.Name)
			if _, ok := first[l]; !ok && l != "" {
				first[l] = i
			} else if l == "" {
				other = append(other, i)
			}
		}
		for c := 'A'; c <= 'Z'; c++ {
			l := Letter{Letter: string(c)}
			if i, ok := first[l.Letter]; ok {
				l.URL = b.personAt(i)
			}
			x.letters = append(x.letters, l)
		}
		if len(other) > 0 {
			x.letters = append(x.letters, Letter{Letter: "#", URL: b.personAt(other[0])})
		}
		b.peopleValue = x
	})
	return b.peopleValue
}

// initial is the letter A to Z a name is filed under (accents dropped:
// Émile under E), or "".
func initial(name string) string {
	for _, r := range norm.NFKD.String(name) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToUpper(r)
		if r >= 'A' && r <= 'Z' {
			return string(r)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return ""
		}
	}
	return ""
}

// personAt is the URL of the i-th person's entry on /people/: the page of
// the list that holds it, and its anchor.
func (b *build) personAt(i int) string {
	return b.relURL(pageURL("/people/", i/b.site.PageSize+1)) + "#" + b.agg.people[i].ID
}

// personURL is the URL of the entry on /people/ of the person name, or ""
// when no role is held by that name.
func (b *build) personURL(name string) string {
	if name == "" {
		return ""
	}
	x := b.people()
	if u, ok := x.urls[name]; ok {
		return u
	}
	i, ok := x.at[strings.ToLower(name)]
	if !ok {
		return ""
	}
	return b.personAt(i)
}
