// Command editlatency measures what a writer waits for in a dev server:
// the time from saving an edited brief to the server serving the new text.
// It works with any server that watches a site's files, so playbook serve
// and hugo server can be measured side by side on the same corpus:
//
//	go run ./builder/corpus/gen -n 1000 -hugo -o /tmp/c1k
//	playbook serve --watch --source /tmp/c1k --port 1313 &
//	go run ./builder/corpus/editlatency -site /tmp/c1k -url http://127.0.0.1:1313
//
// Each edit writes a new marker sentence into the body of one brief (or,
// with -edit summary, into its summary, which lists and aggregates show
// too), then asks for the brief's page every 2 ms until the marker is in
// it. The brief is put back as it was at the end. It prints each latency
// and the median, 90th percentile, minimum and maximum.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	site := flag.String("site", "", "the site's folder, holding content/ (required)")
	base := flag.String("url", "http://127.0.0.1:1313", "the server's address")
	file := flag.String("file", "", "the brief to edit, relative to content/ (default: the first brief in a section)")
	page := flag.String("page", "", "the brief's URL path (default: from its file name)")
	edit := flag.String("edit", "body", "what to change: body or summary")
	n := flag.Int("n", 15, "number of edits")
	pause := flag.Duration("pause", 700*time.Millisecond, "time between edits, for the server to settle")
	timeout := flag.Duration("timeout", 30*time.Second, "how long to wait for one edit to be served")
	flag.Parse()
	if *site == "" || (*edit != "body" && *edit != "summary") {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*site, strings.TrimSuffix(*base, "/"), *file, *page, *edit, *n, *pause, *timeout); err != nil {
		fmt.Fprintf(os.Stderr, "editlatency: %v\n", err)
		os.Exit(1)
	}
}

func run(site, base, file, page, edit string, n int, pause, timeout time.Duration) error {
	content := filepath.Join(site, "content")
	if file == "" {
		matches, _ := filepath.Glob(filepath.Join(content, "*", "*.md"))
		for _, m := range matches {
			if filepath.Base(m) != "_index.md" {
				file, _ = filepath.Rel(content, m)
				break
			}
		}
		if file == "" {
			return fmt.Errorf("no brief found under %s", content)
		}
	}
	if page == "" {
		page = "/" + strings.TrimSuffix(filepath.ToSlash(file), ".md") + "/"
	}
	path := filepath.Join(content, file)
	orig, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	defer os.WriteFile(path, orig, 0o644)
	if !bytes.Contains(orig, []byte("\nsummary: ")) && edit == "summary" {
		return fmt.Errorf("%s has no summary: line", path)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	if _, err := fetch(client, base+page); err != nil {
		return fmt.Errorf("the server does not serve %s: %w", base+page, err)
	}
	fmt.Printf("editing %s (%s), served at %s\n", path, edit, base+page)
	stamp := time.Now().UnixNano() % 1e6
	var lat []time.Duration
	for i := 0; i < n; i++ {
		marker := fmt.Sprintf("Marker%dx%d", stamp, i)
		var data []byte
		if edit == "body" {
			data = append(bytes.Clone(orig), "\n"+marker+" was added to the brief.\n"...)
		} else {
			data = bytes.Replace(orig, []byte("\nsummary: "), []byte("\nsummary: "+marker+" "), 1)
		}
		start := time.Now()
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		for {
			body, err := fetch(client, base+page)
			if err == nil && bytes.Contains(body, []byte(marker)) {
				break
			}
			if ctx.Err() != nil {
				cancel()
				return fmt.Errorf("edit %d not served within %s", i+1, timeout)
			}
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
		d := time.Since(start)
		lat = append(lat, d)
		fmt.Printf("  edit %2d: %s\n", i+1, d.Round(time.Millisecond))
		time.Sleep(pause)
	}
	slices.Sort(lat)
	q := func(f float64) time.Duration {
		return lat[min(len(lat)-1, int(f*float64(len(lat))))].Round(time.Millisecond)
	}
	fmt.Printf("median %s, p90 %s, min %s, max %s over %d edits\n", lat[len(lat)/2].Round(time.Millisecond), q(0.9), lat[0].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), len(lat))
	return nil
}

func fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("%s: %s", url, resp.Status)
	}
	return body, err
}
