package starter

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/playbook-dev/playbook/builder/content"
)

// briefTemplate is the text of [Brief]. %[1]s is the title as a
// YAML string, %[2]s today's date, %[3]s a date three months on.
const briefTemplate = `---
# This is a brief: one project, its goals, the people on it and how its
# success is measured. The part between the two "---" lines is the front
# matter. Each line is "key: value". Text after a "#" is a comment, like
# this one, and is ignored. Indent with spaces, never tabs.

title: %[1]s
# One sentence that states the purpose: what will be different, and for whom.
summary: Say in one sentence what this project changes and why it matters.

# Where the project stands: proposed, active, paused or done.
status: proposed
# Who leads the project:
#   marketing-led  Marketing leads and owns it (include an IT role)
#   it-led         IT leads and owns it (include a marketing role)
#   partnership    Marketing and IT share it, with KPIs owned by both
#   amalgamated    Marketing and IT work as one team
#   vendor         an outside vendor bridges Marketing and IT
approach: partnership
# The id of the role (below) that owns the outcome.
sponsor: sponsor

# Dates are written year-month-day.
date: %[2]s      # last revised: update it whenever you change the brief
start: %[2]s
due: %[3]s
# Tags group briefs on the site: a list in square brackets.
tags: [website]

# Goals: what the business wants. Each item starts with "- " and gets a
# short id (one word, dashes allowed) that KPIs refer to.
goals:
  - id: main-goal
    title: Describe the business goal in a few words
    why: Why it matters to the company.

# Roles: who is on the project. "team" is marketing, it, vendor, leadership
# or another single word. "reports_to" is the id of another role; leave it
# out for the one role at the top.
roles:
  - id: sponsor
    title: Chief Marketing Officer
    team: marketing
    person: Name Surname
    responsibilities: [Owns the outcome, Approves the launch]
  - id: tech-lead
    title: Web platform lead
    team: it
    person: Name Surname
    reports_to: sponsor
    responsibilities: [Security review, Hosting and scaling]
    requirements: [A pen test before launch]  # optional: what this role needs

# KPIs: how success is measured. "goal" is the id of the goal it measures,
# "owner" the id of the role that answers for it. A target below the
# baseline means lower is better. Numbers are written alone; the unit goes
# in "unit" (write "%%" in quotes for percentages).
kpis:
  - id: main-kpi
    name: Marketing-qualified leads per month
    goal: main-goal
    owner: sponsor
    unit: leads
    baseline: 100
    target: 150
    current: 100
    due: %[3]s
    history:                      # optional: dated measurements, oldest first
      - {date: %[2]s, value: 100}
  - id: uptime
    name: Site availability
    goal: main-goal
    owner: tech-lead
    unit: "%%"
    baseline: 99.5
    target: 99.9
---

## Context

What is happening today, and why this project now?

## Plan

The steps, in order, and who takes each.

## Risks

What could go wrong, and what you will do about it.

## Decisions

What has been decided, when, and by whom.
`

// Brief returns the text of a new brief titled title, written today: a
// complete brief whose comments say what each key means, for its writer to
// fill in; `playbook check --strict` names the placeholders left in it.
func Brief(title string, today time.Time) []byte {
	return []byte(fmt.Sprintf(briefTemplate, strconv.Quote(title), today.Format("2006-01-02"), today.AddDate(0, 3, 0).Format("2006-01-02")))
}

// maxSlug is the longest file name, in bytes, a new brief's title may
// make: well under the 255 of most file systems, and a URL people can read.
const maxSlug = 100

// CreateBrief writes a new brief titled title ([Brief]) to
// source/content/<slug>.md and returns its path. It never overwrites a
// file, and writes nothing outside source, however content/ is linked. A
// title whose slug is empty, too long, one of playbook's own addresses or
// the address of another file or folder of content/ is refused, with what
// to do instead.
func CreateBrief(source, title string, today time.Time) (string, error) {
	title = strings.TrimSpace(title)
	slug := content.Slug(title)
	switch {
	case slug == "":
		return "", fmt.Errorf("the title %q has no letter or digit to make a file name from", title)
	case len(slug) > maxSlug:
		return "", fmt.Errorf("the title is %d characters long, too long for the file name it makes (at most %d bytes): give a shorter title here, then write the full one in the file's title line", utf8.RuneCountInString(title), maxSlug)
	case slices.Contains(content.Reserved, slug) || slug == "index":
		return "", fmt.Errorf("the title %q would make the brief's address /%s/, which playbook uses for a page of its own: choose another title (you can change the title line in the file afterwards)", title, slug)
	}
	root, err := os.OpenRoot(source)
	if err != nil {
		return "", fmt.Errorf("--source %s: %w", source, err)
	}
	defer root.Close()
	if err := root.MkdirAll("content", 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", filepath.Join(source, "content"), err)
	}
	name := "content/" + slug + ".md"
	p := filepath.Join(source, filepath.FromSlash(name))
	if other := sameAddress(root, slug); other != "" {
		return "", fmt.Errorf("the title %q would make the brief's address /%s/, which %s has already: choose another title (you can change the title line in the file afterwards)", title, slug, other)
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("%s already exists: playbook never overwrites a brief; choose another title or edit that file", p)
	}
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", p, err)
	}
	if _, err := f.Write(Brief(title, today)); err != nil {
		f.Close()
		root.Remove(name)
		return "", fmt.Errorf("writing %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		root.Remove(name)
		return "", fmt.Errorf("writing %s: %w", p, err)
	}
	return p, nil
}

// sameAddress returns the file or folder of content/ in root whose address
// is /slug/, or "".
func sameAddress(root *os.Root, slug string) string {
	dir, err := root.Open("content")
	if err != nil {
		return ""
	}
	defer dir.Close()
	entries, _ := dir.ReadDir(-1)
	for _, e := range entries {
		name := e.Name()
		switch {
		case content.Ignored(name), name == slug+".md":
		case e.IsDir() && content.Slug(name) == slug:
			return "the folder content/" + name + "/"
		case !e.IsDir() && strings.HasSuffix(strings.ToLower(name), ".md") && content.Slug(name[:len(name)-3]) == slug:
			return "content/" + name
		}
	}
	return ""
}
