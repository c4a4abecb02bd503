package acctest

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// For terraform query (Terraform 1.14+): files beside main.tf, and the
// imports of a saved plan.

// ReadFile reads a file of the working directory.
func (c *CLI) ReadFile(name string) string {
	c.t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(raw)
}

// ListBlock is a list block of the query file for one resource type,
// configured by the demo WABA.
func ListBlock(resourceType, name string) string {
	return `
list "` + resourceType + `" "` + name + `" {
  provider = whatsapp
  config {
    whatsapp_business_account_id = "` + WABA + `"
  }
}
`
}

// PlannedChange is one resource change of a saved plan, with its import.
type PlannedChange struct {
	Address string `json:"address"`
	Type    string `json:"type"`
	Change  struct {
		Actions   []string `json:"actions"`
		Importing *struct {
			ID       string         `json:"id"`
			Identity map[string]any `json:"identity"`
		} `json:"importing"`
	} `json:"change"`
}

// SavedPlanChanges makes a saved plan and returns its resource changes and
// the plan file's raw bytes (to search for secrets).
func (c *CLI) SavedPlanChanges(args ...string) ([]PlannedChange, string) {
	c.t.Helper()
	c.MustRun(append([]string{"plan", "-out=saved.tfplan"}, args...)...)
	shown := c.MustRun("show", "-json", "saved.tfplan")
	var plan struct {
		ResourceChanges []PlannedChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(shown), &plan); err != nil {
		c.t.Fatal(err)
	}
	return plan.ResourceChanges, shown + c.PlanFileContents("saved.tfplan")
}

// PlanFileContents is every file inside a saved plan (a zip: the plan,
// its state snapshots and the configuration), uncompressed, to search.
func (c *CLI) PlanFileContents(name string) string {
	c.t.Helper()
	z, err := zip.OpenReader(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	defer z.Close()
	var all strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			c.t.Fatal(err)
		}
		raw, err := io.ReadAll(r)
		_ = r.Close()
		if err != nil {
			c.t.Fatal(err)
		}
		all.Write(raw)
	}
	return all.String()
}

// StateFile is the raw local state, to search for secrets.
func (c *CLI) StateFile() string {
	c.t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(raw)
}

// Replace rewrites every match of the regular expression pattern in file
// name with repl (regexp.ReplaceAllString).
func (c *CLI) Replace(name, pattern, repl string) {
	c.t.Helper()
	c.WriteFile(name, regexp.MustCompile(pattern).ReplaceAllString(c.ReadFile(name), repl))
}
