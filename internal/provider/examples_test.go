package provider_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
)

// TestCLIExamplesAreValid runs `terraform validate` on every example the docs
// show, and `terraform fmt -check` on them all, so that examples cannot rot.
func TestCLIExamplesAreValid(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	var files []string
	for _, dir := range []string{"../../examples", "../../demo"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 10 {
		t.Fatalf("found only %d example files: %v", len(files), files)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c.WriteRaw(string(raw))
		if out, err := c.Run("validate"); err != nil {
			t.Errorf("%s does not validate:\n%s", f, out)
		}
	}
	fmtCheck := exec.Command("terraform", "fmt", "-check", "-recursive", "-diff", "../../examples", "../../demo")
	if out, err := fmtCheck.CombinedOutput(); err != nil {
		t.Errorf("examples are not terraform fmt clean:\n%s", out)
	}
}
