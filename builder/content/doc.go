// Package content reads the Markdown files of a site's content/ folder
// into its model. [ParseDocument] splits a file into front matter and
// body; the front matter is decoded into typed pages (briefs, with their
// goals, roles and KPIs, and plain pages) that keep the line and column
// of every key, for errors; [Load] reads a whole folder into a [Site].
// What front matter may hold is described for site authors in README.md
// ("Brief front matter", "Front matter values").
//
// Front matter is split from the body by github.com/adrg/frontmatter
// (YAML, TOML) and encoding/json (JSON), and read, with every value's
// position, by go.yaml.in/yaml/v3, github.com/BurntSushi/toml (placed by
// the parser of github.com/pelletier/go-toml/v2/unstable) and
// encoding/json.
//
// A hand-written fast path stands beside yaml.v3: quickYAML
// (yamlfast.go) reads front matter written in the small part of YAML
// briefs use straight into Nodes and leaves anything else to yaml.v3. A
// clean build of 1,000 generated briefs (builder/corpus) takes 20 % less
// time and CPU with it: 0.66 s instead of 0.82 s, and 1.24 s of CPU
// instead of 1.57 s, on two cores. TestQuickYAML, TestQuickYAMLReadsBriefs
// and FuzzQuickYAML hold it to yaml.v3.
package content
