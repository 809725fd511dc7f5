package builder_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/playbook-dev/playbook/builder"
	"github.com/playbook-dev/playbook/builder/output"
)

// TestHTMLValidate checks every page of the bundled site with html-validate
// (from npm, see package.json), using the project's configuration: the
// recommended preset, relaxing only what minified HTML trips.
func TestHTMLValidate(t *testing.T) {
	bin, err := filepath.Abs("../node_modules/.bin/html-validate")
	if err == nil {
		_, err = os.Stat(bin)
	}
	if err != nil {
		if os.Getenv("PLAYBOOK_E2E") == "require" {
			t.Fatal("html-validate is not installed: run npm ci (PLAYBOOK_E2E=require)")
		}
		t.Skip("skipping: html-validate is not installed (run npm ci)")
	}
	config := "../../shared/htmlvalidate.json"
	if _, err := os.Stat(config); err != nil {
		config = "../.htmlvalidate.json" // the same file, kept in the repository
	}
	config, _ = filepath.Abs(config)
	dest := filepath.Join(t.TempDir(), "public")
	out, err := output.OpenDir(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := builder.Build(os.DirFS(".."), out, builder.Options{Today: today, BaseURL: "https://playbook.example.com/"}); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config", config, "--formatter", "stylish", dest+"/**/*.html")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("html-validate: %v\n%s", err, msg)
	}
}
