package main

import (
	"os"
	"path/filepath"
)

// hugoFiles are a Hugo configuration and theme that render a generated site
// the way the performance comparison needs: the home page and sections as
// paginated lists, each brief with its goals, roles and KPIs as tables and
// its body with a table of contents, and tag pages; minified with --minify.
// They let people time Hugo on the same content:
//
//	go run ./builder/corpus/gen -n 1000 -hugo -o /tmp/c1k
//	cd /tmp/c1k && hugo --minify --quiet -d /tmp/hugo-out
var hugoFiles = map[string]string{
	"hugo.toml": `baseURL = "https://playbook.example.com/"
title = "Generated playbook"
theme = "playbook-bench"
paginate = 50
disableKinds = ["RSS"]
[taxonomies]
tag = "tags"
[markup.goldmark.extensions]
typographer = true
footnote = true
[markup.goldmark.renderer]
unsafe = false
`,
	"themes/playbook-bench/layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title><meta name="description" content="{{ .Params.summary }}"><link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><nav><a href="/">Briefs</a> <a href="/tags/">Tags</a></nav></header><main>{{ block "main" . }}{{ end }}</main><footer><p>{{ .Site.Title }}</p></footer></body></html>
`,
	"themes/playbook-bench/layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
<dl><dt>Status</dt><dd>{{ .Params.status }}</dd><dt>Approach</dt><dd>{{ .Params.approach }}</dd><dt>Due</dt><dd>{{ .Params.due }}</dd></dl>
{{ with .Params.goals }}<h2>Goals</h2>{{ range . }}<h3>{{ .title }}</h3><p>{{ .why }}</p>{{ end }}{{ end }}
{{ with .Params.roles }}<h2>Roles</h2><table><thead><tr><th>Role</th><th>Person</th><th>Team</th><th>Reports to</th><th>Responsibilities</th></tr></thead><tbody>
{{ range . }}<tr><td>{{ .title }}</td><td>{{ .person }}</td><td>{{ .team }}</td><td>{{ .reports_to }}</td><td>{{ delimit .responsibilities "; " }}</td></tr>{{ end }}</tbody></table>{{ end }}
{{ with .Params.kpis }}<h2>KPIs</h2><table><thead><tr><th>KPI</th><th>Baseline</th><th>Current</th><th>Target</th><th>Owner</th></tr></thead><tbody>
{{ range . }}<tr><td>{{ .name }}</td><td>{{ .baseline }}</td><td>{{ .current }}</td><td>{{ .target }}</td><td>{{ .owner }}</td></tr>{{ end }}</tbody></table>{{ end }}
<nav>{{ .TableOfContents }}</nav>{{ .Content }}</article>{{ end }}
`,
	"themes/playbook-bench/layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p><p>{{ .Params.status }} · {{ .Params.approach }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
`,
}

// writeHugo writes hugoFiles into dir.
func writeHugo(dir string) error {
	for name, data := range hugoFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}
