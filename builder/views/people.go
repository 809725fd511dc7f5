package views

import (
	"slices"
	"strings"
	"unicode"

	"github.com/playbook-dev/playbook/builder/content"
	"golang.org/x/text/unicode/norm"
)

// Person is someone who holds roles, across briefs.
type Person struct {
	Name  string
	ID    string          // anchor on /people/
	Roles []*content.Role // every role, in brief order
	Shown []*content.Role // the first maxRolesShown, so no page grows without bound
	More  int             // how many roles are not shown
}

// Count is the number of roles the person holds.
func (per *Person) Count() int { return len(per.Roles) }

// show sets Shown and More from Roles.
func (per *Person) show() {
	per.Shown = per.Roles[:min(len(per.Roles), maxRolesShown)]
	per.More = len(per.Roles) - len(per.Shown)
}

// maxRolesShown is how many of one person's roles /people/ lists.
const maxRolesShown = 12

// peopleOf lists everyone the roles of briefs name, by name, with their
// roles in brief order. Names that differ only in case are one person.
func peopleOf(briefs []*content.Page) []*Person {
	var people []*Person
	byPerson := map[string]*Person{} // by lowercased name
	byName := map[string]*Person{}   // by name as written
	for _, p := range briefs {
		for _, r := range p.Brief.Roles {
			if r.Person == "" {
				continue
			}
			per := byName[r.Person]
			if per == nil {
				key := strings.ToLower(r.Person)
				per = byPerson[key]
				if per == nil {
					per = &Person{Name: r.Person}
					byPerson[key] = per
					people = append(people, per)
				}
				byName[r.Person] = per
			}
			per.Roles = append(per.Roles, r)
		}
	}
	slices.SortFunc(people, func(x, y *Person) int { return strings.Compare(x.Name, y.Name) })
	// Anchors are made in name order, so that two people whose names have
	// one slug (Zoë and Zoe, or two names of no letter) each keep theirs
	// from one build to the next.
	ids := content.Unique{}
	for _, per := range people {
		per.ID = ids.Of("person-" + content.Anchor(per.Name))
		per.show()
	}
	return people
}

// patchPeople returns the people of the last build (last) with the roles of
// the edited briefs (new → old) in place of their old ones, when every
// edited brief names the same people in the same roles as before.
func patchPeople(last []*Person, edits map[*content.Page]*content.Page) ([]*Person, bool) {
	swap := map[*content.Role]*content.Role{} // old role → new
	for p, q := range edits {
		if len(p.Brief.Roles) != len(q.Brief.Roles) {
			return nil, false
		}
		for i, r := range p.Brief.Roles {
			old := q.Brief.Roles[i]
			if r.Person != old.Person {
				return nil, false
			}
			swap[old] = r
		}
	}
	people := make([]*Person, len(last))
	for i, per := range last {
		roles := swapped(per.Roles, swap)
		if roles == nil {
			people[i] = per
			continue
		}
		people[i] = &Person{Name: per.Name, ID: per.ID, Roles: roles}
		people[i].show()
	}
	return people, true
}

// Letter is one letter of the A–Z index of /people/: the URL of the
// first person whose name starts with it, "" when nobody's does.
type Letter struct {
	Letter string
	URL    string
}

// A PeopleIndex finds people on the list of everyone (a Set's People):
// each by name, whatever its case, and the first filed under each letter.
type PeopleIndex struct {
	at      map[string]int    // lowercased name → place in the list
	urls    map[string]string // each name as a role writes it → its entry's URL
	letters []Letter
}

// NewPeopleIndex indexes people, where url(i) is the URL of the entry of
// people[i].
func NewPeopleIndex(people []*Person, url func(i int) string) *PeopleIndex {
	x := &PeopleIndex{at: make(map[string]int, len(people)), urls: make(map[string]string, len(people))}
	first := map[string]int{}
	var other []int // names that start with no letter A to Z
	for i, per := range people {
		x.at[strings.ToLower(per.Name)] = i
		u := url(i)
		prev := ""
		for _, r := range per.Roles {
			if r.Person != prev { // a person's roles mostly spell the name alike
				x.urls[r.Person] = u
				prev = r.Person
			}
		}
		l := Initial(per.Name)
		if _, ok := first[l]; !ok && l != "" {
			first[l] = i
		} else if l == "" {
			other = append(other, i)
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		l := Letter{Letter: string(c)}
		if i, ok := first[l.Letter]; ok {
			l.URL = url(i)
		}
		x.letters = append(x.letters, l)
	}
	if len(other) > 0 {
		x.letters = append(x.letters, Letter{Letter: "#", URL: url(other[0])})
	}
	return x
}

// Find returns the place in the list of the person called name, whatever
// its case, and whether there is one.
func (x *PeopleIndex) Find(name string) (int, bool) {
	i, ok := x.at[strings.ToLower(name)]
	return i, ok
}

// URL returns the URL of the entry of the person name, or "" when no role
// is held by that name (whatever its case). Names as roles write them are
// looked up without a copy: pages ask for every role's person.
func (x *PeopleIndex) URL(name string, url func(i int) string) string {
	if u, ok := x.urls[name]; ok {
		return u
	}
	if i, ok := x.Find(name); ok {
		return url(i)
	}
	return ""
}

// Letters is the A–Z index: every letter A to Z, then "#" for the names
// that start with none, if any.
func (x *PeopleIndex) Letters() []Letter { return x.letters }

// Initial is the letter A to Z a name is filed under (accents dropped:
// Émile under E), or "".
func Initial(name string) string {
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
