// Package browsertest starts headless Chromium for end-to-end tests.
//
// Tests skip with a clear message when Chromium is not installed, and fail
// instead when PLAYBOOK_E2E=require is set (as CI does).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Find returns the path of a Chromium binary, or "".
func Find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium with a fresh profile and returns a browser
// context that is closed when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := Find()
	if bin == "" {
		if os.Getenv("PLAYBOOK_E2E") == "require" {
			t.Fatal("Chromium is not installed, and PLAYBOOK_E2E=require: install the Debian package chromium")
		}
		t.Skip("skipping browser test: Chromium is not installed (apt-get install chromium; set PLAYBOOK_E2E=require to make this a failure)")
	}
	if testing.Short() && os.Getenv("PLAYBOOK_E2E") != "require" {
		t.Skip("skipping browser test in -short mode")
	}
	profile, err := os.MkdirTemp("", "playbook-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 20; i++ { // Chromium may still be writing its profile
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// Axe returns the script of axe-core, installed by npm ci into the
// node_modules folder at root, skipping the test when it is missing (and
// failing it when PLAYBOOK_E2E=require).
func Axe(t testing.TB, root string) string {
	t.Helper()
	axe, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("PLAYBOOK_E2E") == "require" {
			t.Fatal("axe-core is not installed: run npm ci (PLAYBOOK_E2E=require)")
		}
		t.Skip("skipping: axe-core is not installed (run npm ci)")
	}
	return string(axe)
}
