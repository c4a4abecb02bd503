package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLI is the one runner of the real terraform (or tofu) binary in the
// provider's tests, in a working directory of its own. It reaches the
// provider in one of two ways:
//
//   - served from the test process (Env.CLI): every command gets a fresh
//     provider instance wired to the Env's emulator, through
//     TF_REATTACH_PROVIDERS, as terraform-plugin-testing does;
//   - a built provider binary (NewCLI with WithProviderBinary): a CLI
//     configuration whose dev_overrides point at it, as a user's local
//     build runs (the policy kit's tests, the scale benchmark).
//
// Run returns stdout and stderr combined, RunOutputs each on its own,
// RunJSON the machine-readable stream of `-json`.
type CLI struct {
	t   testing.TB
	env *Env
	dir string

	// bin is the provider binary of dev_overrides mode ("" when the
	// provider is served from the test process); rc is the CLI
	// configuration naming it.
	bin, rc string
	// cpuFile, when set, is where the wrapper around bin appends the
	// provider processes' CPU time (WithProviderCPU).
	cpuFile string
	envHook func([]string) []string
}

// CLIOption configures a CLI made by Env.CLI or NewCLI.
type CLIOption func(*cliOptions)

type cliOptions struct {
	bin     string
	cpu     bool
	envHook func([]string) []string
}

// WithProviderBinary runs the provider binary at path, through a CLI
// configuration whose dev_overrides point at it, instead of serving the
// provider from the test process. BuildProvider builds one.
func WithProviderBinary(path string) CLIOption {
	return func(o *cliOptions) { o.bin = path }
}

// WithProviderCPU wraps the provider binary (WithProviderBinary) in a
// script that records each provider process's CPU time; ProviderCPU reads
// the total.
func WithProviderCPU() CLIOption {
	return func(o *cliOptions) { o.cpu = true }
}

// WithEnvHook edits the environment of every command, after the runner's
// own settings (TF_CLI_CONFIG_FILE, TF_REATTACH_PROVIDERS, ...), for
// example to drop the caller's WHATSAPP_* and TF_VAR_* variables.
func WithEnvHook(hook func(env []string) []string) CLIOption {
	return func(o *cliOptions) { o.envHook = hook }
}

// CLI is a runner against a fresh provider instance wired to e, served
// from the test process (or the binary of WithProviderBinary), in a
// directory that `init` has prepared. It skips the test unless TF_ACC is
// set and the CLI has write-only attributes.
func (e *Env) CLI(t *testing.T, opts ...CLIOption) *CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: this test runs the terraform CLI")
	}
	if !cliSupportsWriteOnly(t) {
		t.Skip("the CLI predates write-only attributes (Terraform/OpenTofu 1.11), which these configurations use")
	}
	c := newCLI(t, e, opts)
	c.Write("")
	c.MustRun("init")
	return c
}

// NewCLI is a runner with no Env, for tests with an emulator of their own:
// it needs WithProviderBinary. It neither skips nor runs `init` (which
// dev_overrides make unnecessary); the test writes the configuration with
// WriteRaw or WriteFile.
func NewCLI(t testing.TB, opts ...CLIOption) *CLI {
	t.Helper()
	if _, err := exec.LookPath(CLIPath()); err != nil {
		t.Fatalf("these tests need the terraform CLI (or TF_ACC_TERRAFORM_PATH): %v", err)
	}
	c := newCLI(t, nil, opts)
	if c.bin == "" {
		t.Fatal("acctest.NewCLI needs WithProviderBinary: there is no Env to serve a provider from")
	}
	return c
}

func newCLI(t testing.TB, env *Env, opts []CLIOption) *CLI {
	t.Helper()
	var o cliOptions
	for _, opt := range opts {
		opt(&o)
	}
	c := &CLI{t: t, env: env, dir: t.TempDir(), bin: o.bin, envHook: o.envHook}
	if o.cpu && o.bin == "" {
		t.Fatal("WithProviderCPU needs WithProviderBinary")
	}
	if c.bin != "" {
		c.writeDevOverrides(o.cpu)
	}
	return c
}

