package serve

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/playbook-dev/playbook/builder/internal/browsertest"
)

// TestLiveReloadInBrowser opens a brief in headless Chromium, edits its
// Markdown on disk and waits for the new text, with no action in the
// browser; then breaks the front matter (the overlay appears) and fixes it
// (the overlay goes).
func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	root := copySite(t)
	_, base := start(t, root, true)
	brief := filepath.Join(root, "content", "cms-migration.md")
	orig, _ := os.ReadFile(brief)

	var scrollBefore, scrollAfter float64
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"cms-migration/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond), // the event stream connects
		chromedp.Evaluate(`window.scrollTo(0, 600); window.scrollY`, &scrollBefore),
	)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(brief, append(append([]byte(nil), orig...), []byte("\nWritten in the editor just now.\n")...), 0o644)
	if err := waitJS(ctx, `document.body.innerText.includes("Written in the editor just now.")`); err != nil {
		t.Fatalf("the edit did not show up in the page: %v", err)
	}
	if err := chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond), chromedp.Evaluate(`window.scrollY`, &scrollAfter)); err != nil {
		t.Fatal(err)
	}
	if scrollBefore > 0 && scrollAfter != scrollBefore {
		t.Errorf("scroll position %v after reload, want %v", scrollAfter, scrollBefore)
	}

	os.WriteFile(brief, bytes.Replace(orig, []byte("status: active"), []byte("status: [active"), 1), 0o644)
	var overlay string
	err = chromedp.Run(ctx,
		chromedp.WaitVisible("#playbook-error-overlay", chromedp.ByQuery),
		chromedp.Text("#playbook-error-overlay", &overlay, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("no error overlay: %v", err)
	}
	if !strings.Contains(overlay, "content/cms-migration.md:4:") {
		t.Errorf("overlay does not name the file and line: %q", overlay)
	}

	os.WriteFile(brief, orig, 0o644)
	if err := waitJS(ctx, `!document.getElementById("playbook-error-overlay") && !document.body.innerText.includes("Written in the editor just now.")`); err != nil {
		t.Fatalf("the overlay did not go after the fix: %v", err)
	}

	// A CSS change swaps the stylesheet without reloading the page.
	err = chromedp.Run(ctx, chromedp.Evaluate(`window.__notReloaded = true`, nil))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "theme"), 0o755)
	os.WriteFile(filepath.Join(root, "theme", "style.css"), []byte("body{background:rgb(1, 2, 3)}"), 0o644)
	var kept bool
	if err := waitJS(ctx, `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`); err != nil {
		t.Fatalf("the new stylesheet was not applied: %v", err)
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__notReloaded === true`, &kept)); err != nil {
		t.Fatalf("the new stylesheet was not applied: %v", err)
	}
	if !kept {
		t.Error("a CSS change reloaded the page")
	}
}

// waitJS evaluates expr until it is true, through page reloads, for up to
// ten seconds.
func waitJS(ctx context.Context, expr string) error {
	deadline := time.Now().Add(10 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok)); err != nil {
			lastErr = err // navigating: try again
		} else if ok {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	if lastErr != nil {
		return fmt.Errorf("still false after 10s (last error: %v)", lastErr)
	}
	return fmt.Errorf("still false after 10s")
}

// TestErrorOverlayLegible breaks a brief while its page is open and checks
// the error overlay with axe-core, in light and dark: no colour-contrast or
// other serious violation, and the error text is light on dark.
func TestErrorOverlayLegible(t *testing.T) {
	axe := browsertest.Axe(t, "../..")
	ctx := browsertest.New(t)
	root := copySite(t)
	_, base := start(t, root, true)
	brief := filepath.Join(root, "content", "cms-migration.md")
	orig, _ := os.ReadFile(brief)
	for _, scheme := range []string{"light", "dark"} {
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+"cms-migration/"),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}).Do(ctx)
			}),
			chromedp.WaitVisible("h1", chromedp.ByQuery),
			chromedp.Sleep(300*time.Millisecond),
		)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(brief, bytes.Replace(orig, []byte("status: active"), []byte("status: [active"), 1), 0o644)
		var colors []string
		var shot []byte
		var violations []struct {
			ID, Impact, Help string
		}
		err = chromedp.Run(ctx,
			chromedp.WaitVisible("#playbook-error-overlay pre", chromedp.ByQuery),
			chromedp.Evaluate(`(() => { const s = getComputedStyle(document.querySelector("#playbook-error-overlay pre")); return [s.color, s.backgroundColor]; })()`, &colors),
			chromedp.Evaluate(axe, nil),
			chromedp.Evaluate(`axe.run("#playbook-error-overlay", {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help})))`, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
				return p.WithAwaitPromise(true)
			}),
			chromedp.CaptureScreenshot(&shot),
		)
		if err != nil {
			t.Fatalf("%s: %v", scheme, err)
		}
		os.MkdirAll("../../test-output/screenshots", 0o755)
		os.WriteFile("../../test-output/screenshots/error-overlay-"+scheme+".png", shot, 0o644)
		if len(colors) != 2 || colors[0] != "rgb(244, 245, 247)" || colors[1] != "rgb(34, 35, 42)" {
			t.Errorf("%s: the error text is %v (colour, background), want light on dark", scheme, colors)
		}
		for _, v := range violations {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s (%s): %s", scheme, v.ID, v.Impact, v.Help)
			}
		}
		os.WriteFile(brief, orig, 0o644)
		if err := waitJS(ctx, `!document.getElementById("playbook-error-overlay")`); err != nil {
			t.Fatalf("the overlay did not go: %v", err)
		}
	}
}
