package content

import (
	"strconv"
	"strings"
	"testing"
)

// hugoJSON is front matter as Hugo writes it (json.MarshalIndent): nested
// objects whose closing brace sits on a line of its own, and the body
// right after the object's closing brace.
const hugoJSON = `{
  "title": "Hugo",
  "params": {
    "owner": {
      "name": "cmo"
    }
  },
  "goals": [
    {
      "id": "g",
      "title": "G"
    }
  ]
}
# Body
`

// TestParseDocument checks how files split into front matter and body:
// the format, the top-level keys with their lines, the body and its line,
// or the exact error.
func TestParseDocument(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   string
		keys     string // the top-level keys, each with its line: "title@2 goals@3"
		body     string
		bodyLine int
		err      string
	}{
		{name: "no front matter", src: "# Title\n\nText.\n", body: "# Title\n\nText.\n", bodyLine: 1},
		{name: "a shortcode is no JSON", src: "\n{{< note >}}\n", body: "\n{{< note >}}\n", bodyLine: 1},
		{name: "a delimiter after text", src: "Text.\n---\ntitle: A\n---\n", body: "Text.\n---\ntitle: A\n---\n", bodyLine: 1},
		{name: "YAML", src: "---\ntitle: A\ngoals: []\n---\nBody\n", format: YAML, keys: "title@2 goals@3", body: "Body\n", bodyLine: 5},
		{name: "YAML after blank lines, delimiters with spaces", src: "\n \n---  \ntitle: A\n---\t\nBody", format: YAML, keys: "title@4", body: "Body", bodyLine: 6},
		{name: "YAML, CRLF", src: "---\r\ntitle: A\r\ngoals: []\r\n---\r\nBody\r\n", format: YAML, keys: "title@2 goals@3", body: "Body\r\n", bodyLine: 5},
		{name: "YAML, BOM", src: "\ufeff---\ntitle: A\n---\nBody\n", format: YAML, keys: "title@2", body: "Body\n", bodyLine: 4},
		{name: "YAML, empty", src: "---\n---\nBody\n", format: YAML, body: "Body\n", bodyLine: 3},
		{name: "YAML, closed on the last line", src: "---\ntitle: A\n---", format: YAML, keys: "title@2", body: "", bodyLine: 3},
		{name: "TOML", src: "+++\ntitle = 'A'\n\n[[goals]]\nid = 'g'\n+++\nBody\n", format: TOML, keys: "title@2 goals@4", body: "Body\n", bodyLine: 7},
		{name: "TOML, CRLF and BOM", src: "\ufeff\r\n+++\r\ntitle = 'A'\r\n+++\r\nBody\r\n", format: TOML, keys: "title@3", body: "Body\r\n", bodyLine: 5},
		{name: "JSON as Hugo writes it", src: hugoJSON, format: JSON, keys: "title@2 params@3 goals@8", body: "# Body\n", bodyLine: 15},
		{name: "JSON, a nested brace and a blank line", src: "{\n\"title\": \"A\",\n\"params\": {\n\"a\": 1\n}\n\n,\"goals\": []\n}\nBody\n", format: JSON, keys: "title@2 params@3 goals@7", body: "Body\n", bodyLine: 9},
		{name: "JSON, a blank line after", src: "{\n\"title\": \"A\"\n}\n\nBody\n", format: JSON, keys: "title@2", body: "Body\n", bodyLine: 5},
		{name: "JSON, two blank lines after", src: "{\n\"title\": \"A\"\n}\n\n\nBody\n", format: JSON, keys: "title@2", body: "\nBody\n", bodyLine: 5},
		{name: "JSON, the brace ends a line", src: "{\n\"title\": \"A\"}\nBody\n", format: JSON, keys: "title@2", body: "Body\n", bodyLine: 3},
		{name: "JSON, CRLF and BOM", src: "\ufeff{\r\n  \"title\": \"A\",\r\n  \"p\": {\r\n    \"a\": 1\r\n  }\r\n}\r\nBody\r\n", format: JSON, keys: "title@2 p@3", body: "Body\r\n", bodyLine: 7},
		{name: "JSON, all front matter", src: "\n  {\n\"title\": \"A\"\n  }  ", format: JSON, keys: "title@3", body: "", bodyLine: 4},
		{name: "a body starting with a brace", src: "{\n\"title\": \"A\"\n}\n}\n", format: JSON, keys: "title@2", body: "}\n", bodyLine: 4},

		{name: "unclosed YAML", src: "---\ntitle: A\n\nBody\n", err: "content/a.md:1:1: the front matter opened here is never closed: did you forget the closing `---`?"},
		{name: "unclosed YAML, CRLF after blank lines", src: "\r\n\r\n---\r\ntitle: A\r\n", err: "content/a.md:3:1: the front matter opened here is never closed: did you forget the closing `---`?"},
		{name: "unclosed YAML, only the delimiter", src: "---", err: "content/a.md:1:1: the front matter opened here is never closed: did you forget the closing `---`?"},
		{name: "unclosed YAML, BOM", src: "\ufeff---\ntitle: A\n", err: "content/a.md:1:1: the front matter opened here is never closed: did you forget the closing `---`?"},
		{name: "unclosed TOML", src: "\n+++\ntitle = 'A'\n---\n", err: "content/a.md:2:1: the front matter opened here is never closed: did you forget the closing `+++`?"},
		{name: "unclosed JSON", src: "{\n\"title\": \"A\"\n\nBody\n", err: "content/a.md:1:1: the JSON front matter opened here is never closed: did you forget the closing `}` on a line of its own?"},
		{name: "unclosed JSON at the end", src: "\n{\n\"title\": \"A\",\n\"p\": {\n}\n", err: "content/a.md:2:1: the JSON front matter opened here is never closed: did you forget the closing `}` on a line of its own?"},
		{name: "YAML error after blank lines, CRLF", src: "\r\n---\r\ntitle: A\r\ngoals: [x\r\n---\r\n", err: "content/a.md:4:1: invalid YAML: did not find expected ',' or ']'"},
		{name: "TOML error", src: "\n+++\ntitle = 'A'\ngoals = \n+++\n", err: "content/a.md:4:9: invalid TOML: expected value but found '\\n' instead"},
		{name: "JSON error, no blank line after", src: "{\n\"title\": \"A\",\n\"status\" \"active\"\n}\nBody\n", err: "content/a.md:3:10: invalid JSON: invalid character '\"' after object key"},
		{name: "JSON error in a nested object", src: "{\n\"p\": {\n\"a\" 1\n}\n}\n", err: "content/a.md:3:5: invalid JSON: invalid character '1' after object key"},
		{name: "JSON, text after the brace", src: "{\n\"title\": \"A\"\n} Body\n", err: "content/a.md:3:3: invalid JSON: unexpected text after the closing `}`"},
		{name: "NUL", src: "---\ntitle: A\x00\n---\n", err: "content/a.md:2:9: this looks like a binary file, not Markdown text (it contains a NUL byte)"},
		{name: "invalid UTF-8 after a BOM", src: "\ufeff{\n\"title\": \"caf\xe9\"\n}\n", err: "content/a.md:2:14: the file is not valid UTF-8 text; save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			doc, err := ParseDocument("content/a.md", src)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, k := range doc.Meta.Keys {
				keys = append(keys, k.Value+"@"+strconv.Itoa(k.Pos.Line))
			}
			if doc.Format != tt.format || strings.Join(keys, " ") != tt.keys || string(doc.Body) != tt.body || doc.BodyLine != tt.bodyLine {
				t.Errorf("format %q, keys %q, body %q at line %d\nwant %q, keys %q, body %q at line %d",
					doc.Format, strings.Join(keys, " "), doc.Body, doc.BodyLine, tt.format, tt.keys, tt.body, tt.bodyLine)
			}
			// The body is the end of the file as read, not a copy of it:
			// Load leaves bodies to be read again from where they start.
			if n := len(doc.Body); n > 0 && &doc.Body[0] != &src[len(src)-n] {
				t.Errorf("the body is a copy, not a slice of the file")
			}
		})
	}
}