// writeDevOverrides writes, outside the working directory, a CLI
// configuration whose dev_overrides point at the provider binary (or at a
// wrapper that records its CPU time), under the address each CLI resolves
// the source to.
func (c *CLI) writeDevOverrides(cpu bool) {
	c.t.Helper()
	root := c.t.TempDir()
	plugins := filepath.Join(root, "plugins")
	if err := os.Mkdir(plugins, 0o700); err != nil {
		c.t.Fatal(err)
	}
	target := filepath.Join(plugins, "terraform-provider-whatsapp")
	if cpu {
		c.cpuFile = filepath.Join(root, "cpu.txt")
		// The wrapper waits for the provider and appends its CPU time when
		// Terraform stops it: bash's times prints the shell's own line, then
		// its children's (not in a pipeline, whose subshell has no children).
		wrapper := fmt.Sprintf("#!/usr/bin/env bash\n%q \"$@\"\nrc=$?\ntimes >> %q\nexit $rc\n", c.bin, c.cpuFile)
		if err := os.WriteFile(target, []byte(wrapper), 0o700); err != nil { //nolint:gosec // an executable wrapper
			c.t.Fatal(err)
		}
	} else if err := os.Symlink(c.bin, target); err != nil {
		c.t.Fatal(err)
	}
	c.rc = filepath.Join(root, "cli.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		providerAddress, plugins, tofuProviderAddress, plugins)
	if err := os.WriteFile(c.rc, []byte(rc), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Dir is the working directory the commands run in.
func (c *CLI) Dir() string { return c.dir }

// Use makes c report to t, a subtest of the test that made it.
func (c *CLI) Use(t *testing.T) { c.t = t }

// Write replaces the configuration with the provider block plus body.
func (c *CLI) Write(body string) { c.WriteRaw(c.env.Config(body)) }

// WriteRaw replaces the configuration with config, which brings its own
// provider block; a terraform block naming the provider's source is added
// unless config has one.
func (c *CLI) WriteRaw(config string) {
	c.t.Helper()
	required := `
terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}
`
	if strings.Contains(config, "required_providers") {
		required = ""
	}
	c.WriteFile("main.tf", required+config)
}

// WriteFile writes content to name (a path relative to the working
// directory; folders are made as needed), as it is.
func (c *CLI) WriteFile(name, content string) {
	c.t.Helper()
	path := filepath.Join(c.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	out, err := c.Run(args...)
	if err != nil {
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// Run runs one command (against a fresh provider instance, as Terraform
// would start a fresh plugin process) and returns the combined output.
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	_, wait := c.Start(args...)
	return wait()
}

// RunOutputs is Run with standard output and standard error apart.
func (c *CLI) RunOutputs(args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	var outBuf, errBuf bytes.Buffer
	_, wait := c.start(args, &outBuf, &errBuf)
	err = wait()
	return outBuf.String(), errBuf.String(), err
}

// ExitCode is the exit status of err as Run returns it: 0 for nil, the
// CLI's status when it ran and failed; the test fails for any other error.
func (c *CLI) ExitCode(err error) int {
	c.t.Helper()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	c.t.Fatalf("running %s: %v", CLIPath(), err)
	return -1
}

// Start launches a command against a fresh provider instance. interrupt
// sends it Ctrl-C; wait returns its combined output once it has ended.
func (c *CLI) Start(args ...string) (interrupt func(), wait func() (string, error)) {
	c.t.Helper()
	var out bytes.Buffer
	interrupt, waitErr := c.start(args, &out, &out)
	return interrupt, func() (string, error) {
		err := waitErr()
		return out.String(), err
	}
}

func (c *CLI) start(args []string, stdout, stderr io.Writer) (interrupt func(), wait func() error) {
	c.t.Helper()
	env := append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	stop := func() {}
	if c.bin != "" {
		env = append(withoutVars(env, "TF_CLI_CONFIG_FILE", "TF_REATTACH_PROVIDERS"), "TF_CLI_CONFIG_FILE="+c.rc)
	} else {
		var reattach string
		reattach, stop = c.serve()
		env = append(env, "TF_REATTACH_PROVIDERS="+reattach)
	}
	if c.envHook != nil {
		env = c.envHook(env)
	}
	full := args
	if args[0] != "state" { // state's subcommands print no colour and take no -no-color
		full = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.Command(CLIPath(), full...)
	cmd.Dir = c.dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		stop()
		c.t.Fatal(err)
	}
	interrupt = func() { _ = cmd.Process.Signal(os.Interrupt) }
	wait = func() error {
		err := cmd.Wait()
		stop()
		return err
	}
	return interrupt, wait
}

// serve serves a fresh provider instance for one command and returns the
// TF_REATTACH_PROVIDERS value that points the CLI at it, and how to stop it.
func (c *CLI) serve() (reattach string, stop func()) {
	c.t.Helper()
	t, ok := c.t.(*testing.T)
	if c.env == nil || !ok {
		c.t.Fatal("no Env and test to serve the provider from: use Env.CLI, or WithProviderBinary")
	}
	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		if err := tf6server.Serve(providerAddress, providerserver.NewProtocol6(c.env.NewProvider()), tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithLoggingSink(t), tf6server.WithGoPluginLogger(hclog.NewNullLogger())); err != nil {
			c.t.Errorf("serving the provider: %v", err)
		}
	}()
	stop = func() {
		cancel()
		<-closeCh
	}
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattachCh:
	case <-time.After(10 * time.Second):
		cancel()
		c.t.Fatal("the provider server did not start")
	}
	attach := map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}
	// OpenTofu resolves the same source address on its own registry host.
	raw, err := json.Marshal(map[string]any{providerAddress: attach, tofuProviderAddress: attach})
	if err != nil {
		stop()
		c.t.Fatal(err)
	}
	return string(raw), stop
}

// withoutVars is env without the variables named.
func withoutVars(env []string, names ...string) []string {
	out := make([]string, 0, len(env))
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// ProviderCPU is the CPU time (user and system) the provider's processes
// used so far, over every process of it, and how many processes there
// were (WithProviderCPU).
func (c *CLI) ProviderCPU() (time.Duration, int) {
	c.t.Helper()
	if c.cpuFile == "" {
		c.t.Fatal("ProviderCPU needs WithProviderCPU")
	}
	raw, err := os.ReadFile(c.cpuFile)
	if os.IsNotExist(err) {
		return 0, 0
	}
	if err != nil {
		c.t.Fatal(err)
	}
	var total time.Duration
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	for i := 1; i < len(lines); i += 2 { // the children's lines
		for _, f := range strings.Fields(lines[i]) {
			d, err := time.ParseDuration(f) // bash writes 0m1.234s
			if err != nil {
				c.t.Fatalf("cannot read %q in %s", f, c.cpuFile)
			}
			total += d
		}
	}
	return total, len(lines) / 2
}

// CLIPath is the CLI under test: TF_ACC_TERRAFORM_PATH (as for
// terraform-plugin-testing, for example OpenTofu's tofu), else terraform.
func CLIPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

// ProviderSource is the provider's source address as the CLI under test
// resolves it: host-qualified when TF_ACC_PROVIDER_HOST names the host
// (registry.opentofu.org for OpenTofu).
func ProviderSource() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host + "/whatsapp-iac/whatsapp"
	}
	return "whatsapp-iac/whatsapp"
}

var (
	cliVersionOnce sync.Once
	cliVersion     string
)

// cliSupportsWriteOnly reports whether the CLI is 1.11 or later.
func cliSupportsWriteOnly(t testing.TB) bool {
	cliVersionOnce.Do(func() {
		out, err := exec.Command(CLIPath(), "version", "-json").Output()
		if err != nil {
			return
		}
		var v struct {
			Version         string `json:"terraform_version"`
			OpenTofuVersion string `json:"opentofu_version"`
		}
		_ = json.Unmarshal(out, &v)
		cliVersion = v.Version + v.OpenTofuVersion
	})
	var major, minor int
	if _, err := fmt.Sscanf(cliVersion, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("cannot read the version of %s (%q)", CLIPath(), cliVersion)
	}
	return major > 1 || (major == 1 && minor >= 11)
}

var (
	buildMu  sync.Mutex
	buildDir string
	buildBin string
)

// BuildProvider builds the provider binary once per test binary, from the
// module's root, and returns its path; Main removes it at the end.
func BuildProvider(t testing.TB) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildBin != "" {
		return buildBin
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	// One build for every test of the run, so not t.TempDir: Main removes it.
	if buildDir == "" {
		if buildDir, err = os.MkdirTemp("", "whatsapp-provider-build"); err != nil { //nolint:usetesting // shared across tests
			t.Fatal(err)
		}
	}
	bin := filepath.Join(buildDir, "terraform-provider-whatsapp")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	buildBin = bin
	return bin
}

func removeBuild() {
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
}
