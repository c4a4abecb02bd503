// Package acctest is the one test kit of the provider's tests (imported by
// _test.go files only; depguard):
//   - env.go: Env, one emulator per test on 127.0.0.1 seeded with the demo
//     account, the provider factories wired to it (Factories, NewProvider),
//     Main for each test package's TestMain;
//   - cli.go: CLI, the one terraform/tofu runner of every test (the
//     acceptance tests, the policy kit's tests, the scale benchmark): a
//     fresh provider served from the test process for every command
//     (Env.CLI), or a built binary through dev_overrides (NewCLI,
//     WithProviderBinary, BuildProvider), its CPU time (WithProviderCPU),
//     stdout and stderr apart (RunOutputs), an environment hook
//     (WithEnvHook);
//   - outputs.go: the machine-readable forms tests assert on instead of the
//     CLI's wording: saved plans (SavedPlan, ExpectChanges),
//     `plan -detailed-exitcode` (ExpectNoChanges), the -json stream
//     (RunJSON, ExpectApplied, the provider's diagnostics as Text);
//   - hooks.go: the webhook endpoint that answers Meta's verification, the
//     configurations of each resource type, the one secret-in-state check
//     (SecretAbsentFromState) and the one last-body helper (LastBody);
//   - world.go: the checks that state equals the emulator's world, per
//     resource type (InSync, SubscribedAs, NumberHookIs, ProfileIs,
//     ExpectRegistered).
package acctest
