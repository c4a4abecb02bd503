package acctest

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// What the CLI under test (CLIPath) supports, for tests that run it
// through the CLI runner; tests through terraform-plugin-testing use
// tfversion.SkipBelow instead (an OpenTofu binary reports its own version,
// so a check for Terraform 1.14 skips OpenTofu 1.12 there too).

type cliInfo struct {
	major, minor int
	tofu         bool
	err          error
}

var (
	cliInfoOnce sync.Once
	cliInfoOf   cliInfo
)

func readCLIInfo() cliInfo {
	cliInfoOnce.Do(func() {
		out, err := exec.Command(CLIPath(), "version", "-json").Output()
		if err != nil {
			cliInfoOf.err = err
			return
		}
		var v struct {
			Version         string `json:"terraform_version"`
			OpenTofuVersion string `json:"opentofu_version"`
		}
		if err := json.Unmarshal(out, &v); err != nil {
			cliInfoOf.err = err
			return
		}
		// OpenTofu's version -json names its version terraform_version too.
		plain, _ := exec.Command(CLIPath(), "version").Output()
		cliInfoOf.tofu = v.OpenTofuVersion != "" || strings.HasPrefix(string(plain), "OpenTofu")
		_, cliInfoOf.err = fmt.Sscanf(v.Version+v.OpenTofuVersion, "%d.%d", &cliInfoOf.major, &cliInfoOf.minor)
	})
	return cliInfoOf
}

// atLeast reports a CLI of version 1.minor or later.
func (i cliInfo) atLeast(minor int) bool {
	return i.major > 1 || (i.major == 1 && i.minor >= minor)
}

// SkipWithoutIdentity skips a CLI test below Terraform or OpenTofu 1.12,
// which brought resource identity and import blocks by identity.
func SkipWithoutIdentity(t *testing.T) {
	t.Helper()
	i := readCLIInfo()
	if i.err != nil {
		t.Fatalf("cannot read the version of %s: %v", CLIPath(), i.err)
	}
	if !i.atLeast(12) {
		t.Skipf("%s %d.%d predates resource identity (1.12)", CLIPath(), i.major, i.minor)
	}
}

// SkipWithoutQuery skips a CLI test unless the CLI is Terraform 1.14 or
// later: list resources (terraform query) and actions. OpenTofu has
// neither.
func SkipWithoutQuery(t *testing.T) {
	t.Helper()
	i := readCLIInfo()
	if i.err != nil {
		t.Fatalf("cannot read the version of %s: %v", CLIPath(), i.err)
	}
	if i.tofu {
		t.Skip("OpenTofu has no list resources, terraform query or actions")
	}
	if !i.atLeast(14) {
		t.Skipf("Terraform %d.%d predates list resources and actions (1.14)", i.major, i.minor)
	}
}

// HasIdentity reports whether the CLI under test imports by identity
// (Terraform or OpenTofu 1.12+), for a test that checks the rest without it.
func HasIdentity() bool {
	i := readCLIInfo()
	return i.err == nil && i.atLeast(12)
}

// HasQuery reports whether the CLI under test has list resources and
// actions (Terraform 1.14+; OpenTofu has neither).
func HasQuery() bool {
	i := readCLIInfo()
	return i.err == nil && !i.tofu && i.atLeast(14)
}
