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
// Imports by identity validate on a CLI of 1.12 or later, actions and query
// files on Terraform 1.14 or later; older CLIs (and OpenTofu, for the
// latter) check the rest.
func TestCLIExamplesAreValid(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	var files, queries []string
	for _, dir := range []string{"../../examples", "../../demo"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch {
			case strings.HasSuffix(p, "import-by-identity.tf") && !acctest.HasIdentity():
			case strings.Contains(filepath.ToSlash(p), "examples/actions/") && !acctest.HasQuery():
			case strings.HasSuffix(p, ".tfquery.hcl") && acctest.HasQuery():
				queries = append(queries, p)
			case strings.HasSuffix(p, ".tf"):
				files = append(files, p)
			}
			return nil
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
	for _, f := range queries {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c.WriteRaw("")
		c.WriteFile("main.tfquery.hcl", string(raw))
		out, err := c.Run("validate")
		if err := os.Remove(filepath.Join(c.Dir(), "main.tfquery.hcl")); err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Errorf("%s does not validate:\n%s", f, out)
		}
	}
	if acctest.HasQuery() && len(queries) < 4 {
		t.Errorf("found only %d query examples: %v", len(queries), queries)
	}
	fmtCheck := exec.Command("terraform", "fmt", "-check", "-recursive", "-diff", "../../examples", "../../demo")
	if out, err := fmtCheck.CombinedOutput(); err != nil {
		t.Errorf("examples are not terraform fmt clean:\n%s", out)
	}
}
